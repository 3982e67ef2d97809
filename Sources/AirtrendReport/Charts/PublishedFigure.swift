/// An official annual figure to set beside the measured one (a bulletin's city mean, say).
///
/// The annual chart marks each with a diamond and its source in the tooltip, so a reader sees at
/// once how a station's mean compares with what was published.
public struct PublishedFigure: Sendable, Equatable {
    public var year: Int
    /// µg/m³.
    public var value: Double
    /// Who published it, e.g. `Beijing Municipal Ecology and Environment Bureau, 2013 bulletin`.
    public var source: String

    public init(year: Int, value: Double, source: String) {
        self.year = year
        self.value = value
        self.source = source
    }
}
