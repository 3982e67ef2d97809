extension PeriodStatistics {
    /// A same-month figure: the mean of the valid daily means in the selected months of the season
    /// labelled `year`, as annual statistics so reports treat it like a year.
    ///
    /// `expectedDays` are the calendar days of those months; `validMonths` those meeting the profile's
    /// monthly minimum; `complete` is true only when every selected month meets it (the figure is then
    /// valid, otherwise provisional). The percentile and days over the limit are over the same days.
    /// - Returns: the statistics and how many of the months hold any valid day (a season with data
    ///   missing in a month has no figure at all, as a year with fewer than 12 months has none).
    public static func season(_ selection: MonthSelection, labelled year: Int, days: [DaySummary],
                              profile: ValidityProfile) -> (statistics: YearStatistics, monthsWithData: Int) {
        let periods = selection.periods(labelled: year)
        var count: [Int: Int] = [:]
        var means: [Double] = []
        for day in days where day.valid {
            let date = CivilDate(dayNumber: day.dayNumber)
            guard let mean = day.mean, periods.contains(where: { $0.year == date.year && $0.month == date.month }) else { continue }
            count[date.year * 12 + date.month, default: 0] += 1
            means.append(mean)
        }
        means.sort()
        let validMonths = periods.filter { count[$0.year * 12 + $0.month, default: 0] >= profile.minDaysPerMonth(month: $0.month, year: $0.year) }.count
        let statistics = YearStatistics(
            year: year, validDays: means.count,
            expectedDays: periods.reduce(0) { $0 + CivilDate.daysInMonth(year: $1.year, month: $1.month) },
            validMonths: validMonths, mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
            percentile: Percentile.hj663(sorted: means, p: profile.percentile),
            daysOverLimit: means.filter { $0 > profile.dailyLimit }.count,
            complete: validMonths == periods.count
        )
        return (statistics, periods.filter { count[$0.year * 12 + $0.month, default: 0] > 0 }.count)
    }
}
