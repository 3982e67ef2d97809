/// The diamond that marks a published figure.
enum DiamondMarker {
    static func path(x: Double, y: Double, radius r: Double) -> String {
        "M\(Markup.coordinate(x)) \(Markup.coordinate(y - r))L\(Markup.coordinate(x + r)) \(Markup.coordinate(y))"
            + "L\(Markup.coordinate(x)) \(Markup.coordinate(y + r))L\(Markup.coordinate(x - r)) \(Markup.coordinate(y))Z"
    }
}
