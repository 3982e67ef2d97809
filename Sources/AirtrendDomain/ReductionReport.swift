/// The headline answer: each year's annual figures and their change against a baseline year.
///
/// Changes are computed from unrounded means; rounding happens only when the
/// report is rendered. A fall is negative.
public struct ReductionReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var year: Int
        public var statistics: YearStatistics
        /// Annual mean − baseline mean, µg/m³; nil on the baseline row or without a mean.
        public var change: Double?
        /// 100 × change ÷ baseline mean; nil where ``change`` is.
        public var changePercent: Double?
    }

    /// What the figures describe, e.g. `station:beijing-us-embassy`.
    public var scope: String
    public var profile: ValidityProfile
    public var baselineYear: Int
    public var baseline: YearStatistics
    public var rows: [Row]

    /// Builds the report, or throws when the baseline year has no valid day.
    ///
    /// - Parameters:
    ///   - years: the scope's annual statistics, any order; years outside
    ///     `from...to` are left out of the rows (the baseline is always looked up).
    public init(
        scope: String,
        profile: ValidityProfile,
        baselineYear: Int,
        years: [YearStatistics],
        from: Int? = nil,
        to: Int? = nil
    ) throws(DomainError) {
        guard let baseline = years.first(where: { $0.year == baselineYear }), let baseMean = baseline.mean else {
            let held = years.filter { $0.mean != nil }.map(\.year).sorted()
            let range = held.isEmpty ? "no valid year at all" : "valid days in \(held.map(String.init).joined(separator: ", "))"
            throw DomainError("baseline year \(baselineYear) has no valid daily mean for \(scope) under profile \(profile.name) (the store has \(range)); import data for \(baselineYear) or choose another --baseline")
        }
        self.scope = scope
        self.profile = profile
        self.baselineYear = baselineYear
        self.baseline = baseline
        self.rows = years
            .filter { $0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) }
            .sorted { $0.year < $1.year }
            .map { stats in
                guard stats.year != baselineYear, let mean = stats.mean else {
                    return Row(year: stats.year, statistics: stats, change: nil, changePercent: nil)
                }
                let change = mean - baseMean
                return Row(year: stats.year, statistics: stats, change: change, changePercent: 100 * change / baseMean)
            }
    }

    /// True when the baseline itself fails the profile's year rules; every change is then provisional.
    public var baselineIncomplete: Bool { !baseline.complete }
}

extension Double {
    /// Rounds half to even at the given number of decimals (GB/T 8170), for presentation only.
    public func roundedHalfEven(decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (self * scale).rounded(.toNearestOrEven) / scale
    }

    /// Fixed-point text with half-to-even rounding, e.g. `101.9`.
    public func formatted(decimals: Int) -> String {
        let rounded = roundedHalfEven(decimals: decimals)
        let negative = rounded < 0 || (rounded == 0 && rounded.sign == .minus)
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(rounded) * Double(scale)).rounded())
        let whole = scaled / scale
        let fraction = scaled % scale
        var text = (negative && scaled != 0 ? "-" : "") + String(whole)
        if decimals > 0 { text += "." + pad(fraction, decimals) }
        return text
    }
}
