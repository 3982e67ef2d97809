import AirtrendDomain

/// The fitted trends the charts draw, from the figures they show.
///
/// The statistics themselves live in `AirtrendDomain/Trend` (Theil–Sen with Sen's interval for
/// annual means, the seasonal Sen slope for monthly ones); this only chooses the points (complete
/// years; valid months) and turns a fit into a ``TrendLine``.
enum ChartTrends {
    /// Fewer points than this make no trend (Mann–Kendall and Sen's interval need at least 3).
    static let minimumPoints = 3

    /// The Theil–Sen line over the complete years, or why there is none.
    static func annual(report: ReductionReport) -> (TrendLine?, String?) {
        let complete = report.rows.filter { $0.statistics.complete && $0.statistics.mean != nil }
        guard complete.count >= minimumPoints else {
            return (nil, "fewer than \(minimumPoints) complete years (\(complete.count)) to fit a trend to")
        }
        // TODO(trend): fit TheilSenFit.fit(x: complete years, y: their means) once AirtrendDomain/Trend lands.
        return (nil, "the trend statistics are not in this build")
    }

    /// The seasonal Sen line over the valid months, or why there is none.
    static func monthly(months: [MonthlyChart.Month]) -> (TrendLine?, String?) {
        let valid = months.filter { $0.valid && $0.mean != nil }
        guard Set(valid.map(\.year)).count >= minimumPoints else {
            return (nil, "valid months in fewer than \(minimumPoints) years")
        }
        // TODO(trend): fit SeasonalSenSlope.fit(series, period: 12) once AirtrendDomain/Trend lands.
        return (nil, "the trend statistics are not in this build")
    }
}
