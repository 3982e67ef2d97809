import AirtrendDomain

/// A station's 24-hour running mean and EPA NowCast, hour by hour over a date range, drawn over
/// the AQI category bands.
///
/// What a caller must know:
/// - Times are UTC hours, labelled as `airtrend query rolling` labels them (the last hour of the
///   trailing window), so the marks can be matched one to one with that query.
/// - A 24-hour mean with fewer than 18 hours is drawn as a hollow dot off the line; a NowCast that
///   is not valid has no value and leaves a gap.
/// - Every dot carries `data-series` (`24h` or `nowcast`), `data-hour`, `data-value`, `data-valid`
///   and, when valid, `data-category` on the chosen scale.
public struct RollingChart: Sendable {
    public struct Point: Sendable, Equatable {
        public var hour: UTCHour
        public var value: Double?
        public var valid: Bool
        public var coverage: Double

        public init(hour: UTCHour, value: Double?, valid: Bool, coverage: Double) {
            self.hour = hour
            self.value = value
            self.valid = valid
            self.coverage = coverage
        }
    }

    /// The longest range drawn: beyond a month, hourly dots run into each other at 800 px.
    public static let maximumDays = 31
    static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public var scope: String
    public var scopeName: String?
    public var profile: ValidityProfile
    /// First and last UTC day shown.
    public var from: CivilDate
    public var to: CivilDate
    public var mean24: [Point]
    public var nowcast: [Point]
    public var scale: CategoryScale
    public var coverage: String

    public init(scope: String, scopeName: String?, profile: ValidityProfile, from: CivilDate, to: CivilDate, mean24: [Point],
                nowcast: [Point], scale: CategoryScale = .hj633, coverage: String) {
        self.scope = scope
        self.scopeName = scopeName
        self.profile = profile
        self.from = from
        self.to = to
        self.mean24 = mean24
        self.nowcast = nowcast
        self.scale = scale
        self.coverage = coverage
    }

    var title: String { "PM2.5 24-hour mean and NowCast, \(scopeName ?? scope)" }

    var subtitle: String { "\(scope) · \(from) to \(to), UTC · bands: \(scale.title)" }

    var summary: String {
        var text = "Line chart of the PM2.5 24-hour running mean and the US EPA NowCast in µg/m³ of \(scope)"
        if let scopeName { text += " (\(scopeName))" }
        text += ", hourly from \(from) to \(to) (UTC hours, each labelled by the last hour of its window), over coloured bands "
        text += "for the \(scale.title)s. \(coverage) The 24-hour mean is valid with at least 18 of its 24 hours; "
        text += "hollow dots are means with fewer. The NowCast needs 2 of its 3 newest hours; gaps are hours without one. "
        text += "Daily validity (profile \(profile.name)) is not applied to running means."
        return text
    }

    public func svg(idPrefix: String = "rolling") -> String {
        var svg = SVGDocument(idPrefix: idPrefix, title: title, description: summary)
        var legend = ChartLegend()
        legend.add(.line(stroke: ChartPalette.blue, width: 2.2, dash: nil), "24-hour mean (valid: ≥ 18 of 24 hours)")
        if mean24.contains(where: { !$0.valid && $0.value != nil }) {
            legend.add(.circle(fill: "#FFFFFF", stroke: ChartPalette.blue), "24-hour mean, < 18 hours")
        }
        legend.add(.line(stroke: ChartPalette.vermillion, width: 1.6, dash: nil), "NowCast (US EPA)")
        let frame = ChartFrame(subtitle: subtitle, legendRows: legend.rowCount)
        frame.drawHeading(title: title, in: &svg)

        let highest = (mean24 + nowcast).compactMap(\.value).max() ?? 1
        let axis = ValueAxis(upTo: highest * 1.03)
        drawBands(axis: axis, frame: frame, in: &svg)
        frame.drawValueAxis(axis, unit: "µg/m³", in: &svg)
        let y = { (value: Double) in axis.y(value, top: frame.top, bottom: frame.bottom) }
        let firstHour = from.dayNumber * 24, hours = (to.dayNumber - from.dayNumber + 1) * 24
        let hourWidth = (frame.right - frame.left) / Double(hours)
        let x = { (hour: UTCHour) in frame.left + (Double(hour.value - firstHour) + 0.5) * hourWidth }

        let days = to.dayNumber - from.dayNumber + 1
        let dayWidth = hourWidth * 24
        let step = max(1, Int(((TextMetrics.width("Sep 30", size: 10.5) + 8) / dayWidth).rounded(.up)))
        svg.group([("class", "x-axis")])
        for index in 0..<days {
            let left = frame.left + Double(index) * dayWidth
            if index > 0 { svg.line(x1: left, y1: frame.top, x2: left, y2: frame.bottom, stroke: "#FFFFFF", width: 1, extra: [("stroke-opacity", "0.7")]) }
            guard index % step == 0 else { continue }
            let date = CivilDate(dayNumber: from.dayNumber + index)
            svg.text("\(Self.shortMonths[date.month - 1]) \(date.day)", x: left + dayWidth / 2,
                     y: frame.bottom + 16, size: 10.5, anchor: "middle", fill: "#444444")
        }
        svg.close()

        drawSeries(mean24, name: "24h", label: "24-hour mean", color: ChartPalette.blue, width: 2.2, x: x, y: y, in: &svg)
        drawSeries(nowcast, name: "nowcast", label: "NowCast", color: ChartPalette.vermillion, width: 1.6, x: x, y: y, in: &svg)
        legend.draw(in: &svg, top: frame.legendTop)
        return svg.render()
    }

    private func drawBands(axis: ValueAxis, frame: ChartFrame, in svg: inout SVGDocument) {
        let edges = [0] + scale.upperConcentrations + [Double.infinity]
        svg.group([("class", "bands")])
        for (index, category) in scale.aqi.categories.enumerated() where edges[index] < axis.maximum {
            let top = axis.y(min(edges[index + 1], axis.maximum), top: frame.top, bottom: frame.bottom)
            let bottom = axis.y(edges[index], top: frame.top, bottom: frame.bottom)
            svg.element("rect", [("class", "band"), ("x", Markup.coordinate(frame.left)), ("y", Markup.coordinate(top)),
                                 ("width", Markup.coordinate(frame.right - frame.left)), ("height", Markup.coordinate(bottom - top)),
                                 ("fill", scale.colors[index]), ("fill-opacity", "0.22"), ("data-category", category.name)],
                         tooltip: "\(category.name) (\(scale.nativeNames[index])): \(scale.rangeLabels[index]) µg/m³")
            if bottom - top >= 13 {
                svg.text(category.name, x: frame.right - 4, y: top + 11, size: 9.5, anchor: "end", fill: "#444444")
            }
        }
        svg.close()
    }

    private func drawSeries(_ points: [Point], name: String, label: String, color: String, width: Double,
                            x: (UTCHour) -> Double, y: (Double) -> Double, in svg: inout SVGDocument) {
        var path = ""
        var previous: Int?
        for point in points where point.valid {
            guard let value = point.value else { continue }
            path += (previous == point.hour.value - 1 ? "L" : "M") + "\(Markup.coordinate(x(point.hour))) \(Markup.coordinate(y(value)))"
            previous = point.hour.value
        }
        svg.element("path", [("class", "series"), ("data-series", name), ("d", path), ("fill", "none"), ("stroke", color),
                             ("stroke-width", Markup.coordinate(width)), ("stroke-linejoin", "round")])
        svg.group([("class", "points"), ("data-series", name)])
        for point in points {
            guard let value = point.value else { continue }
            let category = point.valid ? scale.category(of: value) : nil
            var tooltip = "\(point.hour): \(label) \(Markup.concentration(value)) µg/m³"
            tooltip += name == "24h" ? ", \(Int((point.coverage * 24).rounded())) of 24 hours" : ""
            tooltip += category.map { ", \($0.name) (\(scale.nativeNames[$0.position]))" } ?? (point.valid ? "" : ", not valid")
            svg.element("circle", [
                ("class", "point"), ("cx", Markup.coordinate(x(point.hour))), ("cy", Markup.coordinate(y(value))),
                ("r", point.valid ? "1.6" : "2"), ("fill", point.valid ? color : "#FFFFFF"), ("stroke", color),
                ("stroke-width", point.valid ? "0" : "1"),
                ("data-series", name), ("data-hour", "\(point.hour)"), ("data-value", Markup.concentration(value)),
                ("data-valid", point.valid ? "true" : "false"), ("data-category", category?.name),
            ], tooltip: tooltip)
        }
        svg.close()
    }
}
