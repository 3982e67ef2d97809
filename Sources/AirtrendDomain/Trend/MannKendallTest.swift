/// The Mann–Kendall test for a monotonic trend, as `pymannkendall.original_test` reports it.
///
/// - `s`: Σ_{i<j} sign(y_j − y_i) over the series in time order.
/// - `varianceS`: Var(S) with the tie correction, [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18.
/// - `z`: (S − 1)/√Var(S) for S > 0, (S + 1)/√Var(S) for S < 0, 0 for S = 0 (continuity correction).
/// - `p`: two-sided, 2·(1 − Φ(|Z|)), computed from the upper tail so small p keep their digits
///   (pymannkendall's `2*(1-norm.cdf(|z|))` agrees to about 1e-16 absolute).
/// - `tau`: S ÷ (n(n−1)/2), Kendall's tau-a, which is pymannkendall's `Tau` (not SciPy's tau-b).
///
/// Below 3 values there is no test (nil): with 2, S is ±1 and the continuity correction always
/// gives Z = 0. The normal approximation is rough below about 10 values; with 4 no series can
/// reach p < 0.05 (the smallest possible p is 0.089).
public struct MannKendallTest: KendallTrendTest, Equatable {
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

    /// The test of `y` in time order; NaN values are skipped (as pymannkendall does). Nil below 3 values.
    public static func test(_ y: [Double]) -> MannKendallTest? {
        let values = y.filter { !$0.isNaN }
        guard values.count >= 3 else { return nil }
        let score = KendallScore(values)
        return MannKendallTest(s: score.s, varianceS: score.varianceS, pairs: score.pairs, n: score.n)
    }

    /// The smallest two-sided p any series of `n` distinct values can reach (a strictly monotonic one).
    public static func smallestP(n: Int) -> Double? {
        guard n >= 3 else { return nil }
        let s = n * (n - 1) / 2
        return KendallScore.twoSidedP(KendallScore.z(s: s, varianceS: Double(KendallScore.varianceTerm(n)) / 18))
    }
}
