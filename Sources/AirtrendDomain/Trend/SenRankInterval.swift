/// The confidence interval of a Sen slope by the rank method of Sen (1968), eq. 2.6.
///
/// With N ascending pairwise slopes and σ² the variance of Kendall's S (tie-corrected), the
/// bounds are the slopes at the 0-based ranks round((N + z·σ)/2) − 1 and round((N − z·σ)/2),
/// z = Φ⁻¹(α/2) < 0, clamped to the list. The ranks are rounded half to even, as NumPy's
/// `round` does in `scipy.stats.theilslopes`, so the same points give the same bounds. Gilbert
/// (1987, §17.3) gives the same rule for the seasonal Kendall slope, with the seasonal Var(S).
enum SenRankInterval {
    /// The lower and upper bound; both NaN when the tie corrections leave a negative variance
    /// (heavy ties in x and y together), where the method has no answer.
    ///
    /// - Parameter confidence: in (0, 1); like SciPy, 0.05 and 0.95 both mean a 95 % interval.
    static func bounds(sortedSlopes slopes: [Double], varianceS: Double, confidence: Double) -> (lower: Double, upper: Double) {
        precondition(confidence > 0 && confidence < 1, "confidence must lie strictly between 0 and 1")
        precondition(!slopes.isEmpty)
        guard varianceS >= 0 else { return (.nan, .nan) }
        let alpha = confidence > 0.5 ? 1 - confidence : confidence
        let z = NormalDistribution.quantile(alpha / 2)
        let sigma = varianceS.squareRoot()
        let count = Double(slopes.count)
        let upper = min(Int(((count - z * sigma) / 2).rounded(.toNearestOrEven)), slopes.count - 1)
        let lower = max(Int(((count + z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
        return (slopes[lower], slopes[upper])
    }
}
