/// What the Mann–Kendall and seasonal Kendall tests report, so a caller can print either alike.
public protocol KendallTrendTest: Sendable {
    /// Kendall's S (summed over the seasons for the seasonal test).
    var s: Int { get }
    /// Var(S) under no trend, tie-corrected.
    var varianceS: Double { get }
    /// The standard normal score of S with the continuity correction.
    var z: Double { get }
    /// The two-sided p of `z`.
    var p: Double { get }
    /// Kendall's tau: S over the number of compared pairs.
    var tau: Double { get }
    /// The values the test used (missing ones are not counted).
    var n: Int { get }

    init(s: Int, varianceS: Double, z: Double, p: Double, tau: Double, n: Int)
}

extension KendallTrendTest {
    /// The test from S, Var(S), the number of pairs compared and of values used.
    init(s: Int, varianceS: Double, pairs: Int, n: Int) {
        let z = KendallScore.z(s: s, varianceS: varianceS)
        self.init(s: s, varianceS: varianceS, z: z, p: KendallScore.twoSidedP(z), tau: Double(s) / Double(pairs), n: n)
    }

    /// "decreasing" or "increasing" when p < `significance`, else "no significant trend".
    public func trend(significance: Double = 0.05) -> String {
        guard p < significance else { return "no significant trend" }
        return s < 0 ? "decreasing" : "increasing"
    }
}
