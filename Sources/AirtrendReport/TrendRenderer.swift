import AirtrendDomain
import Foundation

/// Renders a ``TrendReport`` as a table for people, or CSV / JSON for programs.
///
/// CSV and JSON carry every figure unrounded (the shortest text that reads back to the same
/// double), so a program can check them; the table rounds. An empty CSV cell (JSON `null`) is a
/// figure that does not exist: no interval when ties leave Sen's variance negative, no target year
/// when the trend is not falling.
public struct TrendRenderer: Sendable {
    /// The CSV columns, in order. Columns are only ever appended, so programs reading by position keep working.
    public static let csvHeader = "scope,series,from,to,n,slope,slope_lower,slope_upper,intercept,slope_pct,mk_s,mk_var_s,mk_z,mk_p,kendall_tau,trend,profile"
        + ",provisional,target_pct,baseline_year,baseline_value,target_level,target_year,baseline_source"

    public init() {}

    public func render(_ report: TrendReport, format: ReportFormat) -> String {
        switch format {
        case .csv: csv(report)
        case .json: json(report)
        case .table: table(report)
        }
    }

    /// The shortest decimal text of a figure; empty for NaN or nil.
    private static func exact(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "" }
        return "\(value)"
    }

    func csv(_ report: TrendReport) -> String {
        let test = report.test
        let target = report.target
        let fields: [String] = [
            report.scope, report.series.rawValue, report.points.first!.label, report.points.last!.label, String(report.n),
            Self.exact(report.slope), Self.exact(report.slopeLower), Self.exact(report.slopeUpper), Self.exact(report.intercept),
            Self.exact(report.slopePercent), String(test.s), Self.exact(test.varianceS), Self.exact(test.z), Self.exact(test.p),
            Self.exact(test.tau), report.trend, report.profile.name,
            report.points.filter(\.provisional).map(\.label).joined(separator: " "),
            Self.exact(target?.percent), target.map { String($0.baselineYear) } ?? "", Self.exact(target?.baselineValue),
            Self.exact(target?.level), target?.year.map(String.init) ?? "", target?.baselineSource ?? "",
        ]
        return Self.csvHeader + "\n" + fields.map(Self.csvField).joined(separator: ",") + "\n"
    }

    /// A CSV field, quoted when it holds a comma or quote (scope names can).
    private static func csvField(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func json(_ report: TrendReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain value and NaN is mapped to null first, so encoding cannot fail.
        let data = try! encoder.encode(TrendJSON(report))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func table(_ report: TrendReport) -> String {
        let test = report.test
        let unit = report.series == .annual ? "annual figures" : "monthly means"
        var out = "PM2.5 trend for \(report.scope): \(report.n) \(unit), \(report.points.first!.label) to \(report.points.last!.label), profile \(report.profile.name)\n"
        out += report.series == .annual ? annualRows(report) : monthlyGrid(report)
        out += "\n"
        let interval = report.slopeLower.isNaN ? "no interval: ties leave Sen's variance negative"
            : "95 % interval \(report.slopeLower.formatted(decimals: 2)) to \(report.slopeUpper.formatted(decimals: 2))"
        let percent = report.slopePercent.map { ", \($0.formatted(decimals: 1)) % per year of the trend line's \(report.points[0].label) value" } ?? ""
        let method = report.series == .annual ? "Sen's slope" : "seasonal Sen slope"
        var lines: [[String]] = [
            [method, "\(report.slope.formatted(decimals: 2)) µg/m³ per year (\(interval))\(percent)"],
            [report.series == .annual ? "Mann–Kendall" : "seasonal Kendall",
             "S = \(test.s), Var(S) = \(test.varianceS.formatted(decimals: 2)), Z = \(test.z.formatted(decimals: 2)), "
                 + "p = \(Self.pValue(test.p)), Kendall's tau = \(test.tau.formatted(decimals: 2)), n = \(report.n)"],
            ["trend", report.trend + (report.trend == "no significant trend" ? " (p ≥ 0.05)" : " (p < 0.05)")],
        ]
        if let target = report.target {
            var text = "\(target.percent.formatted(decimals: 0)) % of \(target.baselineSource == "published" ? "the published " : "")\(target.baselineYear)"
            if let base = target.baselineValue, let level = target.level {
                text += " (\(base.formatted(decimals: 1))\(target.baselineProvisional ? "*" : "") µg/m³) = \(level.formatted(decimals: 1)) µg/m³"
            }
            text += target.year.map { ": reached in \($0) at this pace" } ?? ": no target year"
            if let note = target.note { text += "; " + note }
            lines.append(["target", text])
        }
        let width = lines.map { $0[0].count }.max() ?? 0
        for line in lines { out += line[0] + String(repeating: " ", count: width - line[0].count) + "  " + line[1] + "\n" }
        for note in report.notes { out += "note: \(note)\n" }
        out += "A trend needs at least \(TrendReport.minimumPoints) points; with fewer, airtrend prints no figures and exits 65.\n"
        return out
    }

    private func annualRows(_ report: TrendReport) -> String {
        let rows = report.points.map { point in
            [point.label, point.value.formatted(decimals: 1) + (point.provisional ? "*" : ""), report.value(at: point.x).formatted(decimals: 1)]
        }
        return ReportRenderer.aligned(header: ["year", "mean µg/m³", "trend line"], rows: rows, underline: true)
    }

    /// One row per year, one column per month; months that are not valid show `–`.
    private func monthlyGrid(_ report: TrendReport) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var byYear: [Int: [String]] = [:]
        for point in report.points {
            byYear[point.year, default: Array(repeating: "–", count: 12)][(point.month ?? 1) - 1] = point.value.formatted(decimals: 1)
        }
        let rows = byYear.keys.sorted().map { [String($0)] + byYear[$0]! }
        return ReportRenderer.aligned(header: ["year"] + names, rows: rows, underline: true)
    }

    private static func pValue(_ p: Double) -> String {
        p >= 0.001 ? p.formatted(decimals: 3) : String(format: "%.1e", p)
    }
}

/// The JSON form of a ``TrendReport``: the CSV's columns by the same names, plus the points, both
/// fits, the target and the notes. Every key is always present; a figure that does not exist (or is NaN) is null.
private struct TrendJSON: Encodable {
    struct Point: Encodable {
        var year: Int
        var month: OrNull<Int>
        var x: Double
        var value: Double
        var trend_value: Double
        var provisional: Bool
    }
    struct Line: Encodable {
        var slope: Double
        var slope_lower: OrNull<Double>
        var slope_upper: OrNull<Double>
        var intercept: Double
    }
    struct Target: Encodable {
        var target_pct: Double
        var baseline_year: Int
        var baseline_value: OrNull<Double>
        var baseline_provisional: Bool
        var target_level: OrNull<Double>
        var target_year: OrNull<Int>
        var note: OrNull<String>
        var baseline_source: OrNull<String>
    }
    var scope: String
    var series: String
    var profile: String
    var from: String
    var to: String
    var n: Int
    var slope: Double
    var slope_lower: OrNull<Double>
    var slope_upper: OrNull<Double>
    var intercept: Double
    var slope_pct: OrNull<Double>
    var mk_s: Int
    var mk_var_s: Double
    var mk_z: Double
    var mk_p: Double
    var kendall_tau: Double
    var trend: String
    var test: String
    var theil_sen: Line
    /// Monthly only, as pymannkendall reports it: the intercept is the line at the first month.
    var seasonal_sen: OrNull<Line>
    var points: [Point]
    var target: OrNull<Target>
    var notes: [String]
    var minimum_points: Int

    init(_ report: TrendReport) {
        func finite(_ value: Double) -> OrNull<Double> { OrNull(value.isNaN ? nil : value) }
        let test = report.test
        scope = report.scope
        series = report.series.rawValue
        profile = report.profile.name
        from = report.points.first!.label
        to = report.points.last!.label
        n = report.n
        slope = report.slope
        slope_lower = finite(report.slopeLower)
        slope_upper = finite(report.slopeUpper)
        intercept = report.intercept
        slope_pct = OrNull(report.slopePercent)
        mk_s = test.s
        mk_var_s = test.varianceS
        mk_z = test.z
        mk_p = test.p
        kendall_tau = test.tau
        trend = report.trend
        self.test = report.series == .annual ? "mann-kendall" : "seasonal-kendall"
        theil_sen = Line(slope: report.theilSen.slope, slope_lower: finite(report.theilSen.slopeLower),
                         slope_upper: finite(report.theilSen.slopeUpper), intercept: report.theilSen.intercept)
        seasonal_sen = OrNull(report.seasonalSlope.map {
            Line(slope: $0.slope, slope_lower: finite($0.slopeLower), slope_upper: finite($0.slopeUpper), intercept: $0.intercept)
        })
        points = report.points.map {
            Point(year: $0.year, month: OrNull($0.month), x: $0.x, value: $0.value, trend_value: report.value(at: $0.x), provisional: $0.provisional)
        }
        target = OrNull(report.target.map {
            Target(target_pct: $0.percent, baseline_year: $0.baselineYear, baseline_value: OrNull($0.baselineValue),
                   baseline_provisional: $0.baselineProvisional, target_level: OrNull($0.level), target_year: OrNull($0.year),
                   note: OrNull($0.note), baseline_source: OrNull($0.baselineSource))
        })
        notes = report.notes
        minimum_points = TrendReport.minimumPoints
    }
}

/// An optional that encodes as JSON `null` instead of leaving its key out, so every field is always present.
private struct OrNull<Wrapped: Encodable>: Encodable, ExpressibleByNilLiteral {
    var value: Wrapped?
    init(_ value: Wrapped?) { self.value = value }
    init(nilLiteral: ()) { value = nil }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
