/// One year (or same-month season) of a region, combined from its member cities' figures.
///
/// Follows how the ministry published the 13-city Jing-Jin-Ji figure for 2013–2017: the region's
/// annual mean is the **equal-weight mean of the member cities' annual means**. A region has a figure
/// only when **every** member city has one (data in every month of the period): a mean of the cities
/// that happen to be in the store would be a different region. The figure is complete only when every
/// member city's is complete.
public struct RegionYear: Sendable, Equatable {
    public var year: Int
    /// Equal-weight mean of the member cities' figures; nil unless every member city has one.
    public var mean: Double?
    /// Cities with a figure (data in every month of the period) this year.
    public var contributing: [String]
    /// Cities with any valid day this year (figure or not): what the store holds.
    public var present: [String]
    /// Member cities whose year is missing, has no figure, or is incomplete.
    public var incomplete: [String]
    /// How many cities the region has.
    public var memberCount: Int
    /// Fewest valid days among the cities present (those with any valid day).
    public var minimumValidDays: Int
    public var expectedDays: Int
    /// Months with data in every member city (the period's months when the region has a figure, else the fewest).
    public var monthsWithData: Int
    /// Months in the period (12 for a year).
    public var periodMonths: Int = 12
    public var complete: Bool { mean != nil && incomplete.isEmpty }

    /// Combines member cities' statistics for every year any of them has.
    ///
    /// - Parameters:
    ///   - members: the region's cities, in config order.
    ///   - years: each city's annual (or season) statistics; a city without data may be absent.
    ///   - monthsWithData: for each city and year, how many months of the period hold any valid day; nil
    ///     takes every city with a mean as having a figure.
    ///   - periodMonths: months in the period (12 for a year, the selection's for a season).
    public static func combine(members: [String], years: [String: [YearStatistics]], monthsWithData: [String: [Int: Int]]? = nil,
                               periodMonths: Int = 12) -> [RegionYear] {
        let allYears = Set(years.values.flatMap { $0.map(\.year) }).sorted()
        return allYears.map { year in
            var means: [Double] = []
            var contributing: [String] = []
            var present: [String] = []
            var incomplete: [String] = []
            var minimumDays = Int.max
            var fewestMonths = periodMonths
            for city in members {
                let stats = years[city]?.first { $0.year == year }
                let months = stats?.mean == nil ? 0 : monthsWithData.map { $0[city]?[year] ?? 0 } ?? periodMonths
                if let stats, stats.mean != nil {
                    present.append(city)
                    minimumDays = min(minimumDays, stats.validDays)
                }
                if let stats, let mean = stats.mean, months >= periodMonths {
                    means.append(mean)
                    contributing.append(city)
                }
                if stats?.complete != true || months < periodMonths { incomplete.append(city) }
                fewestMonths = min(fewestMonths, months)
            }
            let whole = contributing.count == members.count && !members.isEmpty
            return RegionYear(
                year: year, mean: whole ? means.reduce(0, +) / Double(means.count) : nil,
                contributing: contributing, present: present, incomplete: incomplete, memberCount: members.count,
                minimumValidDays: minimumDays == Int.max ? 0 : minimumDays,
                expectedDays: years.values.lazy.compactMap { $0.first { $0.year == year }?.expectedDays }.first ?? CivilDate.daysInYear(year),
                monthsWithData: fewestMonths, periodMonths: periodMonths
            )
        }
    }

    /// The region year as annual statistics, so the report treats every scope alike.
    /// The percentile and days over the limit are not defined for a region and stay empty.
    public var statistics: YearStatistics {
        YearStatistics(year: year, validDays: minimumValidDays, expectedDays: expectedDays, validMonths: complete ? periodMonths : 0,
                       mean: mean, percentile: nil, daysOverLimit: 0, complete: complete)
    }

    /// Why the region has no figure this year, e.g. `no regional figure: 1 of 13 cities`, or nil when it has one.
    public var noFigure: String? {
        mean == nil ? "no regional figure: \(contributing.count) of \(memberCount) cities" : nil
    }
}
