import AirtrendDomain
import Foundation

/// Renders a ``ReductionReport`` as a table for people, or CSV / JSON for programs.
///
/// Means and changes are rounded half-to-even to one decimal only here.
/// Incomplete years keep their numbers in CSV and JSON (`complete=false`) and
/// are marked in the table, never shown as a bare number.
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
    /// The HJ 633 index up to which a day is "excellent or good" (优良): the official good-days share counts these.
    static let goodIndex = 100

    public init() {}

    public func render(_ report: ReductionReport, format: ReportFormat) -> String {
        switch format {
        case .csv: csv(report)
        case .json: json(report)
        case .table: table(report)
        }
    }

    private func number(_ value: Double?) -> String { value.map { $0.formatted(decimals: 1) } ?? "" }

    func csv(_ report: ReductionReport) -> String {
        let withMembers = report.kind != .station
        // The profile is the last column: every row says which rules made it.
        var lines = [Self.csvHeader + (withMembers ? ",members" : "") + "," + Self.aqiHeader + ",profile"]
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
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why a year gets no annual figure in the table, or nil when it has one.
    static func noAnnualFigure(_ row: ReductionReport.Row) -> String? {
        guard !row.statistics.complete, let months = row.monthsWithData, months < 12 else { return nil }
        return "no annual figure: data in \(months) of 12 months"
    }

    func json(_ report: ReductionReport) -> String {
        ReportJSON(report, note: Self.noAnnualFigure, goodIndex: Self.goodIndex).text
    }

    func table(_ report: ReductionReport) -> String {
        let limit = report.profile.dailyLimit.formatted(decimals: 0)
        var out = "PM2.5 annual means for \(report.scope), profile \(report.profile.name), change against \(report.baselineYear)\n"
        var header = ["year", "mean µg/m³", "valid days", "complete", "p95 daily", "days > \(limit)", "good days", "change", "change %"]
        if report.kind == .city { header.append("stations") }
        if report.kind == .region {
            header = ["year", "mean µg/m³", "fewest valid days", "complete", "change", "change %", "cities", "incomplete cities"]
        }
        var rows: [[String]] = []
        for row in report.rows {
            let s = row.statistics
            let mark = s.complete ? "" : "*"
            let year = String(row.year) + (row.year == report.baselineYear ? " (base)" : "")
            let mean = Self.noAnnualFigure(row) ?? (s.mean.map { $0.formatted(decimals: 1) + mark } ?? "–")
            let hideChange = Self.noAnnualFigure(row) != nil
            let change = hideChange ? "" : row.change.map { $0.formatted(decimals: 1) + mark } ?? ""
            let changePct = hideChange ? "" : row.changePercent.map { $0.formatted(decimals: 1) + " %" + mark } ?? ""
            if report.kind == .region {
                let used = row.members?.used.count ?? 0
                let incomplete = row.members?.incomplete ?? []
                rows.append([year, mean, "\(s.validDays)/\(s.expectedDays)", s.complete ? "yes" : "NO", change, changePct,
                             "\(used)", incomplete.isEmpty ? "–" : incomplete.count == report.memberLines.count && incomplete.count > 3
                                 ? "all \(incomplete.count)" : incomplete.joined(separator: " ")])
                continue
            }
            var cells = [
                year, mean, "\(s.validDays)/\(s.expectedDays)", s.complete ? "yes" : "NO",
                s.percentile.map { $0.formatted(decimals: 1) } ?? "–", String(s.daysOverLimit),
                row.hj633Days?.percent(atMost: Self.goodIndex).map { $0.formatted(decimals: 1) + " %" } ?? "–", change, changePct,
            ]
            if report.kind == .city { cells.append(String(row.members?.used.count ?? 0)) }
            rows.append(cells)
        }
        out += Self.aligned(header: header, rows: rows, underline: true)
        if report.rows.contains(where: { !$0.statistics.complete }) {
            out += "* incomplete under \(report.profile.name): \(report.profile.yearRuleDescription); the figure is provisional.\n"
        }
        if report.kind != .region {
            out += "good days: share of valid days whose daily mean has an HJ 633-2012 IAQI ≤ 100 (excellent or good, 优良).\n"
        }
        if report.baselineIncomplete {
            out += "! the baseline year \(report.baselineYear) is itself incomplete: every change is provisional.\n"
        }
        if report.kind == .region {
            out += "Region figure: equal-weight mean of the member cities' annual means; complete only when every member city's year is complete.\n"
            if let last = report.rows.last?.year, !report.memberLines.isEmpty {
                out += "\nMember cities in \(last) (change against each city's own \(report.baselineYear)):\n"
                let lines = report.memberLines.map { line -> [String] in
                    let s = line.statistics
                    return [line.city, s?.mean.map { $0.formatted(decimals: 1) + (s!.complete ? "" : "*") } ?? "no data",
                            s.map { "\($0.validDays)/\($0.expectedDays)" } ?? "", s?.complete == true ? "yes" : "NO",
                            line.change.map { $0.formatted(decimals: 1) } ?? "", line.changePercent.map { $0.formatted(decimals: 1) + " %" } ?? ""]
                }
                out += Self.aligned(header: ["city", "mean µg/m³", "valid days", "complete", "change", "change %"], rows: lines, underline: false)
            }
        }
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
