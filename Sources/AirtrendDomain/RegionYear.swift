/// One year of a region, combined from its member cities' annual figures.
///
/// Follows how the ministry published the 13-city Jing-Jin-Ji figure for
/// 2013–2017: the region's annual mean is the **equal-weight mean of the member
/// cities' annual means**, and the year is complete only when every member
/// city's year is complete.
public struct RegionYear: Sendable, Equatable {
    public var year: Int
    /// Equal-weight mean of the annual means of the cities that have one.
    public var mean: Double?
    /// Cities with an annual mean this year.
    public var contributing: [String]
    /// Member cities whose year is missing or incomplete.
    public var incomplete: [String]
    /// Fewest valid days among the contributing cities.
    public var minimumValidDays: Int
    public var expectedDays: Int
    /// Months with any data, at most, among the member cities.
    public var monthsWithData: Int
    public var complete: Bool { incomplete.isEmpty && !contributing.isEmpty }

    /// Combines member cities' annual statistics for every year any of them has.
    ///
    /// - Parameters:
    ///   - members: the region's cities, in config order.
    ///   - years: each city's annual statistics (a city without data may be absent).
    ///   - monthsWithData: for each city and year, how many months have any valid day.
    public static func combine(members: [String], years: [String: [YearStatistics]], monthsWithData: [String: [Int: Int]] = [:]) -> [RegionYear] {
        let allYears = Set(years.values.flatMap { $0.map(\.year) }).sorted()
        return allYears.map { year in
            var means: [Double] = []
            var contributing: [String] = []
            var incomplete: [String] = []
            var minimumDays = Int.max
            var months = 0
            for city in members {
                let stats = years[city]?.first { $0.year == year }
                if let stats, let mean = stats.mean {
                    means.append(mean)
                    contributing.append(city)
                    minimumDays = min(minimumDays, stats.validDays)
                }
                if stats?.complete != true { incomplete.append(city) }
                months = max(months, monthsWithData[city]?[year] ?? 0)
            }
            return RegionYear(
                year: year, mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
                contributing: contributing, incomplete: incomplete,
                minimumValidDays: minimumDays == Int.max ? 0 : minimumDays,
                expectedDays: CivilDate.daysInYear(year), monthsWithData: months
            )
        }
    }

    /// The region year as annual statistics, so the report treats every scope alike.
    /// The percentile and days over the limit are not defined for a region and stay empty.
    public var statistics: YearStatistics {
        YearStatistics(year: year, validDays: minimumValidDays, expectedDays: expectedDays, validMonths: complete ? 12 : 0,
                       mean: mean, percentile: nil, daysOverLimit: 0, complete: complete)
    }
}
