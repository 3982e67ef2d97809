/// Monthly and annual statistics computed from a series of daily means.
///
/// The same code serves a station, a city or a region: anything with a daily
/// series. Expected counts come from the calendar, never from the rows present.
public struct MonthStatistics: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var validDays: Int
    public var expectedDays: Int
    public var requiredDays: Int
    /// Mean of the month's valid daily means; nil without any.
    public var mean: Double?
    public var valid: Bool

    public init(year: Int, month: Int, validDays: Int, expectedDays: Int, requiredDays: Int, mean: Double?, valid: Bool) {
        self.year = year
        self.month = month
        self.validDays = validDays
        self.expectedDays = expectedDays
        self.requiredDays = requiredDays
        self.mean = mean
        self.valid = valid
    }
}

/// Annual statistics under one profile.
public struct YearStatistics: Hashable, Sendable {
    public var year: Int
    public var validDays: Int
    public var expectedDays: Int
    /// Months meeting the profile's monthly minimum.
    public var validMonths: Int
    /// Mean of the year's valid daily means; nil without any.
    public var mean: Double?
    /// The profile's percentile of valid daily means (HJ 663 interpolation).
    public var percentile: Double?
    /// Valid days whose mean is strictly above the profile's daily limit.
    public var daysOverLimit: Int
    /// At least the profile's minimum valid days, and every month valid.
    public var complete: Bool

    public init(year: Int, validDays: Int, expectedDays: Int, validMonths: Int, mean: Double?, percentile: Double?, daysOverLimit: Int, complete: Bool) {
        self.year = year
        self.validDays = validDays
        self.expectedDays = expectedDays
        self.validMonths = validMonths
        self.mean = mean
        self.percentile = percentile
        self.daysOverLimit = daysOverLimit
        self.complete = complete
    }
}

public enum PeriodStatistics {
    /// Statistics of one calendar month from the days of that month (others are ignored).
    public static func month(year: Int, month: Int, days: [DaySummary], profile: ValidityProfile) -> MonthStatistics {
        var count = 0
        var sum = 0.0
        for day in days where day.valid {
            let date = CivilDate(dayNumber: day.dayNumber)
            guard date.year == year, date.month == month, let mean = day.mean else { continue }
            count += 1
            sum += mean
        }
        let required = profile.minDaysPerMonth(month: month, year: year)
        return MonthStatistics(
            year: year, month: month, validDays: count,
            expectedDays: CivilDate.daysInMonth(year: year, month: month),
            requiredDays: required, mean: count > 0 ? sum / Double(count) : nil,
            valid: count >= required
        )
    }

    /// Statistics of every month of `year` that has at least one day in `days`, in one pass.
    public static func months(year: Int, days: [DaySummary], profile: ValidityProfile) -> [MonthStatistics] {
        var seen = [Bool](repeating: false, count: 13)
        var count = [Int](repeating: 0, count: 13)
        var sum = [Double](repeating: 0, count: 13)
        for day in days {
            let date = CivilDate(dayNumber: day.dayNumber)
            guard date.year == year else { continue }
            seen[date.month] = true
            if day.valid, let mean = day.mean {
                count[date.month] += 1
                sum[date.month] += mean
            }
        }
        return (1...12).filter { seen[$0] }.map { month in
            let required = profile.minDaysPerMonth(month: month, year: year)
            return MonthStatistics(
                year: year, month: month, validDays: count[month],
                expectedDays: CivilDate.daysInMonth(year: year, month: month),
                requiredDays: required, mean: count[month] > 0 ? sum[month] / Double(count[month]) : nil,
                valid: count[month] >= required
            )
        }
    }

    /// Statistics of one calendar year from the days of that year (others are ignored).
    public static func year(_ year: Int, days: [DaySummary], profile: ValidityProfile) -> YearStatistics {
        var perMonth = [Int](repeating: 0, count: 13)
        var means: [Double] = []
        means.reserveCapacity(366)
        for day in days where day.valid {
            let date = CivilDate(dayNumber: day.dayNumber)
            guard date.year == year, let mean = day.mean else { continue }
            perMonth[date.month] += 1
            means.append(mean)
        }
        means.sort()
        let validMonths = (1...12).filter { perMonth[$0] >= profile.minDaysPerMonth(month: $0, year: year) }.count
        let sum = means.reduce(0, +)
        return YearStatistics(
            year: year,
            validDays: means.count,
            expectedDays: CivilDate.daysInYear(year),
            validMonths: validMonths,
            mean: means.isEmpty ? nil : sum / Double(means.count),
            percentile: Percentile.hj663(sorted: means, p: profile.percentile),
            daysOverLimit: means.filter { $0 > profile.dailyLimit }.count,
            complete: profile.yearComplete(year: year, validDaysPerMonth: perMonth)
        )
    }
}
