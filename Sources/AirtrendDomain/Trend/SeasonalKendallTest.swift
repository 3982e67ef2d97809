/// The seasonal Kendall test of Hirsch, Slack & Smith (1982), as `pymannkendall.seasonal_test(x, period)` computes it.
///
/// The series is read in rows of `period` (position k is season k mod `period`, cycle k / `period`;
/// for monthly data starting in January, season 0 is January). Each season is a Mann–Kendall
/// series of its own, missing values (nil or NaN) skipped:
/// - `s` and `varianceS`: the seasons' S and tie-corrected Var(S), summed; no correction for
///   serial correlation between seasons (as the issue and pymannkendall specify).
/// - `z`, `p`: as ``MannKendallTest`` from the summed S and Var(S).
/// - `tau`: S ÷ Σ n_s(n_s − 1)/2 over the seasons.
/// - `n`: the values present.
///
/// Nil below 3 values, and when no season holds two values (no within-season pair to compare).
public struct SeasonalKendallTest: KendallTrendTest, Equatable {
    public var s: Int
    public var varianceS: Double
    public var z: Double
    public var p: Double
    public var tau: Double
    public var n: Int

    public init(s: Int, varianceS: Double, z: Double, p: Double, tau: Double, n: Int) {
        self.s = s
        self.varianceS = varianceS
        self.z = z
        self.p = p
        self.tau = tau
        self.n = n
    }

    public static func test(_ series: [Double?], period: Int = 12) -> SeasonalKendallTest? {
        let scores = seasons(series, period: period).map { KendallScore($0.map(\.value)) }
        let n = scores.reduce(0) { $0 + $1.n }
        let pairs = scores.reduce(0) { $0 + $1.pairs }
        guard n >= 3, pairs > 0 else { return nil }
        return SeasonalKendallTest(s: scores.reduce(0) { $0 + $1.s }, varianceS: scores.reduce(0.0) { $0 + $1.varianceS },
                                   pairs: pairs, n: n)
    }

    /// The present values of each season with their cycle number, in time order.
    static func seasons(_ series: [Double?], period: Int) -> [[(cycle: Int, value: Double)]] {
        precondition(period >= 1, "a period holds at least one season")
        var seasons = [[(cycle: Int, value: Double)]](repeating: [], count: period)
        for (position, value) in series.enumerated() {
            guard let value, !value.isNaN else { continue }
            seasons[position % period].append((position / period, value))
        }
        return seasons
    }
}
