/// The headline answer: each year's annual figures and their change against a baseline year.
///
/// Changes are computed from unrounded means; rounding happens only when the
/// report is rendered. A fall is negative.
public struct ReductionReport: Sendable {
    /// Which kind of scope the report is about; regions have no percentile or exceedance days.
    public enum ScopeKind: String, Sendable { case station, city, region }

    /// Who made up a city or region figure in one year.
    public struct Members: Sendable, Equatable {
        /// Stations (for a city) or cities (for a region) that contributed.
        public var used: [String]
        /// Region only: member cities whose year is missing or incomplete.
        public var incomplete: [String]
        public init(used: [String], incomplete: [String] = []) {
            self.used = used
            self.incomplete = incomplete
        }
    }

    /// A member city's figure in the latest reported year, against its own baseline.
    public struct MemberLine: Sendable, Equatable {
        public var city: String
        public var statistics: YearStatistics?
        public var change: Double?
        public var changePercent: Double?
        public init(city: String, statistics: YearStatistics?, baseline: YearStatistics?) {
            self.city = city
            self.statistics = statistics
            if let mean = statistics?.mean, let base = baseline?.mean, base != 0 {
                change = mean - base
                changePercent = 100 * (mean - base) / base
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var year: Int
        public var statistics: YearStatistics
        /// Months with any valid day (nil when unknown); a year with data in fewer than 12 months is no annual figure.
        public var monthsWithData: Int?
        public var members: Members?
        /// Annual mean − baseline mean, µg/m³; nil on the baseline row or without a mean.
        public var change: Double?
        /// 100 × change ÷ baseline mean; nil where ``change`` is.
        public var changePercent: Double?
        /// The year's valid days by HJ 633-2012 IAQI category of their daily means; nil for a
        /// region, which has no daily series of its own.
        public var hj633Days: AQIDayCounts?
        /// The same days by US EPA AQI category (2024 breakpoints); nil for a region.
        public var epaDays: AQIDayCounts?
    }

    /// What the figures describe, e.g. `station:beijing-us-embassy`.
    public var scope: String
    public var kind: ScopeKind = .station
    public var profile: ValidityProfile
    public var baselineYear: Int
    public var baseline: YearStatistics
    public var rows: [Row]
    /// Region only: each member city in the last reported year.
    public var memberLines: [MemberLine] = []

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
            let held = years.filter { $0.mean != nil }.sorted { $0.year < $1.year }
            let range = held.isEmpty ? "no valid day at all"
                : "valid days only in " + held.map { "\($0.year) (\($0.validDays) of \($0.expectedDays) days\($0.complete ? "" : ", not a complete year"))" }.joined(separator: ", ")
            throw DomainError("no annual figure for \(scope) in the baseline year \(baselineYear) under profile \(profile.name): the store has \(range); a year is incomplete with \(profile.yearRuleDescription). Import data for \(baselineYear) or choose another --baseline")
        }
        self.scope = scope
        self.profile = profile
        self.baselineYear = baselineYear
        self.baseline = baseline
        self.rows = years
            // A year without a single valid day (e.g. the one hour of 31 December that an
            // hour-ending file starting on 1 January carries) says nothing; leave it out.
            .filter { $0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) && ($0.validDays > 0 || $0.year == baselineYear) }
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
        if decimals > 0 { text += "." + fraction.zeroPadded(decimals) }
        return text
    }
}
