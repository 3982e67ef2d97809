extension AQIScale {
    /// The concentration (µg/m³) an index stands for: the linear inverse of ``index(_:)`` within the
    /// segment whose index range holds `index`.
    ///
    /// `C = (C_hi − C_lo) / (I_hi − I_lo) · (I − I_lo) + C_lo`, so a segment's end indices give its
    /// breakpoints exactly (EPA 2024: 50 → 9.0, 51 → 9.1, 100 → 35.4, 101 → 35.5).
    ///
    /// - Important: This is an approximation. A published sub-index has been rounded to an integer,
    ///   so the concentration behind it is only known to within one index step (about 0.18 µg/m³ per
    ///   index below 9 µg/m³ on the 2024 scale, 1.4 µg/m³ per index between 55.5 and 125.4). The result
    ///   is one point in that interval, chosen so that ``index(_:)`` gives `index` back. At the top of
    ///   a scale that caps (EPA 2024 gives 500 for everything above 325.4 µg/m³) the top index only
    ///   says "at least" the top breakpoint.
    ///
    /// - Returns: nil for a negative index or one above the scale's top.
    public func concentration(forIndex index: Int) -> Double? {
        guard index >= 0, let segment = segments.first(where: { index <= $0.indexHigh }) else { return nil }
        // EPA's index gaps (50 → 51) have no concentration between them; an index is always an integer.
        let clamped = max(index, segment.indexLow)
        let low = max(segment.low, 0)
        guard segment.indexHigh > segment.indexLow else { return low }
        let c = (segment.high - low) * Double(clamped - segment.indexLow) / Double(segment.indexHigh - segment.indexLow) + low
        // Snap away binary noise (EPA 2012 index 367 computes as 317.09999999999997, not 317.1):
        // `index(_:)` truncates to 0.1 µg/m³ first, and a hair under a tenth would land a tenth lower.
        return (c * 1e9).rounded() / 1e9
    }
}
