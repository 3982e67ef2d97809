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
    /// How a year is judged complete.
    public let yearRule: YearRule

    /// The completeness rule for a year.
    public enum YearRule: Hashable, Sendable {
        /// GB 3095: at least `minDaysPerYear` valid days and every month at its minimum (27; 25 in February).
        case daysAndEveryMonth
        /// EPA (40 CFR 50 App. N): every calendar quarter has at least this share of its days valid.
        case everyQuarter(Double)
        /// EU (2008/50/EC Annex I): at least this share of the year's days valid (data capture).
        case capture(Double)
    }

    public init(
        name: String,
        minHoursPerDay: Int,
        minDaysPerYear: Int,
        dailyLimit: Double,
        annualLimit: Double,
        percentile: Double = 0.95,
        yearRule: YearRule = .daysAndEveryMonth
    ) {
        self.name = name
        self.minHoursPerDay = minHoursPerDay
        self.minDaysPerYear = minDaysPerYear
        self.dailyLimit = dailyLimit
        self.annualLimit = annualLimit
        self.percentile = percentile
        self.yearRule = yearRule
    }

    /// Valid days a month needs: 27, or 25 in February (GB 3095-2012 Table 4). Profiles without a
    /// monthly rule use 75 % of the month's days, so monthly rows still say whether they are representative.
    public func minDaysPerMonth(month: Int, year: Int = 2001) -> Int {
        switch yearRule {
        case .daysAndEveryMonth: month == 2 ? 25 : 27
        default: Int((0.75 * Double(CivilDate.daysInMonth(year: year, month: month))).rounded(.up))
        }
    }

    /// Whether a year with these valid days per month (index 1…12) is complete.
    public func yearComplete(year: Int, validDaysPerMonth: [Int]) -> Bool {
        let total = (1...12).reduce(0) { $0 + validDaysPerMonth[$1] }
        switch yearRule {
        case .daysAndEveryMonth:
            return total >= minDaysPerYear && (1...12).allSatisfy { validDaysPerMonth[$0] >= minDaysPerMonth(month: $0, year: year) }
        case .everyQuarter(let share):
            return (0..<4).allSatisfy { quarter in
                let months = (quarter * 3 + 1)...(quarter * 3 + 3)
                let valid = months.reduce(0) { $0 + validDaysPerMonth[$1] }
                let days = months.reduce(0) { $0 + CivilDate.daysInMonth(year: year, month: $1) }
                return Double(valid) >= share * Double(days)
            }
        case .capture(let share):
            return Double(total) >= share * Double(CivilDate.daysInYear(year))
        }
    }

    /// One line on the year rule, for reports.
    public var yearRuleDescription: String {
        switch yearRule {
        case .daysAndEveryMonth: "fewer than \(minDaysPerYear) valid days or a month below its minimum"
        case .everyQuarter(let share): "a calendar quarter with fewer than \(Int(share * 100)) % of its days valid"
        case .capture(let share): "fewer than \(Int(share * 100)) % of the year's days valid"
        }
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

    /// US EPA (40 CFR 50 Appendix N): a day valid with 18 hours (75 %), a year complete when each
    /// quarter has at least 75 % of its days; the 24-hour standard is 35 µg/m³, the annual 9 (2024).
    /// airtrend reports the mean of valid days (Appendix N's design value averages quarterly means over three years),
    /// and the 95th percentile like every profile, so the report's `p95_daily` column means one thing (EPA's 24-hour
    /// design value uses the 98th).
    public static let epa = ValidityProfile(
        name: "epa", minHoursPerDay: 18, minDaysPerYear: 0, dailyLimit: 35, annualLimit: 9,
        yearRule: .everyQuarter(0.75)
    )

    /// EU (Directive 2008/50/EC Annex I): days valid with 18 hours (common practice), a year valid
    /// with at least 90 % data capture; annual limit value 25 µg/m³.
    public static let eu = ValidityProfile(
        name: "eu", minHoursPerDay: 18, minDaysPerYear: 0, dailyLimit: 25, annualLimit: 25, percentile: 0.95,
        yearRule: .capture(0.9)
    )

    /// Every profile the store can compute, by name.
    public static let all: [ValidityProfile] = [.gb3095_2012, .gb3095_2026, .epa, .eu]

    public static let `default` = gb3095_2012

    /// The profile with this name, or a ``DomainError`` listing the known names.
    public static func named(_ name: String) throws(DomainError) -> ValidityProfile {
        guard let profile = all.first(where: { $0.name == name }) else {
            throw DomainError("unknown profile '\(name)': expected one of \(all.map(\.name).joined(separator: ", "))")
        }
        return profile
    }
}
