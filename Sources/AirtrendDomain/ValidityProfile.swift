/// The named rules that turn hours into valid days, months and years.
///
/// Every aggregate is stored and reported under a profile name, so figures made
/// under different rules are never mixed. Profiles are values: add one to
/// ``ValidityProfile/all`` and the store can materialise it from stored hours.
public struct ValidityProfile: Hashable, Sendable {
    /// The name used in the store, config and on the command line.
    public let name: String
    /// Valid hours a local day needs before its mean is valid.
    public let minHoursPerDay: Int
    /// Valid days a year needs, whatever its months.
    public let minDaysPerYear: Int
    /// The daily limit that "days over" counts exceedances of (µg/m³, strictly above).
    public let dailyLimit: Double
    /// The annual limit, for display.
    public let annualLimit: Double
    /// The percentile of daily means reported with the annual mean (0.95 for HJ 663).
    public let percentile: Double

    public init(
        name: String,
        minHoursPerDay: Int,
        minDaysPerYear: Int,
        dailyLimit: Double,
        annualLimit: Double,
        percentile: Double = 0.95
    ) {
        self.name = name
        self.minHoursPerDay = minHoursPerDay
        self.minDaysPerYear = minDaysPerYear
        self.dailyLimit = dailyLimit
        self.annualLimit = annualLimit
        self.percentile = percentile
    }

    /// Valid days a month needs: 27, or 25 in February (GB 3095-2012 Table 4).
    public func minDaysPerMonth(month: Int) -> Int {
        month == 2 ? 25 : 27
    }

    /// GB 3095-2012 with HJ 663-2013 statistics: the default, and the rules of the 2013 baseline.
    public static let gb3095_2012 = ValidityProfile(
        name: "gb3095-2012", minHoursPerDay: 20, minDaysPerYear: 324, dailyLimit: 75, annualLimit: 35
    )

    /// GB 3095-2026 (in force 2026-03-01), transitional Grade II limits 30 / 60 µg/m³;
    /// the validity rules the reference does not say changed stay as in 2012.
    public static let gb3095_2026 = ValidityProfile(
        name: "gb3095-2026", minHoursPerDay: 20, minDaysPerYear: 324, dailyLimit: 60, annualLimit: 30
    )

    /// Every profile the store can compute, by name.
    public static let all: [ValidityProfile] = [.gb3095_2012, .gb3095_2026]

    public static let `default` = gb3095_2012

    /// The profile with this name, or a ``DomainError`` listing the known names.
    public static func named(_ name: String) throws(DomainError) -> ValidityProfile {
        guard let profile = all.first(where: { $0.name == name }) else {
            throw DomainError("unknown profile '\(name)': expected one of \(all.map(\.name).joined(separator: ", "))")
        }
        return profile
    }
}
