import AirtrendDomain

/// Monthly PM2.5 means as a line, broken wherever a month is not valid, with the seasonal Sen trend.
///
/// What a caller must know:
/// - A valid month (enough valid days under the profile) is a filled dot joined to its valid
///   neighbours; a month that is not valid is a hollow grey dot, never joined, so a gap in the line
///   is a gap in the valid record. Months without any valid day have no mark at all.
/// - Every dot carries `data-year`, `data-month` (1–12), `data-value` (one decimal, blank without a
///   mean), `data-valid` and `data-valid-days`.
/// - The trend is plain input, x in fractional years (the middle of a month m of year Y is Y + (m − 0.5)/12).
public struct MonthlyChart: Sendable {
    public struct Month: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var mean: Double?
        public var validDays: Int
        public var expectedDays: Int
        public var requiredDays: Int
        public var valid: Bool

        public init(year: Int, month: Int, mean: Double?, validDays: Int, expectedDays: Int, requiredDays: Int, valid: Bool) {
            self.year = year
            self.month = month
            self.mean = mean
            self.validDays = validDays
            self.expectedDays = expectedDays
            self.requiredDays = requiredDays
            self.valid = valid
        }

        /// The month's middle in fractional years, the x a trend line uses.
        public var time: Double { Double(year) + (Double(month) - 0.5) / 12 }
    }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                    "October", "November", "December"]

    public var scope: String
    public var scopeName: String?
    public var profile: ValidityProfile
    /// Oldest first.
    public var months: [Month]
    public var trend: TrendLine?
    public var trendNote: String?
    public var coverage: String

    public init(scope: String, scopeName: String?, profile: ValidityProfile, months: [Month], trend: TrendLine? = nil,
                trendNote: String? = nil, coverage: String) {
        self.scope = scope
        self.scopeName = scopeName
        self.profile = profile
        self.months = months.sorted { ($0.year, $0.month) < ($1.year, $1.month) }
        self.trend = trend
        self.trendNote = trendNote
        self.coverage = coverage
    }

    var title: String { "PM2.5 monthly mean, \(scopeName ?? scope)" }

    var subtitle: String {
        let valid = months.filter(\.valid).count
        let span = months.isEmpty ? "" : "\(months.first!.year)–\(months.last!.year)"
        return "\(scope) · profile \(profile.name) · \(span) · \(valid) valid months of \(months.count) with data"
    }

    var summary: String {
        var text = "Line chart of the PM2.5 monthly mean in µg/m³ of \(scope)"
        if let scopeName { text += " (\(scopeName))" }
        if let first = months.first, let last = months.last {
            text += ", \(Self.monthNames[first.month - 1]) \(first.year) to \(Self.monthNames[last.month - 1]) \(last.year)"
        }
        text += ", under validity profile \(profile.name). \(coverage) Filled dots joined by the line are valid months; "
        text += "hollow grey dots are months that are not valid (fewer valid days than the profile requires), left out of the line."
        if let trend { text += " Trend line: \(trend.label)" + (trendNote.map { "; \($0)." } ?? ".") }
        else if let trendNote { text += " No trend line: \(trendNote)" + (trendNote.hasSuffix(".") ? "" : ".") }
        return text
    }

    public func svg(idPrefix: String = "monthly") -> String {
        var svg = SVGDocument(idPrefix: idPrefix, title: title, description: summary)
        var legend = ChartLegend()
        legend.add(.circle(fill: ChartPalette.blue, stroke: ChartPalette.blue), "valid month")
        if months.contains(where: { !$0.valid && $0.mean != nil }) {
            legend.add(.circle(fill: "#FFFFFF", stroke: ChartPalette.noFigure), "not valid (too few valid days)")
        }
        if let trend { legend.add(.line(stroke: "#B07800", width: 2.5, dash: nil), trend.label) }
        let frame = ChartFrame(subtitle: subtitle, legendRows: legend.rowCount)
        frame.drawHeading(title: title, in: &svg)
        guard let firstYear = months.first?.year, let lastYear = months.last?.year else { return svg.render() }

        var highest = months.compactMap(\.mean).max() ?? 1
        if let trend { highest = max(highest, trend.value(at: trend.from), trend.value(at: trend.to)) }
        let axis = ValueAxis(upTo: highest * 1.02)
        frame.drawValueAxis(axis, unit: "µg/m³", in: &svg)
        let y = { (value: Double) in axis.y(value, top: frame.top, bottom: frame.bottom) }
        let yearWidth = (frame.right - frame.left) / Double(lastYear - firstYear + 1)
        let x = { (time: Double) in frame.left + (time - Double(firstYear)) * yearWidth }

        // Years: a faint line at each 1 January, the label in the middle of its year.
        let step = max(1, Int(((TextMetrics.width("2000", size: 10.5) + 6) / yearWidth).rounded(.up)))
        svg.group([("class", "x-axis")])
        for year in firstYear...lastYear {
            if year > firstYear {
                svg.line(x1: x(Double(year)), y1: frame.top, x2: x(Double(year)), y2: frame.bottom, stroke: ChartPalette.grid)
            }
            if (year - firstYear) % step == 0 {
                svg.text(String(year), x: x(Double(year) + 0.5), y: frame.bottom + 16, size: 10.5, anchor: "middle", fill: "#444444")
            }
        }
        svg.close()

        // The line joins valid months that follow each other; anything else breaks it.
        var path = ""
        var previous: Month?
        for month in months where month.valid {
            guard let mean = month.mean else { continue }
            let joined = previous.map { ($0.year * 12 + $0.month) + 1 == month.year * 12 + month.month } ?? false
            path += (joined ? "L" : "M") + "\(Markup.coordinate(x(month.time))) \(Markup.coordinate(y(mean)))"
            previous = month
        }
        svg.element("path", [("class", "series"), ("d", path), ("fill", "none"), ("stroke", ChartPalette.blue), ("stroke-width", "1.6"),
                             ("stroke-linejoin", "round")])

        if let trend {
            svg.line(x1: x(trend.from), y1: y(trend.value(at: trend.from)), x2: x(trend.to), y2: y(trend.value(at: trend.to)),
                     stroke: "#B07800", width: 2.5,
                     extra: [("class", "trend-line"), ("data-slope", trend.slope.formatted(decimals: 2)),
                             ("data-intercept", trend.intercept.formatted(decimals: 2))])
        }

        svg.group([("class", "months")])
        for month in months {
            guard let mean = month.mean else { continue }
            let name = "\(Self.monthNames[month.month - 1]) \(month.year)"
            let tooltip = month.valid
                ? "\(name): \(Markup.concentration(mean)) µg/m³, \(month.validDays) of \(month.expectedDays) days valid"
                : "\(name): not valid, \(month.validDays) of \(month.expectedDays) days valid (needs \(month.requiredDays)); "
                    + "mean of those days \(Markup.concentration(mean)) µg/m³"
            svg.element("circle", [
                ("class", "month"), ("cx", Markup.coordinate(x(month.time))), ("cy", Markup.coordinate(y(mean))), ("r", "2.8"),
                ("fill", month.valid ? ChartPalette.blue : "#FFFFFF"), ("stroke", month.valid ? ChartPalette.blue : ChartPalette.noFigure),
                ("stroke-width", "1.3"),
                ("data-year", String(month.year)), ("data-month", String(month.month)), ("data-value", Markup.concentration(mean)),
                ("data-valid", month.valid ? "true" : "false"), ("data-valid-days", String(month.validDays)),
            ], tooltip: tooltip)
        }
        svg.close()
        legend.draw(in: &svg, top: frame.legendTop)
        return svg.render()
    }
}
