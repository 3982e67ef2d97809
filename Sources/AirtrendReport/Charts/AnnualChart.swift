import AirtrendDomain

/// A bar per year with its PM2.5 annual mean, the baseline and target levels, the annual limit,
/// published figures and a fitted trend with its confidence band.
///
/// What a caller must know:
/// - A year is drawn in one of three ways: a complete year solid; a provisional year (incomplete
///   under the profile, but with data in all 12 months) hatched, its label starred; a year with data
///   in fewer than 12 months, which has no annual figure by the rules, hatched grey and unlabelled.
///   Each bar's tooltip says which, and why.
/// - Every bar carries `data-year`, `data-value` (the mean as the report prints it, one decimal),
///   `data-valid` (complete), `data-state` and `data-valid-days`.
/// - The trend is plain input (``TrendLine``); the chart does no statistics.
public struct AnnualChart: Sendable {
    /// One year's bar.
    public struct Year: Sendable, Equatable {
        public var year: Int
        public var mean: Double?
        public var validDays: Int
        public var expectedDays: Int
        public var validMonths: Int
        /// Months with any valid day; fewer than 12 means no annual figure.
        public var monthsWithData: Int?
        public var complete: Bool
        /// 100 × (mean − baseline) ÷ baseline, nil on the baseline.
        public var changePercent: Double?

        public init(year: Int, mean: Double?, validDays: Int, expectedDays: Int, validMonths: Int, monthsWithData: Int?,
                    complete: Bool, changePercent: Double?) {
            self.year = year
            self.mean = mean
            self.validDays = validDays
            self.expectedDays = expectedDays
            self.validMonths = validMonths
            self.monthsWithData = monthsWithData
            self.complete = complete
            self.changePercent = changePercent
        }

        /// How the bar is drawn.
        public var state: State {
            if complete { return .complete }
            if let months = monthsWithData, months < 12 { return .noAnnualFigure }
            return .provisional
        }
    }

    public enum State: String, Sendable {
        case complete, provisional
        case noAnnualFigure = "no-annual-figure"
    }

    public var scope: String
    /// A name people know the scope by (the station's name), when it has one.
    public var scopeName: String?
    public var profile: ValidityProfile
    public var years: [Year]
    public var baselineYear: Int
    /// The baseline figure (nil: none, so no baseline or target line).
    public var baselineMean: Double?
    /// The baseline is the configured published figure, not one computed from the store.
    public var baselinePublished: Bool
    /// The target as a change against the baseline, in % (−60 for "60 % below").
    public var targetPercent: Double?
    public var published: [PublishedFigure]
    public var trend: TrendLine?
    /// The test's verdict on the trend, or why there is no trend line (e.g. fewer than 3 complete years), for the description.
    public var trendNote: String?
    /// One sentence on how much data the figures rest on, for the description.
    public var coverage: String

    public init(scope: String, scopeName: String?, profile: ValidityProfile, years: [Year], baselineYear: Int, baselineMean: Double?,
                baselinePublished: Bool = false, targetPercent: Double? = nil, published: [PublishedFigure] = [], trend: TrendLine? = nil,
                trendNote: String? = nil, coverage: String) {
        self.scope = scope
        self.scopeName = scopeName
        self.profile = profile
        self.years = years
        self.baselineYear = baselineYear
        self.baselineMean = baselineMean
        self.baselinePublished = baselinePublished
        self.targetPercent = targetPercent
        self.published = published
        self.trend = trend
        self.trendNote = trendNote
        self.coverage = coverage
    }

    /// The target level in µg/m³, when a target is set.
    public var targetLevel: Double? { baselineMean.flatMap { base in targetPercent.map { base * (1 + $0 / 100) } } }

    /// `2013 baseline`, or `published 2013 baseline`.
    var baselineName: String { (baselinePublished ? "published " : "") + "\(baselineYear) baseline" }

    var title: String { "PM2.5 annual mean, \(scopeName ?? scope)" }

    var subtitle: String {
        let span = years.isEmpty ? "" : "\(years.first!.year)–\(years.last!.year)"
        let counts = [State.complete, .provisional, .noAnnualFigure].map { state in years.filter { $0.state == state }.count }
        return "\(scope) · profile \(profile.name) · \(span) · \(counts[0]) complete, \(counts[1]) provisional, "
            + "\(counts[2]) without an annual figure"
    }

    /// The description screen readers and the `<desc>` carry: what, where, which rules, how much data.
    var summary: String {
        func list(_ state: State) -> String {
            let chosen = years.filter { $0.state == state }.map { String($0.year) }
            return chosen.isEmpty ? "none" : chosen.joined(separator: ", ")
        }
        var text = "Bar chart of the PM2.5 annual mean in µg/m³ of \(scope)"
        if let scopeName { text += " (\(scopeName))" }
        if let first = years.first, let last = years.last { text += ", \(first.year)–\(last.year)" }
        text += ", under validity profile \(profile.name). \(coverage) Complete years (solid): \(list(.complete)); "
        text += "provisional years, incomplete under the profile (hatched): \(list(.provisional)); "
        text += "years with data in fewer than 12 months and so no annual figure (grey): \(list(.noAnnualFigure)). "
        if let baselineMean { text += "Solid line: the \(baselineName), \(Markup.concentration(baselineMean)) µg/m³." }
        else { text += "No baseline line: \(baselineYear) has no figure, measured or published." }
        if let targetPercent, let targetLevel {
            text += " Dashed line: the target \(Markup.signed(targetPercent, decimals: 0)) % against \(baselineYear), \(Markup.concentration(targetLevel)) µg/m³."
        }
        text += " Dotted line: the annual limit of \(profile.name), \(Markup.coordinate(profile.annualLimit)) µg/m³."
        if let trend {
            text += " Trend line: \(trend.label), fitted to the complete years \(Int(trend.from))–\(Int(trend.to)), with its band"
            text += trendNote.map { "; \($0)." } ?? "."
        } else if let trendNote { text += " No trend line: \(trendNote)" + (trendNote.hasSuffix(".") ? "" : ".") }
        if !published.isEmpty { text += " Diamonds: published figures (\(published.map { "\($0.year) \(Markup.concentration($0.value))" }.joined(separator: ", ")))." }
        return text
    }

    /// The standalone SVG.
    public func svg(idPrefix: String = "annual") -> String {
        var svg = SVGDocument(idPrefix: idPrefix, title: title, description: summary)
        let legend = legend(svg)
        let frame = ChartFrame(subtitle: subtitle, legendRows: legend.rowCount)
        frame.drawHeading(title: title, in: &svg)

        var highest = max(baselineMean ?? 0, profile.annualLimit, targetLevel ?? 0)
        highest = max(highest, years.compactMap(\.mean).max() ?? 0, published.map(\.value).max() ?? 0)
        if let trend { highest = max(highest, trend.value(at: trend.from), trend.value(at: trend.to)) }
        // Room above the tallest bar for its label.
        let axis = ValueAxis(upTo: highest * 1.08)
        frame.drawValueAxis(axis, unit: "µg/m³", in: &svg)
        let y = { (value: Double) in axis.y(value, top: frame.top, bottom: frame.bottom) }

        guard let firstYear = years.first?.year, let lastYear = years.last?.year else { return svg.render() }
        let count = lastYear - firstYear + 1
        let slot = (frame.right - frame.left) / Double(count)
        let x = { (year: Double) in frame.left + (year - Double(firstYear) + 0.5) * slot }
        defineHatching(in: &svg)

        svg.group([("class", "bars")])
        let showValues = years.allSatisfy { TextMetrics.width(Markup.concentration($0.mean ?? 0) + "*", size: 10.5) <= slot - 4 }
        for year in years {
            guard let mean = year.mean else { continue }
            let width = slot * 0.68
            let top = y(mean)
            let fill: String = switch year.state {
            case .complete: ChartPalette.blue
            case .provisional: "url(#\(svg.id("hatch")))"
            case .noAnnualFigure: "url(#\(svg.id("hatch-grey")))"
            }
            svg.element("rect", [
                ("class", "bar"), ("x", Markup.coordinate(x(Double(year.year)) - width / 2)), ("y", Markup.coordinate(top)),
                ("width", Markup.coordinate(width)), ("height", Markup.coordinate(frame.bottom - top)), ("fill", fill),
                ("stroke", year.state == .complete ? nil : year.state == .provisional ? ChartPalette.blue : ChartPalette.noFigure),
                ("data-year", String(year.year)), ("data-value", Markup.concentration(mean)),
                ("data-valid", year.complete ? "true" : "false"), ("data-state", year.state.rawValue),
                ("data-valid-days", String(year.validDays)),
            ], tooltip: tooltip(year, mean: mean))
            if showValues && year.state != .noAnnualFigure {
                svg.text(Markup.concentration(mean) + (year.complete ? "" : "*"), x: x(Double(year.year)), y: top - 4, size: 10.5,
                         anchor: "middle", fill: ChartPalette.ink,
                         // A white halo keeps the label readable where the baseline or target crosses it.
                         extra: [("class", "value-label"), ("stroke", "#FFFFFF"), ("stroke-width", "3"), ("paint-order", "stroke"),
                                 ("stroke-linejoin", "round")])
            }
        }
        svg.close()

        // Year labels: every k-th year so that neighbours never touch.
        let labelWidth = TextMetrics.width("2000", size: 10.5) + 6
        let step = max(1, Int((labelWidth / slot).rounded(.up)))
        svg.group([("class", "x-axis")])
        for year in stride(from: firstYear, through: lastYear, by: step) {
            svg.text(String(year), x: x(Double(year)), y: frame.bottom + 16, size: 10.5, anchor: "middle",
                     weight: year == baselineYear ? "bold" : nil, fill: "#444444")
        }
        svg.close()

        drawTrend(in: &svg, x: x, y: y, frame: frame)
        drawLevels(in: &svg, y: y, frame: frame)

        if !published.isEmpty {
            svg.group([("class", "published")])
            for figure in published where figure.year >= firstYear && figure.year <= lastYear {
                svg.element("path", [
                    ("class", "published-figure"), ("d", DiamondMarker.path(x: x(Double(figure.year)), y: y(figure.value), radius: 6)),
                    ("fill", ChartPalette.reddishPurple), ("stroke", ChartPalette.black),
                    ("data-year", String(figure.year)), ("data-value", Markup.concentration(figure.value)), ("data-source", figure.source),
                ], tooltip: "\(figure.year) published: \(Markup.concentration(figure.value)) µg/m³ (\(figure.source))")
            }
            svg.close()
        }
        legend.draw(in: &svg, top: frame.legendTop)
        return svg.render()
    }

    private func tooltip(_ year: Year, mean: Double) -> String {
        let change = year.changePercent.map { "; \(Markup.signed($0)) % against \(baselineYear)" } ?? (year.year == baselineYear ? "; the baseline" : "")
        switch year.state {
        case .complete:
            return "\(year.year): \(Markup.concentration(mean)) µg/m³, complete year (\(year.validDays) of \(year.expectedDays) days valid)\(change)"
        case .provisional:
            return "\(year.year): \(Markup.concentration(mean)) µg/m³, provisional: \(year.validDays) of \(year.expectedDays) days valid, "
                + "\(year.validMonths) of 12 months at their minimum; incomplete under \(profile.name) (\(profile.yearRuleDescription))\(change)"
        case .noAnnualFigure:
            return "\(year.year): no annual figure: data in \(year.monthsWithData ?? 0) of 12 months "
                + "(the mean of its \(year.validDays) valid days is \(Markup.concentration(mean)) µg/m³)"
        }
    }

    private func defineHatching(in svg: inout SVGDocument) {
        svg.define("""
            <pattern id="\(svg.id("hatch"))" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
            <rect width="6" height="6" fill="#D4E6F3"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(ChartPalette.blue)" stroke-width="3"/></pattern>
            """)
        svg.define("""
            <pattern id="\(svg.id("hatch-grey"))" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">\
            <rect width="6" height="6" fill="#F2F2F2"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(ChartPalette.noFigure)" stroke-width="1.5"/></pattern>
            """)
    }

    private func drawTrend(in svg: inout SVGDocument, x: (Double) -> Double, y: (Double) -> Double, frame: ChartFrame) {
        guard let trend else { return }
        svg.define("""
            <clipPath id="\(svg.id("plot"))"><rect x="\(Markup.coordinate(frame.left))" y="\(Markup.coordinate(frame.top))" \
            width="\(Markup.coordinate(frame.right - frame.left))" height="\(Markup.coordinate(frame.bottom - frame.top))"/></clipPath>
            """)
        svg.group([("class", "trend"), ("clip-path", "url(#\(svg.id("plot")))")])
        let xs = [trend.from, trend.pivot, trend.to]
        let edges = xs.compactMap { trend.band(at: $0) }
        if edges.count == xs.count {
            let upper = zip(xs, edges).map { "\(Markup.coordinate(x($0))),\(Markup.coordinate(y($1.upper)))" }
            let lower = zip(xs, edges).reversed().map { "\(Markup.coordinate(x($0))),\(Markup.coordinate(y($1.lower)))" }
            svg.element("polygon", [("class", "trend-band"), ("points", (upper + lower).joined(separator: " ")),
                                    ("fill", ChartPalette.orange), ("fill-opacity", "0.28")],
                        tooltip: "confidence band of the slope")
        }
        svg.line(x1: x(trend.from), y1: y(trend.value(at: trend.from)), x2: x(trend.to), y2: y(trend.value(at: trend.to)),
                 stroke: "#B07800", width: 2.5,
                 extra: [("class", "trend-line"), ("data-slope", trend.slope.formatted(decimals: 2)),
                         ("data-intercept", trend.intercept.formatted(decimals: 2))])
        svg.close()
    }

    private func drawLevels(in svg: inout SVGDocument, y: (Double) -> Double, frame: ChartFrame) {
        svg.group([("class", "levels")])
        svg.element("line", [("class", "annual-limit"), ("x1", Markup.coordinate(frame.left)), ("x2", Markup.coordinate(frame.right)),
                             ("y1", Markup.coordinate(y(profile.annualLimit))), ("y2", Markup.coordinate(y(profile.annualLimit))),
                             ("stroke", "#666666"), ("stroke-width", "1.5"), ("stroke-dasharray", "2 3"),
                             ("data-value", Markup.coordinate(profile.annualLimit))],
                    tooltip: "annual limit of \(profile.name): \(Markup.coordinate(profile.annualLimit)) µg/m³")
        if let baselineMean {
            svg.element("line", [("class", "baseline"), ("x1", Markup.coordinate(frame.left)), ("x2", Markup.coordinate(frame.right)),
                                 ("y1", Markup.coordinate(y(baselineMean))), ("y2", Markup.coordinate(y(baselineMean))),
                                 ("stroke", ChartPalette.black), ("stroke-width", "1.5"),
                                 ("data-year", String(baselineYear)), ("data-value", Markup.concentration(baselineMean)),
                                 ("data-source", baselinePublished ? "published" : "measured")],
                        tooltip: "\(baselineName): \(Markup.concentration(baselineMean)) µg/m³")
        }
        if let targetPercent, let targetLevel {
            svg.element("line", [("class", "target"), ("x1", Markup.coordinate(frame.left)), ("x2", Markup.coordinate(frame.right)),
                                 ("y1", Markup.coordinate(y(targetLevel))), ("y2", Markup.coordinate(y(targetLevel))),
                                 ("stroke", ChartPalette.vermillion), ("stroke-width", "2"), ("stroke-dasharray", "7 4"),
                                 ("data-target-percent", Markup.coordinate(targetPercent)), ("data-value", Markup.concentration(targetLevel))],
                        tooltip: "target: \(Markup.signed(targetPercent, decimals: 0)) % against \(baselineYear), \(Markup.concentration(targetLevel)) µg/m³")
        }
        svg.close()
    }

    private func legend(_ svg: SVGDocument) -> ChartLegend {
        var legend = ChartLegend()
        let states = Set(years.map(\.state))
        if states.contains(.complete) { legend.add(.swatch(fill: ChartPalette.blue, stroke: nil), "complete year") }
        if states.contains(.provisional) { legend.add(.swatch(fill: "url(#\(svg.id("hatch")))", stroke: ChartPalette.blue), "provisional*") }
        if states.contains(.noAnnualFigure) {
            legend.add(.swatch(fill: "url(#\(svg.id("hatch-grey")))", stroke: ChartPalette.noFigure), "no annual figure (< 12 months)")
        }
        if let baselineMean { legend.add(.line(stroke: ChartPalette.black, width: 1.5, dash: nil), "\(baselineName) \(Markup.concentration(baselineMean))") }
        if let targetPercent, let targetLevel {
            legend.add(.line(stroke: ChartPalette.vermillion, width: 2, dash: "7 4"),
                       "target \(Markup.signed(targetPercent, decimals: 0)) %: \(Markup.concentration(targetLevel))")
        }
        legend.add(.line(stroke: "#666666", width: 1.5, dash: "2 3"), "annual limit \(Markup.coordinate(profile.annualLimit))")
        if let trend { legend.add(.band(fill: ChartPalette.orange, stroke: "#B07800"), trend.label) }
        if !published.isEmpty { legend.add(.diamond(fill: ChartPalette.reddishPurple, stroke: ChartPalette.black), "published figure") }
        return legend
    }
}
