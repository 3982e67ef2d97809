import AirtrendDomain
import AirtrendStore
import Foundation

/// One self-contained HTML page on a scope: the reduction table, the trend, the annual, monthly
/// and calendar charts inline, the data behind each chart, and the method in plain words.
///
/// What a caller must know:
/// - The page loads nothing: CSS and SVG are inline, the data behind each chart is a table on the
///   page and a `data:` CSV link, and there is no script. It opens from disk with no network.
/// - It is well-formed XML as well as HTML (every element closed, only XML entities), so it can be
///   checked with an XML parser; tables carry `data-*` attributes matching the CSV columns.
/// - It reads on a phone (viewport meta, fluid charts, tables that scroll sideways) and prints on A4
///   (print CSS: page size, no links, sections kept whole where they fit).
/// - The generation time is given, never read from the clock here.
public struct HTMLReport: Sendable {
    public var scope: ReportScope
    public var scopeName: String?
    public var report: ReductionReport
    /// Nil when no year has an annual figure (a region with member cities missing): the page says why.
    public var annual: AnnualChart?
    public var monthly: MonthlyChart?
    public var calendar: CalendarChart?
    /// The annual and monthly trends (as `airtrend trend` computes them), those that could be computed.
    public var trends: [TrendReport]
    /// Why a trend could not be computed, by series.
    public var trendProblems: [TrendReport.Series: String]
    /// The calendar year's days as `airtrend query daily` lists them (for the CSV link).
    public var calendarDays: [SeriesPoint]
    /// Why a chart is missing, by section id (`monthly`, `calendar`).
    public var missing: [String: String]
    public var stations: [Station]
    /// Region only: its member cities.
    public var regionCities: [String]
    public var sources: [ImportSource]
    /// ISO 8601 UTC time the page was made.
    public var generatedAt: String
    /// `airtrend 0.1.0`.
    public var generator: String

    public init(scope: ReportScope, scopeName: String?, report: ReductionReport, annual: AnnualChart?, monthly: MonthlyChart?,
                calendar: CalendarChart?, trends: [TrendReport], trendProblems: [TrendReport.Series: String],
                calendarDays: [SeriesPoint], missing: [String: String], stations: [Station],
                regionCities: [String], sources: [ImportSource], generatedAt: String, generator: String) {
        self.scope = scope
        self.scopeName = scopeName
        self.report = report
        self.annual = annual
        self.monthly = monthly
        self.calendar = calendar
        self.trends = trends
        self.trendProblems = trendProblems
        self.calendarDays = calendarDays
        self.missing = missing
        self.stations = stations
        self.regionCities = regionCities
        self.sources = sources
        self.generatedAt = generatedAt
        self.generator = generator
    }

    var displayName: String { scopeName ?? report.scope }
    var profile: ValidityProfile { report.profile }

    /// The page.
    public func render() -> String {
        var html = HTMLWriter()
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        html.raw("<meta name=\"generator\" content=\"\(Markup.escape(generator))\"/>\n")
        html.element("title", "PM2.5 report: \(displayName) (\(report.scope))")
        html.raw("\n<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n<main>\n")
        header(&html)
        summary(&html)
        contents(&html)
        reductionTable(&html)
        trend(&html)
        annualChart(&html)
        monthlySection(&html)
        calendarSection(&html)
        method(&html)
        html.raw("<footer><p>Made by \(Markup.escape(generator)) on \(Markup.escape(generatedAt)) from the store's hourly values; ")
        html.raw("every figure can be traced to its file and line with <code>airtrend query</code> and <code>airtrend quarantine</code>.</p></footer>\n")
        html.raw("</main>\n</body>\n</html>\n")
        return html.output
    }

    // MARK: - Sections

    private func header(_ html: inout HTMLWriter) {
        html.raw("<header>\n")
        html.element("h1", "PM2.5 in \(displayName)")
        html.raw("<p class=\"lede\">")
        html.text("\(report.scope) · validity profile \(profile.name) · change against \(ReportRenderer.baselineName(report)) · generated \(generatedAt)")
        html.raw("</p>\n</header>\n")
    }

    /// The latest complete year at a glance (or the latest year with a mean, marked provisional).
    private func summary(_ html: inout HTMLWriter) {
        let latest = report.rows.last { $0.statistics.complete && $0.statistics.mean != nil }
            ?? report.rows.last { $0.statistics.mean != nil && !(($0.monthsWithData ?? 12) < 12) }
        guard let row = latest, let mean = row.statistics.mean else { return }
        let mark = row.statistics.complete ? "" : "*"
        html.raw("<section id=\"summary\" class=\"cards\" aria-label=\"key figures\">\n")
        card(&html, label: "Annual mean \(row.year)\(row.statistics.complete ? "" : " (provisional)")",
             value: Markup.concentration(mean) + mark, unit: "µg/m³", id: "latest-mean", year: row.year)
        if let percent = row.changePercent {
            card(&html, label: "Change against \(report.baseline.kind == .published ? "the published " : "")\(report.baselineYear)",
                 value: Markup.signed(percent) + (report.changeProvisional(row) ? "*" : ""), unit: "%",
                 id: "latest-change", year: row.year)
        }
        if let good = row.hj633Days?.percent(atMost: ReportRenderer.goodIndex) {
            card(&html, label: "Good days \(row.year) (HJ 633 AQI ≤ 100)", value: good.formatted(decimals: 1), unit: "%",
                 id: "latest-good-days", year: row.year)
        }
        if report.kind != .region {
            card(&html, label: "Days above \(Markup.coordinate(profile.dailyLimit)) µg/m³ in \(row.year)",
                 value: String(row.statistics.daysOverLimit), unit: "days", id: "latest-days-over", year: row.year)
        }
        html.raw("</section>\n")
    }

    private func card(_ html: inout HTMLWriter, label: String, value: String, unit: String, id: String, year: Int) {
        html.raw("<div class=\"card\" id=\"\(id)\" data-year=\"\(year)\"><div class=\"label\">\(Markup.escape(label))</div>")
        html.raw("<div><span class=\"value\">\(Markup.escape(value))</span> <span class=\"unit\">\(Markup.escape(unit))</span></div></div>\n")
    }

    private func contents(_ html: inout HTMLWriter) {
        html.raw("<nav aria-label=\"contents\"><ul>")
        for (id, title) in [("reduction", "Annual figures"), ("trend", "Trend"), ("annual", "Annual chart"), ("monthly", "Monthly means"),
                            ("calendar", "Calendar"), ("method", "Method")] {
            html.raw("<li><a href=\"#\(id)\">\(title)</a></li>")
        }
        html.raw("</ul></nav>\n")
    }

    private func reductionTable(_ html: inout HTMLWriter) {
        html.raw("<section id=\"reduction\">\n")
        html.element("h2", "Annual means and change against \(ReportRenderer.baselineName(report))")
        let limit = Markup.coordinate(profile.dailyLimit)
        var columns: [(String, String)] = [("year", "Year"), ("annual_mean", "Mean µg/m³"), ("valid_days", "Valid days"),
                                           ("complete", "Complete")]
        if report.kind != .region {
            columns += [("p95_daily", "p95 daily"), ("days_over_75", "Days > \(limit)"), ("good_days_pct", "Good days %")]
        } else {
            columns += [("members", "Cities")]
        }
        columns += [("change", "Change"), ("change_pct", "Change %")]
        if report.kind == .city { columns += [("members", "Stations"), ("mean_coverage", "Coverage %")] }
        if report.rows.contains(where: { $0.published != nil }) { columns.append(("published", "Published µg/m³")) }
        html.raw("<div class=\"scroll\"><table class=\"reduction\">\n<thead><tr>")
        for (key, title) in columns { html.raw("<th scope=\"col\" data-column=\"\(key)\">\(Markup.escape(title))</th>") }
        html.raw("</tr></thead>\n<tbody>\n")
        for row in report.rows {
            let s = row.statistics
            let noFigure = ReportRenderer.noFigure(row, in: report)
            let mark = s.complete ? "" : "*"
            let changeMark = report.changeProvisional(row) ? "*" : ""
            let classes = [s.complete ? nil : "provisional", row.year == report.baselineYear ? "baseline" : nil].compactMap { $0 }
            html.raw("<tr data-year=\"\(row.year)\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>")
            for (key, _) in columns {
                let cell: String
                switch key {
                case "year": cell = String(row.year) + (row.year == report.baselineYear ? " (base)" : "")
                // The table's long "no annual figure: …" would make the column too wide for a phone.
                case "annual_mean":
                    cell = row.regionNoFigure != nil ? "none (\(row.regionNoFigure!.replacingOccurrences(of: "no regional figure: ", with: "")))"
                        : noFigure != nil ? "none (\(row.monthsWithData ?? 0) of 12 months)" : s.mean.map { Markup.concentration($0) + mark } ?? "–"
                case "valid_days": cell = "\(s.validDays)/\(s.expectedDays)"
                case "complete": cell = s.complete ? "yes" : "no"
                case "p95_daily": cell = s.percentile.map(Markup.concentration) ?? "–"
                case "days_over_75": cell = String(s.daysOverLimit)
                case "good_days_pct": cell = row.hj633Days?.percent(atMost: ReportRenderer.goodIndex).map { $0.formatted(decimals: 1) } ?? "–"
                case "change": cell = row.change.map { Markup.signed($0) + changeMark } ?? ""
                case "change_pct": cell = row.changePercent.map { Markup.signed($0) + changeMark } ?? ""
                case "members": cell = String(row.members?.used.count ?? 0) + (row.stationSetChanges.isEmpty ? "" : "†")
                case "mean_coverage": cell = row.meanCoverage.map { ($0 * 100).formatted(decimals: 1) + (ReportRenderer.lowCoverage(row, in: report) == true ? "!" : "") } ?? "–"
                case "published": cell = row.published.map { Markup.concentration($0.value) } ?? ""
                default: cell = ""
                }
                let (open, close) = key == "year" ? ("th scope=\"row\"", "th") : ("td", "td")
                html.raw("<\(open) data-column=\"\(key)\">\(Markup.escape(cell))</\(close)>")
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table></div>\n<p class=\"note\">")
        html.text("* provisional: incomplete under \(profile.name) (\(profile.yearRuleDescription)). "
                  + "A year with data in fewer than 12 months has no annual figure. ")
        if report.kind != .region {
            html.text("Good days: the share of valid days whose daily mean has an HJ 633-2012 AQI of at most 100 (excellent or good). ")
        }
        if report.baselineIncomplete { html.text("The baseline year \(report.baselineYear) is itself incomplete: every change is provisional. ") }
        // The same notes as the table under `airtrend report`: the basis of the changes, coverage, station sets, published figures.
        let notes = ReportRenderer().render(report, format: .table).split(separator: "\n").map(String.init)
            .filter { ["baseline:", "no change", "coverage", "! coverage", "† ", "not in the city", "published:", "Region figure", "target:"].contains(where: $0.hasPrefix) }
        if !notes.isEmpty { html.text(notes.joined(separator: " ")) }
        html.raw("</p>\n")
        csvLink(&html, csv: ReportRenderer().render(report, format: .csv), name: "annual", title: "the annual figures")
        html.raw("</section>\n")
    }

    private func trend(_ html: inout HTMLWriter) {
        html.raw("<section id=\"trend\">\n")
        html.element("h2", "Trend")
        if let annual = trends.first(where: { $0.series == .annual }) {
            let first = annual.points.first!.label, last = annual.points.last!.label
            let direction = annual.slope < 0 ? "fell" : "rose"
            html.raw("<p class=\"verdict\">")
            html.text("Over the \(annual.n) complete years \(first)–\(last) the annual mean \(direction) by "
                      + "\(Markup.concentration(abs(annual.slope))) µg/m³ a year (Theil–Sen; 95 % interval "
                      + "\(Markup.signed(annual.slopeLower)) to \(Markup.signed(annual.slopeUpper))). The Mann–Kendall test finds "
                      + (annual.trend == "no significant trend" ? "no significant trend (p = \(annual.test.p.formatted(decimals: 3)) ≥ 0.05)."
                         : "a significant \(annual.trend) trend (p = \(annual.test.p.formatted(decimals: 3)) < 0.05)."))
            html.raw("</p>\n")
        }
        if !trends.isEmpty {
            html.raw("<div class=\"scroll\"><table class=\"trend\">\n<thead><tr>")
            for title in ["Series", "Points", "Sen slope µg/m³/yr", "95 % interval", "% per year", "S", "Z", "p", "Kendall's tau", "Trend"] {
                html.raw("<th scope=\"col\">\(Markup.escape(title))</th>")
            }
            html.raw("</tr></thead>\n<tbody>\n")
            for report in trends {
                let test = report.test
                let cells: [(String, String)] = [
                    ("n", "\(report.n) (\(report.points.first!.label)–\(report.points.last!.label))"),
                    ("slope", report.slope.formatted(decimals: 2)),
                    ("interval", report.slopeLower.isFinite ? "\(report.slopeLower.formatted(decimals: 2)) to \(report.slopeUpper.formatted(decimals: 2))" : "–"),
                    ("slope_pct", report.slopePercent.map { $0.formatted(decimals: 1) } ?? "–"),
                    ("mk_s", String(test.s)), ("mk_z", test.z.formatted(decimals: 2)), ("mk_p", test.p.formatted(decimals: 3)),
                    ("kendall_tau", test.tau.formatted(decimals: 2)), ("trend", report.trend),
                ]
                html.raw("<tr data-series=\"\(report.series.rawValue)\"><th scope=\"row\">\(report.series == .annual ? "annual (Mann–Kendall)" : "monthly (seasonal Kendall)")</th>")
                for (key, value) in cells { html.raw("<td data-column=\"\(key)\">\(Markup.escape(value))</td>") }
                html.raw("</tr>\n")
            }
            html.raw("</tbody>\n</table></div>\n")
        }
        let notes = trends.flatMap(\.notes) + trendProblems.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue): \($0.value)" }
        if !notes.isEmpty {
            html.raw("<ul class=\"note\">\n")
            for note in notes { html.element("li", note) }
            html.raw("</ul>\n")
        }
        html.raw("<p class=\"note\">")
        html.text("Sen's slope is the median of the slopes between every pair of years, with its 95 % interval by Sen's rank method; "
                  + "the Mann–Kendall test asks whether the years rise or fall more often than chance allows (two-sided, p < 0.05). "
                  + "The monthly row uses the valid months: the seasonal Kendall test and Sen slope compare each month only with "
                  + "the same month of other years. A trend needs at least \(TrendReport.minimumPoints) points; "
                  + "`airtrend trend` prints the same figures.")
        html.raw("</p>\n</section>\n")
    }

    private func annualChart(_ html: inout HTMLWriter) {
        html.raw("<section id=\"annual\">\n")
        html.element("h2", "Annual means")
        guard let annual else {
            html.raw("<p class=\"missing\">\(Markup.escape(missing["annual"] ?? "No annual figure to draw."))</p>\n</section>\n")
            return
        }
        figure(&html, svg: annual.svg(idPrefix: "annual"), caption: annual.summary)
        html.raw("<p class=\"note\">The data behind this chart is the table of annual figures above.</p>\n</section>\n")
    }

    private func monthlySection(_ html: inout HTMLWriter) {
        html.raw("<section id=\"monthly\">\n")
        html.element("h2", "Monthly means")
        guard let monthly else {
            html.raw("<p class=\"missing\">\(Markup.escape(missing["monthly"] ?? "No monthly means."))</p>\n</section>\n")
            return
        }
        figure(&html, svg: monthly.svg(idPrefix: "monthly"), caption: monthly.summary)
        let years = Array(Set(monthly.months.map(\.year))).sorted()
        let byMonth = Dictionary(monthly.months.map { ("\($0.year)-\($0.month)", $0) }, uniquingKeysWith: { a, _ in a })
        html.raw("<div class=\"scroll\"><table class=\"grid monthly-data\">\n<caption>Monthly means, µg/m³; in brackets: not valid</caption>\n<thead><tr><th scope=\"col\">Year</th>")
        for name in MonthlyChart.monthNames { html.raw("<th scope=\"col\">\(name.prefix(3))</th>") }
        html.raw("</tr></thead>\n<tbody>\n")
        for year in years {
            html.raw("<tr><th scope=\"row\">\(year)</th>")
            for month in 1...12 {
                guard let entry = byMonth["\(year)-\(month)"], let mean = entry.mean else { html.raw("<td></td>"); continue }
                let value = Markup.concentration(mean)
                html.raw("<td data-year=\"\(year)\" data-month=\"\(month)\" data-value=\"\(value)\" data-valid=\"\(entry.valid)\"")
                html.raw(" title=\"\(entry.validDays) of \(entry.expectedDays) days valid\"\(entry.valid ? "" : " class=\"invalid\"")>")
                html.raw(entry.valid ? value : "(\(value))")
                html.raw("</td>")
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table></div>\n")
        var csv = "scope,year,month,mean,valid_days,expected_days,required_days,valid,profile\n"
        for m in monthly.months {
            csv += "\(report.scope),\(m.year),\(m.month),\(m.mean.map(Markup.concentration) ?? ""),\(m.validDays),\(m.expectedDays),"
                + "\(m.requiredDays),\(m.valid),\(profile.name)\n"
        }
        csvLink(&html, csv: csv, name: "monthly", title: "the monthly means")
        html.raw("</section>\n")
    }

    private func calendarSection(_ html: inout HTMLWriter) {
        html.raw("<section id=\"calendar\">\n")
        guard let calendar else {
            html.element("h2", "Daily means")
            html.raw("<p class=\"missing\">\(Markup.escape(missing["calendar"] ?? "No daily means."))</p>\n</section>\n")
            return
        }
        html.element("h2", "Daily means in \(calendar.year)")
        figure(&html, svg: calendar.svg(idPrefix: "calendar"), caption: calendar.summary)
        let byDate = Dictionary(calendar.days.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
        html.raw("<div class=\"scroll\"><table class=\"grid calendar-data\">\n<caption>Daily means in \(calendar.year), µg/m³, ")
        html.raw("coloured by \(Markup.escape(calendar.scale.title)); in brackets: not valid; – no data</caption>\n<thead><tr><th scope=\"col\">Day</th>")
        for name in MonthlyChart.monthNames { html.raw("<th scope=\"col\">\(name.prefix(3))</th>") }
        html.raw("</tr></thead>\n<tbody>\n")
        for day in 1...31 {
            html.raw("<tr><th scope=\"row\">\(day)</th>")
            for month in 1...12 {
                guard let date = CivilDate(year: calendar.year, month: month, day: day) else { html.raw("<td class=\"none\"></td>"); continue }
                guard let entry = byDate[date], let mean = entry.value else { html.raw("<td data-date=\"\(date)\" data-valid=\"false\">–</td>"); continue }
                let value = Markup.concentration(mean)
                if entry.valid, let category = calendar.scale.category(of: mean) {
                    let color = calendar.scale.colors[category.position], ink = ChartPalette.textColor(onCategory: category.position)
                    html.raw("<td data-date=\"\(date)\" data-value=\"\(value)\" data-valid=\"true\" data-category=\"\(Markup.escape(category.name))\"")
                    html.raw(" style=\"background:\(color);color:\(ink)\">\(value)</td>")
                } else {
                    html.raw("<td data-date=\"\(date)\" data-value=\"\(value)\" data-valid=\"false\" class=\"invalid\">(\(value))</td>")
                }
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table></div>\n")
        csvLink(&html, csv: SeriesRenderer.render(calendarDays, scope: report.scope, profile: profile.name, format: .csv),
                name: "daily-\(calendar.year)", title: "the daily means of \(calendar.year)")
        html.raw("</section>\n")
    }

    private func method(_ html: inout HTMLWriter) {
        html.raw("<section id=\"method\">\n")
        html.element("h2", "Method")
        html.element("h3", "Validity rules (\(profile.name))")
        html.raw("<ul>\n")
        let month = profile.minDaysPerMonth(month: 1) == 27
            ? "A month is valid with at least 27 valid days (25 in February)."
            : "A month counts as valid with 75 % of its days valid."
        let items = [
            "A day is the station's local standard-time calendar day; it is valid with at least \(profile.minHoursPerDay) valid hours, and its mean is the mean of those hours.",
            month,
            "A year is complete unless it has \(profile.yearRuleDescription). An incomplete year keeps its mean, marked provisional (*); a year with data in fewer than 12 months has no annual figure.",
            "The annual mean is the mean of the year's valid daily means; p95 is their 95th percentile by HJ 663-2013 (linear interpolation between ranks); days above \(Markup.coordinate(profile.dailyLimit)) count valid daily means strictly above the profile's daily limit.",
            "Each valid daily mean is rated by HJ 633-2012 (the AQI is rounded up: 35.0 µg/m³ is excellent, 35.1 good) and by the US EPA AQI with the 2024 breakpoints.",
            "Means are kept unrounded and rounded half to even to one decimal only when printed.",
        ]
        for item in items { html.element("li", item) }
        html.raw("</ul>\n")
        html.element("h3", "Stations and coverage")
        html.raw("<p>")
        switch scope {
        case .station:
            html.text("These are one monitor's figures, not an official city value.")
        case .city(let name):
            html.text("A day of \(name) is the mean of its stations' valid daily means (each station day needs \(profile.minHoursPerDay) hours); its months and years follow the same rules as a station's. The table's last column counts the stations used each year.")
        case .region:
            html.text("A region's year is the equal-weight mean of its member cities' annual means, complete only when every member city's year is complete. Its month is the mean of the member cities' valid monthly means (valid when any member city's month is); its calendar uses the region's day, the mean of the member cities' valid daily means. Member cities: \(regionCities.joined(separator: ", ")).")
        }
        let valid = report.rows.reduce(0) { $0 + $1.statistics.validDays }, expected = report.rows.reduce(0) { $0 + $1.statistics.expectedDays }
        if report.kind != .region, let first = report.rows.first?.year, let last = report.rows.last?.year {
            html.text(" Coverage: \(valid) of \(expected) days valid in \(first)–\(last).")
        }
        html.raw("</p>\n")
        if !stations.isEmpty {
            html.raw("<div class=\"scroll\"><table class=\"stations\">\n<thead><tr><th scope=\"col\">Station</th><th scope=\"col\">Name</th><th scope=\"col\">City</th><th scope=\"col\">Time zone</th><th scope=\"col\">Latitude, longitude</th></tr></thead>\n<tbody>\n")
            for station in stations {
                let place = station.latitude.flatMap { lat in station.longitude.map { "\(lat), \($0)" } } ?? "–"
                html.raw("<tr>")
                for (index, cell) in [station.id, station.name ?? "–", station.city ?? "–", station.timeZone.name, place].enumerated() {
                    html.raw(index == 0 ? "<th scope=\"row\">\(Markup.escape(cell))</th>" : "<td>\(Markup.escape(cell))</td>")
                }
                html.raw("</tr>\n")
            }
            html.raw("</tbody>\n</table></div>\n")
        }
        html.element("h3", "Sources")
        if sources.isEmpty {
            html.raw("<p>The store records no import for these stations.</p>\n")
        } else {
            html.raw("<div class=\"scroll\"><table class=\"sources\">\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Layout</th><th scope=\"col\">Feed</th><th scope=\"col\">Hours stored</th><th scope=\"col\">From (UTC)</th><th scope=\"col\">To (UTC)</th></tr></thead>\n<tbody>\n")
            for source in sources {
                // Only the file's own name: a local folder path says nothing to a reader and should not be published.
                let name = source.source.split(separator: "/").last.map(String.init) ?? source.source
                html.raw("<tr><th scope=\"row\">\(Markup.escape(name))</th><td>\(Markup.escape(source.layout))</td><td>\(Markup.escape(source.feed ?? "–"))</td>")
                html.raw("<td>\(source.hours)</td><td>\(source.firstHour)</td><td>\(source.lastHour)</td></tr>\n")
            }
            html.raw("</tbody>\n</table></div>\n")
        }
        html.element("h3", "Caveats")
        html.raw("<ul>\n")
        var caveats = [
            "Provisional years (*) do not meet the profile's completeness rules; compare them with care, and never a provisional year with a complete one as if both were official.",
            "Values outside the cleaning rules (negative, implausible, non-finite, duplicates) are kept out of every mean and listed with their file and line by airtrend quarantine.",
            "Hours are labelled by their start in UTC; each source's own convention (hour-beginning or hour-ending, local time) is converted on import.",
        ]
        if profile.name.hasPrefix("gb3095") {
            caveats.append("From 2018-09-01 (results from 2019) China reports particulate matter at actual rather than standard conditions; official changes across that switch are slightly flattered unless the baseline was re-based. airtrend's own figures come from the same monitor throughout.")
        }
        for caveat in caveats { html.element("li", caveat) }
        html.raw("</ul>\n</section>\n")
    }

    // MARK: - Pieces

    private func figure(_ html: inout HTMLWriter, svg: String, caption: String) {
        html.raw("<figure>\n\(svg)<figcaption>\(Markup.escape(caption))</figcaption>\n</figure>\n")
    }

    private func csvLink(_ html: inout HTMLWriter, csv: String, name: String, title: String) {
        let file = ReportPageName.fileName(for: scope).replacingOccurrences(of: ".html", with: "-\(name).csv")
        html.raw("<p class=\"csv\"><a download=\"\(Markup.escape(file))\" href=\"data:text/csv;charset=utf-8,\(Self.percentEncoded(csv))\">")
        html.text("Download \(title) as CSV")
        html.raw("</a></p>\n")
    }

    /// Percent-encodes everything but unreserved URI characters, so the CSV survives as an attribute value.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ","), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
