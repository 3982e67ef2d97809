/// The layout every chart shares at 800 × 450: a title, a subtitle (scope, profile, coverage), a
/// plot area with a zero-based value axis, and up to three legend rows at the bottom.
///
/// Positions are fixed rather than measured by a browser, so the frame checks widths with
/// ``TextMetrics`` and wraps the subtitle instead of letting it run off the picture.
struct ChartFrame {
    static let margin = 16.0
    static let titleSize = 15.0
    static let textSize = 11.0
    static let legendRowHeight = 17.0

    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    /// The subtitle, split into lines that fit the width.
    let subtitleLines: [String]

    /// A frame whose plot leaves `legendRows` rows below the x-axis labels.
    init(subtitle: String, legendRows: Int, left: Double = 58, right: Double = SVGDocument.width - 16) {
        subtitleLines = Self.wrap(subtitle, width: SVGDocument.width - 2 * Self.margin, size: Self.textSize)
        self.left = left
        self.right = right
        top = 40 + Double(subtitleLines.count) * 14 + 12
        bottom = SVGDocument.height - 8 - Double(legendRows) * Self.legendRowHeight - 26
    }

    /// The baseline of the first legend row.
    var legendTop: Double { bottom + 26 + 12 }

    /// Draws the title and subtitle.
    func drawHeading(title: String, in svg: inout SVGDocument) {
        svg.text(title, x: Self.margin, y: 22, size: Self.titleSize, weight: "bold", fill: "#111111")
        for (index, line) in subtitleLines.enumerated() {
            svg.text(line, x: Self.margin, y: 40 + Double(index) * 14, size: Self.textSize, fill: "#555555")
        }
    }

    /// Draws horizontal grid lines with their labels and the unit above the axis.
    func drawValueAxis(_ axis: ValueAxis, unit: String, in svg: inout SVGDocument) {
        svg.group([("class", "y-axis")])
        for tick in axis.ticks {
            let y = axis.y(tick, top: top, bottom: bottom)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: tick == 0 ? "#888888" : ChartPalette.grid, width: 1)
            svg.text(axis.label(tick), x: left - 6, y: y + 4, size: 10.5, anchor: "end", fill: "#555555")
        }
        svg.text(unit, x: left - 6, y: top - 8, size: 10.5, anchor: "end", fill: "#555555")
        svg.close()
    }

    /// Greedy word wrap by estimated width; at most two lines, the second cut with an ellipsis.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TextMetrics.width(candidate, size: size) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > 2 else { return lines }
        var second = lines[1...].joined(separator: " ")
        while TextMetrics.width(second + " …", size: size) > width, let space = second.lastIndex(of: " ") {
            second = String(second[..<space])
        }
        return [lines[0], second + " …"]
    }
}
