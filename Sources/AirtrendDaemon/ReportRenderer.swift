import AirtrendDomain
import Foundation

/// Renders a ``ReductionReport`` as a table for people, or CSV / JSON for programs.
///
/// Means and changes are rounded half-to-even to one decimal only here.
/// Incomplete years keep their numbers in CSV and JSON (`complete=false`) and
/// are marked in the table, never shown as a bare number.
public struct ReportRenderer: Sendable {
    public static let csvHeader = "scope,year,annual_mean,valid_days,complete,p95_daily,days_over_75,change,change_pct"

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
        var lines = [Self.csvHeader]
        for row in report.rows {
            let s = row.statistics
            lines.append([
                report.scope, String(row.year), number(s.mean), String(s.validDays), s.complete ? "true" : "false",
                number(s.percentile), String(s.daysOverLimit), number(row.change), number(row.changePercent),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json(_ report: ReductionReport) -> String {
        func value(_ v: Double?) -> String { v.map { $0.formatted(decimals: 1) } ?? "null" }
        let rows = report.rows.map { row -> String in
            let s = row.statistics
            return """
                {"year":\(row.year),"annual_mean":\(value(s.mean)),"valid_days":\(s.validDays),"expected_days":\(s.expectedDays),\
                "valid_months":\(s.validMonths),"complete":\(s.complete),"p95_daily":\(value(s.percentile)),\
                "days_over_limit":\(s.daysOverLimit),"change":\(value(row.change)),"change_pct":\(value(row.changePercent))}
                """
        }
        return """
            {"scope":\(quoted(report.scope)),"profile":\(quoted(report.profile.name)),"baseline_year":\(report.baselineYear),\
            "baseline_complete":\(report.baseline.complete),"daily_limit":\(report.profile.dailyLimit.formatted(decimals: 0)),\
            "rows":[\(rows.joined(separator: ","))]}

            """
    }

    func table(_ report: ReductionReport) -> String {
        let limit = report.profile.dailyLimit.formatted(decimals: 0)
        var out = "PM2.5 annual means for \(report.scope), profile \(report.profile.name), change against \(report.baselineYear)\n"
        let header = ["year", "mean µg/m³", "valid days", "complete", "p95 daily", "days > \(limit)", "change", "change %"]
        var rows: [[String]] = []
        for row in report.rows {
            let s = row.statistics
            let mark = s.complete ? "" : "*"
            rows.append([
                String(row.year) + (row.year == report.baselineYear ? " (base)" : ""),
                s.mean.map { $0.formatted(decimals: 1) + mark } ?? "–",
                "\(s.validDays)/\(s.expectedDays)", s.complete ? "yes" : "NO",
                s.percentile.map { $0.formatted(decimals: 1) } ?? "–", String(s.daysOverLimit),
                row.change.map { $0.formatted(decimals: 1) + mark } ?? "",
                row.changePercent.map { $0.formatted(decimals: 1) + " %" + mark } ?? "",
            ])
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        out += line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        if report.rows.contains(where: { !$0.statistics.complete }) {
            out += "* incomplete under \(report.profile.name): fewer than \(report.profile.minDaysPerYear) valid days or a month below its minimum; the figure is provisional.\n"
        }
        if report.baselineIncomplete {
            out += "! the baseline year \(report.baselineYear) is itself incomplete: every change is provisional.\n"
        }
        return out
    }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
