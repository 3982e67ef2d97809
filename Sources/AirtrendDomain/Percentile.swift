/// Percentiles as HJ 663-2013 Annex A computes them.
public enum Percentile {
    /// The p-th percentile (p in 0...1) of ascending-sorted values:
    /// k = 1 + (n − 1)·p, linear interpolation between X(⌊k⌋) and X(⌊k⌋+1).
    ///
    /// Returns nil for an empty array. The caller sorts; this does not check.
    public static func hj663(sorted values: [Double], p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let k = 1 + Double(n - 1) * p
        let s = Int(k.rounded(.down))
        if s >= n { return values[n - 1] }
        let lower = values[s - 1]
        let upper = values[s]
        return lower + (upper - lower) * (k - Double(s))
    }
}
