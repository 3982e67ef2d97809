import AirtrendDomain

/// The fitted trends the charts draw: the same ``TrendReport``s `airtrend trend` prints, turned into
/// ``TrendLine``s, so a chart's line and the command's slope can never disagree.
///
/// Annual: Theil–Sen over the complete years, with Sen's 95 % interval as the band. Monthly: the
/// seasonal Sen slope over the valid months (its line only).
enum ChartTrends {
    /// The annual trend line and a sentence for the description (the Mann–Kendall verdict), or nil and why there is none.
    static func annual(_ query: TrendQuery, scope: ReportScope, from: Int?, to: Int?, profile: ValidityProfile) -> (TrendLine?, String?) {
        let report: TrendReport
        do {
            report = try query.report(.init(scope: scope, series: .annual, from: from, to: to, profile: profile))
        } catch {
            return (nil, (error as? TrendError)?.message ?? "\(error)")
        }
        let xs = report.points.map(\.x)
        let line = TrendLine(slope: report.slope, intercept: report.intercept, slopeLower: finite(report.slopeLower),
                             slopeUpper: finite(report.slopeUpper), from: xs.first!, to: xs.last!, pivot: median(xs),
                             label: "Theil–Sen \(Markup.signed(report.slope)) µg/m³ per year "
                                 + "(95 % CI \(Markup.signed(report.slopeLower)) to \(Markup.signed(report.slopeUpper)))")
        return (line, verdict(report))
    }

    /// The seasonal Sen line over the months, or nil and why there is none.
    static func monthly(_ query: TrendQuery, scope: ReportScope, from: Int?, to: Int?, profile: ValidityProfile) -> (TrendLine?, String?) {
        let report: TrendReport
        do {
            report = try query.report(.init(scope: scope, series: .monthly, from: from, to: to, profile: profile))
        } catch {
            return (nil, (error as? TrendError)?.message ?? "\(error)")
        }
        // The report's x is the start of a month (year + (month − 1)/12); the chart puts a month at its
        // middle, half a month (1/24 year) later, so the line moves by that much to pass the same dots.
        let xs = report.points.map { $0.x + 1.0 / 24 }
        let line = TrendLine(slope: report.slope, intercept: report.intercept - report.slope / 24, from: xs.first!, to: xs.last!,
                             label: "seasonal Sen slope \(Markup.signed(report.slope)) µg/m³ per year")
        return (line, verdict(report))
    }

    /// "Mann–Kendall: decreasing (p = 0.042, n = 4)", as `airtrend trend` words it.
    private static func verdict(_ report: TrendReport) -> String {
        let test = report.series == .annual ? "Mann–Kendall" : "seasonal Kendall"
        let percent = report.slopePercent.map { ", \(Markup.signed($0)) % per year of the line's \(report.points[0].label) value" } ?? ""
        return "\(test): \(report.trend) (p = \(report.test.p.formatted(decimals: 3)), n = \(report.n))\(percent)"
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
