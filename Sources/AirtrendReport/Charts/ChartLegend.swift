/// The legend under a chart: a row of keys (a swatch, a line or a marker, then a label) that
/// wraps onto the next row when the width runs out.
struct ChartLegend {
    enum Key {
        /// A filled square; `fill` may be a `url(#…)` pattern.
        case swatch(fill: String, stroke: String?)
        /// A short line, dashed when `dash` is set.
        case line(stroke: String, width: Double, dash: String?)
        /// A translucent band with its centre line.
        case band(fill: String, stroke: String)
        case circle(fill: String, stroke: String)
        case diamond(fill: String, stroke: String)
    }

    var items: [(key: Key, label: String)] = []

    mutating func add(_ key: Key, _ label: String) { items.append((key, label)) }

    static let keyWidth = 18.0
    static let gap = 18.0

    /// The rows the items take within `width`.
    func rows(width: Double) -> [[(key: Key, label: String)]] {
        var rows: [[(key: Key, label: String)]] = [[]]
        var used = 0.0
        for item in items {
            let itemWidth = Self.keyWidth + 5 + TextMetrics.width(item.label, size: ChartFrame.textSize)
            if used > 0 && used + itemWidth > width {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(item)
            used += itemWidth + Self.gap
        }
        return rows.filter { !$0.isEmpty }
    }

    /// How many rows the legend needs in a chart of the standard width.
    var rowCount: Int { rows(width: SVGDocument.width - 2 * ChartFrame.margin).count }

    func draw(in svg: inout SVGDocument, top: Double) {
        svg.group([("class", "legend")])
        for (rowIndex, row) in rows(width: SVGDocument.width - 2 * ChartFrame.margin).enumerated() {
            let baseline = top + Double(rowIndex) * ChartFrame.legendRowHeight
            var x = ChartFrame.margin
            for item in row {
                let middle = baseline - 4
                switch item.key {
                case .swatch(let fill, let stroke):
                    svg.element("rect", [("x", Markup.coordinate(x + 3)), ("y", Markup.coordinate(middle - 6)), ("width", "12"),
                                         ("height", "12"), ("fill", fill), ("stroke", stroke)])
                case .line(let stroke, let width, let dash):
                    svg.line(x1: x, y1: middle, x2: x + Self.keyWidth, y2: middle, stroke: stroke, width: width, dash: dash)
                case .band(let fill, let stroke):
                    svg.element("rect", [("x", Markup.coordinate(x)), ("y", Markup.coordinate(middle - 5)), ("width", "18"),
                                         ("height", "10"), ("fill", fill), ("fill-opacity", "0.3")])
                    svg.line(x1: x, y1: middle, x2: x + Self.keyWidth, y2: middle, stroke: stroke, width: 2)
                case .circle(let fill, let stroke):
                    svg.element("circle", [("cx", Markup.coordinate(x + 9)), ("cy", Markup.coordinate(middle)), ("r", "4"),
                                           ("fill", fill), ("stroke", stroke), ("stroke-width", "1.5")])
                case .diamond(let fill, let stroke):
                    svg.element("path", [("d", DiamondMarker.path(x: x + 9, y: middle, radius: 5.5)), ("fill", fill), ("stroke", stroke)])
                }
                svg.text(item.label, x: x + Self.keyWidth + 5, y: baseline, size: ChartFrame.textSize)
                x += Self.keyWidth + 5 + TextMetrics.width(item.label, size: ChartFrame.textSize) + Self.gap
            }
        }
        svg.close()
    }
}

