/// A Theil–Sen line: Sen's slope with its rank-based confidence interval, and the intercept.
///
/// - `slope`: the median of (y_j − y_i)/(x_j − x_i) over all pairs with x_j > x_i (pairs with
///   equal x are skipped).
/// - `slopeLower`, `slopeUpper`: the two-sided interval of Sen (1968), computed as
///   `scipy.stats.theilslopes(y, x, alpha=confidence)` does: normal quantile, Var(S) corrected
///   for ties in x and in y, ranks rounded half to even. NaN when heavy ties in both x and y make
///   that variance negative (SciPy returns NaN there too).
/// - `intercept`: the median of y − slope·x, the value of the line at x = 0. That is SciPy's
///   `method='joint'`; SciPy's default `'separate'` uses median(y) − slope·median(x) instead,
///   which differs whenever the x and y medians do not fall on the same point.
/// - `n`: the number of points.
///
/// The interval leans on a normal approximation that is rough for a handful of points; airtrend
/// reports a trend from 3 points on and says so. Values must be finite.
public struct TheilSenFit: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    public var slopeLower: Double
    public var slopeUpper: Double
    public var n: Int

    public init(slope: Double, intercept: Double, slopeLower: Double, slopeUpper: Double, n: Int) {
        self.slope = slope
        self.intercept = intercept
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
        self.n = n
    }

    /// The fit of `y` against `x` (the same length), or nil with fewer than 2 distinct x values,
    /// where no pair defines a slope.
    public static func fit(x: [Double], y: [Double], confidence: Double = 0.95) -> TheilSenFit? {
        precondition(x.count == y.count, "x and y must have the same length")
        var slopes: [Double] = []
        slopes.reserveCapacity(x.count * (x.count - 1) / 2)
        for i in x.indices {
            for j in x.indices where x[j] > x[i] {
                slopes.append((y[j] - y[i]) / (x[j] - x[i]))
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let slope = sortedMedian(slopes)!
        let intercept = sortedMedian(zip(x, y).map { $1 - slope * $0 }.sorted())!
        let variance = Double(KendallScore.varianceTerm(x.count) - KendallScore.tieTerm(x) - KendallScore.tieTerm(y)) / 18
        let bounds = SenRankInterval.bounds(sortedSlopes: slopes, varianceS: variance, confidence: confidence)
        return TheilSenFit(slope: slope, intercept: intercept, slopeLower: bounds.lower, slopeUpper: bounds.upper, n: x.count)
    }

    /// The line's value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }
}
