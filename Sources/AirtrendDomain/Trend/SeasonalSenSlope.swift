/// The seasonal Sen slope (Hirsch, Slack & Smith 1982), as `pymannkendall.seasonal_sens_slope(x, period)` computes it.
///
/// - `slope`: the median of all within-season slopes (y_j − y_i)/(cycle_j − cycle_i), per cycle
///   (per year for monthly data with `period` 12). Missing values are skipped; a gap of two
///   years between two Januaries divides by 2.
/// - `intercept`: pymannkendall's, median(present values) − median(positions of the present
///   values)/`period` × slope: the line's value at position 0 (the series' first element), with
///   time counted in cycles. So the line at position k is `intercept + slope · k / period`.
/// - `slopeLower`, `slopeUpper`: not in pymannkendall. The rank interval of Sen (1968) applied to
///   the within-season slopes with the seasonal test's Var(S), as Gilbert (1987, §17.3) gives for
///   this estimator; the same rule as ``TheilSenFit``'s. NaN if that variance were negative.
/// - `n`: the values present; `slopes`: the number of within-season pairs.
///
/// Nil when no season holds two values. A trend report asks for at least 3 values as well.
public struct SeasonalSenSlope: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    public var slopeLower: Double
    public var slopeUpper: Double
    public var n: Int
    public var slopes: Int

    public init(slope: Double, intercept: Double, slopeLower: Double, slopeUpper: Double, n: Int, slopes: Int) {
        self.slope = slope
        self.intercept = intercept
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
        self.n = n
        self.slopes = slopes
    }

    public static func fit(_ series: [Double?], period: Int = 12, confidence: Double = 0.95) -> SeasonalSenSlope? {
        let seasons = SeasonalKendallTest.seasons(series, period: period)
        var slopes: [Double] = []
        var variance = 0.0
        for season in seasons {
            for i in season.indices {
                for j in season.index(after: i)..<season.endIndex {
                    slopes.append((season[j].value - season[i].value) / Double(season[j].cycle - season[i].cycle))
                }
            }
            variance += KendallScore(season.map(\.value)).varianceS
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let slope = sortedMedian(slopes)!
        var values: [Double] = []
        var positions: [Double] = []
        for (position, value) in series.enumerated() {
            guard let value, !value.isNaN else { continue }
            values.append(value)
            positions.append(Double(position))
        }
        let intercept = sortedMedian(values.sorted())! - sortedMedian(positions)! / Double(period) * slope
        let bounds = SenRankInterval.bounds(sortedSlopes: slopes, varianceS: variance, confidence: confidence)
        return SeasonalSenSlope(slope: slope, intercept: intercept, slopeLower: bounds.lower, slopeUpper: bounds.upper,
                                n: values.count, slopes: slopes.count)
    }
}
