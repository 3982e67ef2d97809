import AirtrendDomain
import Foundation

/// Renders a ``ReductionReport`` as a table for people, or CSV / JSON for programs.
///
/// Means and changes are rounded half-to-even to one decimal only here. Incomplete years keep
/// their numbers in CSV and JSON (`complete=false`) and are marked in the table, never shown as a
/// bare number. A change exists only between two figures of the same kind (see ``ReductionReport``);
/// a provisional one carries `*` in the table and `baseline_complete=false` or `complete=false` in CSV.
public struct ReportRenderer: Sendable {
    public static let csvHeader = "scope,year,annual_mean,valid_days,complete,p95_daily,days_over_75,change,change_pct"
    /// CSV names of the HJ 633-2012 day counts, in ``AQIScale/hj633_2012``'s category order (优 … 严重污染).
    public static let hj633Columns = ["days_hj633_excellent", "days_hj633_good", "days_hj633_lightly", "days_hj633_moderately",
                                      "days_hj633_heavily", "days_hj633_severely"]
    /// CSV names of the US EPA 2024 day counts, in ``AQIScale/epa2024``'s category order (`usg`: unhealthy for sensitive groups).
    public static let epaColumns = ["days_epa_good", "days_epa_moderate", "days_epa_usg", "days_epa_unhealthy",
                                    "days_epa_very_unhealthy", "days_epa_hazardous"]
    /// The AQI columns, appended after ``csvHeader`` (and `members`): later columns are only ever appended, so
    /// programs reading the report by position keep working.
    public static let aqiHeader = (hj633Columns + ["good_days_pct"] + epaColumns).joined(separator: ",")
    /// Columns appended after `profile` (issue 11): the baseline and its basis, published figures, the target,
    /// coverage and station-set flags, the months of a same-month comparison, and the members by name.
    public static let basisColumns = ["baseline_year", "baseline_value", "baseline_source", "baseline_complete", "published", "published_diff",
                                      "target_pct", "meets_target", "mean_coverage", "low_coverage", "station_set_changed", "months",
                                      "member_names"]
    /// The HJ 633 index up to which a day is "excellent or good" (优良): the official good-days share counts these.
    static let goodIndex = 100
    /// A city's mean day coverage below this share flags the year.
    public static let lowCoverage = 0.75

    public init() {}

    public func render(_ report: ReductionReport, format: ReportFormat) -> String {
        switch format {
        case .csv: csv(report)
        case .json: json(report)
        case .table: table(report)
        }
    }

    private func number(_ value: Double?) -> String { value.map { $0.formatted(decimals: 1) } ?? "" }
    private func flag(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }

    /// measured − published, for a year with a figure and a published one.
    static func publishedDiff(_ row: ReductionReport.Row, in report: ReductionReport) -> Double? {
        guard report.hasFigure(row), let mean = row.statistics.mean, let published = row.published?.value else { return nil }
        return mean - published
    }

    /// City only: whether the year's mean day coverage is below 75 %.
    static func lowCoverage(_ row: ReductionReport.Row, in report: ReductionReport) -> Bool? {
        guard report.kind == .city else { return nil }
        return (row.meanCoverage ?? 0) < lowCoverage
    }

    func csv(_ report: ReductionReport) -> String {
        let withMembers = report.kind != .station
        // The profile stays where it was: every row says which rules made it; later columns follow it.
        var lines = [Self.csvHeader + (withMembers ? ",members" : "") + "," + Self.aqiHeader + ",profile," + Self.basisColumns.joined(separator: ",")]
        for row in report.rows {
            let s = row.statistics
            var fields = [
                report.scope, String(row.year), number(s.mean), String(s.validDays), s.complete ? "true" : "false",
                number(s.percentile), report.kind == .region ? "" : String(s.daysOverLimit), number(row.change), number(row.changePercent),
            ]
            if withMembers { fields.append(String(row.members?.used.count ?? 0)) }
            // A region has no daily series: its day counts stay empty, never zero.
            fields += row.hj633Days?.days.map(String.init) ?? Array(repeating: "", count: Self.hj633Columns.count)
            fields.append(number(row.hj633Days?.percent(atMost: Self.goodIndex)))
            fields += row.epaDays?.days.map(String.init) ?? Array(repeating: "", count: Self.epaColumns.count)
            fields.append(report.profile.name)
            let baseline = report.baseline
            fields += [
                String(baseline.year), number(baseline.value), baseline.kind?.rawValue ?? "", baseline.value == nil ? "" : flag(baseline.complete),
                number(row.published?.value), number(Self.publishedDiff(row, in: report)),
                report.targetPercent.map { $0.formatted(decimals: 1) } ?? "", flag(row.meetsTarget),
                row.meanCoverage.map { $0.formatted(decimals: 3) } ?? "", flag(Self.lowCoverage(row, in: report)),
                report.kind == .city ? flag(!row.stationSetChanges.isEmpty) : "", report.months.map { $0.months.map(String.init).joined(separator: ";") } ?? "",
                (row.members?.used ?? []).joined(separator: ";"),
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A field quoted when it holds a comma or quote (names can).
    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Why a row is no figure (table, JSON `note`), or nil when it is one: a year with data in fewer than 12
    /// months, a season with a month without data, a region missing a member city's figure.
    static func noFigure(_ row: ReductionReport.Row, in report: ReductionReport) -> String? {
        if let region = row.regionNoFigure { return region }
        guard !report.hasFigure(row) else { return nil }
        let months = row.monthsWithData ?? 0
        if row.statistics.validDays == 0 && months == 0 { return "no data in the store" }
        return report.months == nil ? "no annual figure: data in \(months) of 12 months"
            : "no figure: data in \(months) of \(report.periodMonths) months"
    }

    func json(_ report: ReductionReport) -> String {
        ReportJSON(report, note: { Self.noFigure($0, in: report) }, goodIndex: Self.goodIndex, answer: Self.targetAnswer(report)).text
    }

    /// What the figures are, for the heading: `annual means`, `January means`.
    static func period(_ report: ReductionReport) -> String {
        report.months.map { "\($0) means" + ($0.crossesYearEnd ? " (seasons labelled by the year they end in)" : "") } ?? "annual means"
    }

    /// The baseline as the heading names it: `2013`, `January 2014`, `the published 2013 figure (89.5 µg/m³)`.
    static func baselineName(_ report: ReductionReport) -> String {
        let baseline = report.baseline
        let year = report.months.map { "\($0) \(baseline.year)" } ?? String(baseline.year)
        switch baseline.kind {
        case .published: return "the published \(year) figure (\(baseline.value!.formatted(decimals: 1)) µg/m³)"
        case .measured, nil: return year
        }
    }

    /// `-60 %` or `+10 % (a rise)`.
    static func targetName(_ target: Double) -> String {
        target > 0 ? "+\(target.formatted(decimals: 1).replacingOccurrences(of: ".0", with: "")) % target (a rise)"
            : "\(target.formatted(decimals: 1).replacingOccurrences(of: ".0", with: "")) % target"
    }

    /// The one line that answers `--target` for the report's scope, or nil without a target.
    static func targetAnswer(_ report: ReductionReport) -> String? {
        guard let target = report.targetPercent else { return nil }
        let name = targetName(target)
        let against = report.baseline.kind == .published ? "the published \(report.baselineYear) baseline" : "the measured \(report.baselineYear) baseline"
        guard report.baseline.value != nil else {
            return "no answer to the \(name): \(report.baseline.missing ?? "no baseline figure for \(report.baselineYear)")"
        }
        guard let row = report.latestChange, let percent = row.changePercent else {
            let why = report.kind == .region
                ? "no year has a regional figure (a region's year needs an annual figure for each of its cities)"
                : "no year has \(report.months == nil ? "an annual figure" : "a figure for \(report.months!)") to compare with \(report.baselineYear)"
            return "no answer to the \(name): \(why)"
        }
        let provisional = report.changeProvisional(row) ? " (provisional: \(row.statistics.complete ? "the baseline" : "the year") is incomplete)" : ""
        let label = report.months.map { "\($0) \(row.year)" } ?? String(row.year)
        return "\(label): \(percent.formatted(decimals: 1)) % against \(against) — \(row.meetsTarget == true ? "meets" : "does not meet") the \(name)\(provisional)"
    }

    func table(_ report: ReductionReport) -> String {
        let limit = report.profile.dailyLimit.formatted(decimals: 0)
        let change = report.baseline.value == nil ? " (no baseline figure for \(report.baselineYear))" : ", change against \(Self.baselineName(report))"
        var out = "PM2.5 \(Self.period(report)) for \(report.scope), profile \(report.profile.name)\(change)\n"
        let withPublished = report.rows.contains { $0.published != nil }
        let withTarget = report.targetPercent != nil
        let targetHeader = report.targetPercent.map { "target \(Self.targetName($0).replacingOccurrences(of: " target", with: ""))" } ?? ""
        var header = ["year", "mean µg/m³", "valid days", "complete", "p95 daily", "days > \(limit)", "good days", "change", "change %"]
        if report.kind == .city { header += ["stations", "coverage"] }
        if report.kind == .region {
            header = ["year", "mean µg/m³", "fewest valid days", "complete", "change", "change %", "cities", "incomplete cities"]
        }
        if withPublished { header.append("published") }
        if withTarget { header.append(targetHeader) }
        var rows: [[String]] = []
        for row in report.rows {
            let s = row.statistics
            let mark = s.complete ? "" : "*"
            let changeMark = report.changeProvisional(row) ? "*" : ""
            let year = String(row.year) + (row.year == report.baselineYear ? " (base)" : "")
            let mean = Self.noFigure(row, in: report) ?? (s.mean.map { $0.formatted(decimals: 1) + mark } ?? "–")
            let changeText = row.change.map { $0.formatted(decimals: 1) + changeMark } ?? ""
            let changePct = row.changePercent.map { $0.formatted(decimals: 1) + " %" + changeMark } ?? ""
            var cells: [String]
            if report.kind == .region {
                let used = row.members?.used.count ?? 0
                let incomplete = row.members?.incomplete ?? []
                cells = [year, mean, "\(s.validDays)/\(s.expectedDays)", s.complete ? "yes" : "NO", changeText, changePct,
                         "\(used)", incomplete.isEmpty ? "–" : incomplete.count > 3
                             ? (incomplete.count == report.memberLines.count ? "all \(incomplete.count)" : "\(incomplete.count) of \(report.memberLines.count)")
                             : incomplete.joined(separator: " ")]
            } else {
                cells = [
                    year, mean, "\(s.validDays)/\(s.expectedDays)", s.complete ? "yes" : "NO",
                    s.percentile.map { $0.formatted(decimals: 1) } ?? "–", String(s.daysOverLimit),
                    row.hj633Days?.percent(atMost: Self.goodIndex).map { $0.formatted(decimals: 1) + " %" } ?? "–", changeText, changePct,
                ]
                if report.kind == .city {
                    cells.append(String(row.members?.used.count ?? 0) + (row.stationSetChanges.isEmpty ? "" : "†"))
                    cells.append(row.meanCoverage.map { ($0 * 100).formatted(decimals: 1) + " %" + (Self.lowCoverage(row, in: report) == true ? "!" : "") } ?? "–")
                }
            }
            if withPublished { cells.append(row.published.map { $0.value.formatted(decimals: 1) } ?? "") }
            if withTarget { cells.append(row.meetsTarget.map { $0 ? "met" : "not met" } ?? "") }
            rows.append(cells)
        }
        out += Self.aligned(header: header, rows: rows, underline: true)
        out += notes(report)
        if report.kind == .region && !report.memberLines.isEmpty, let shown = report.memberLines.first?.statistics?.year ?? report.rows.last?.year {
            let shownYear = report.memberLines.compactMap { $0.statistics?.year }.first ?? shown
            let label = report.months.map { "\($0) \(shownYear)" } ?? String(shownYear)
            let basis = report.months == nil ? "measured when it has an annual figure, else published" : "its measured \(report.months!)"
            out += "\nMember cities in \(label) (change against each city's own \(report.baselineYear): \(basis); only between figures):\n"
            let lines = report.memberLines.map { line -> [String] in
                let s = line.statistics
                let mean: String
                if let s, let value = s.mean {
                    mean = line.hasFigure ? value.formatted(decimals: 1) + (s.complete ? "" : "*")
                        : (report.months == nil ? "no annual figure" : "no figure") + " (\(value.formatted(decimals: 1)), data in fewer than \(report.periodMonths) months)"
                } else {
                    mean = "no data"
                }
                let mark = line.provisional ? "*" : ""
                let days: String = s.map { "\($0.validDays)/\($0.expectedDays)" } ?? ""
                let change: String = line.change.map { $0.formatted(decimals: 1) + mark } ?? ""
                let percent: String = line.changePercent.map { $0.formatted(decimals: 1) + " %" + mark } ?? ""
                var base = "none"
                if let kind = line.baseline.kind, let value = line.baseline.value { base = "\(kind.rawValue) \(value.formatted(decimals: 1))" }
                var cells: [String] = [line.city, mean, days, s?.complete == true ? "yes" : "NO", change, percent, base]
                if withTarget { cells.append(line.meetsTarget.map { $0 ? "met" : "not met" } ?? "") }
                return cells
            }
            var memberHeader = ["city", "mean µg/m³", "valid days", "complete", "change", "change %", "baseline"]
            if withTarget { memberHeader.append(targetHeader) }
            out += Self.aligned(header: memberHeader, rows: lines, underline: false)
        }
        return out
    }

    /// The lines under the table: what each mark means, the basis of the changes, and the answer to `--target`.
    private func notes(_ report: ReductionReport) -> String {
        var out = ""
        if report.rows.contains(where: { !$0.statistics.complete && Self.noFigure($0, in: report) == nil }) || report.baselineIncomplete {
            let rule = report.months == nil ? report.profile.yearRuleDescription : "a month below its minimum of valid days"
            out += "* incomplete under \(report.profile.name): \(rule); the figure, and any change made with it, is provisional.\n"
        }
        if report.kind != .region {
            out += "good days: share of valid days whose daily mean has an HJ 633-2012 IAQI ≤ 100 (excellent or good, 优良).\n"
        }
        if report.baselineIncomplete {
            out += "! the baseline \(report.months.map { "\($0) " } ?? "year ")\(report.baselineYear) is itself incomplete: every change is provisional.\n"
        }
        if report.baseline.kind == .published, let value = report.baseline.value {
            out += "baseline: the published \(report.baselineYear) figure for \(report.scope), \(value.formatted(decimals: 1)) µg/m³ (\(report.baseline.source ?? "")"
                + "\(report.baseline.note.map { "; \($0)" } ?? ""))\(report.rows.contains { $0.year == report.baselineYear && report.hasFigure($0) } ? "" : ", not a figure computed from the store").\n"
        }
        if let missing = report.baseline.missing {
            out += "no change is printed: \(missing).\n"
        }
        if report.kind == .city {
            out += "coverage: mean over the \(report.months == nil ? "year" : "period")'s city days of assessment stations with a valid day ÷ those in service"
                + " (a station serves from its first to its last stored hour, or its configured in_service).\n"
            let low = report.rows.filter { Self.lowCoverage($0, in: report) == true && $0.meanCoverage != nil }
            if !low.isEmpty {
                out += "! coverage below 75 % in \(low.map { String($0.year) }.joined(separator: ", ")): on many days fewer than three in four of the city's assessment stations in service had a valid day.\n"
            }
            for row in report.rows where !row.stationSetChanges.isEmpty {
                let groups = Dictionary(grouping: row.stationSetChanges) { "\($0.event.rawValue) \($0.date)" }
                let parts = groups.keys.sorted { a, b in
                    (groups[a]![0].date, groups[a]![0].event.rawValue) < (groups[b]![0].date, groups[b]![0].event.rawValue)
                }.map { key -> String in
                    let stations = groups[key]!.map(\.station).sorted()
                    let names = stations.count > 4 ? stations.prefix(3).joined(separator: ", ") + ", …" : stations.joined(separator: ", ")
                    let event = groups[key]![0]
                    return "\(stations.count) station\(stations.count == 1 ? "" : "s") \(event.event == .starts ? "start" : "end")\(stations.count == 1 ? "s" : "") \(event.date) (\(names))"
                }
                out += "† station set changed in \(row.year): \(parts.joined(separator: "; ")).\n"
            }
            if !report.otherStations.isEmpty {
                out += "not in the city mean (not assessment stations): "
                    + report.otherStations.map { "\($0.station) (\($0.role.rawValue))" }.joined(separator: ", ") + ".\n"
            }
        }
        if report.rows.contains(where: { $0.published != nil }) {
            out += "published: the official figure configured under published: (sources in JSON); CSV published_diff = measured − published.\n"
        }
        if report.kind == .region {
            out += "Region figure: equal-weight mean of the member cities' \(report.months == nil ? "annual" : "same-month") figures; a year has one only when every member city has one, and it is complete only when every member city's is.\n"
        }
        if let answer = Self.targetAnswer(report) { out += "target: \(answer).\n" }
        return out
    }

    /// Columns padded to their widest cell: the first left-aligned, the others right-aligned.
    public static func aligned(header: [String], rows: [[String]], underline: Bool) -> String {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
            // Empty cells at the end of a row would leave trailing blanks.
            .replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n"
        if underline { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
