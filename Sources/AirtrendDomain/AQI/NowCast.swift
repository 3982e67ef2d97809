/// The US EPA NowCast for PM2.5 (EPA-454/B-24-002; standards.md §4.3).
public enum NowCast {
    /// The NowCast from the 12 most recent hours, newest first (nil = missing hour).
    ///
    /// Valid only when at least 2 of the 3 newest hours are present. The weight factor is
    /// min/max over the hours present, floored at 0.5; the result is truncated to 0.1 µg/m³.
    /// Returns nil when invalid, or when every present hour is 0 (the ratio is undefined; the
    /// NowCast is then 0).
    public static func pm25(newestFirst hours: [Double?]) -> Double? {
        let window = Array(hours.prefix(12))
        guard window.prefix(3).compactMap({ $0 }).count >= 2 else { return nil }
        let present = window.compactMap { $0 }
        guard let high = present.max(), let low = present.min() else { return nil }
        if high <= 0 { return 0 }
        let weight = max(low / high, 0.5)
        var numerator = 0.0, denominator = 0.0, factor = 1.0
        for value in window {
            if let value {
                numerator += factor * value
                denominator += factor
            }
            factor *= weight
        }
        return ((numerator / denominator) * 10).rounded(.towardZero) / 10
    }
}
