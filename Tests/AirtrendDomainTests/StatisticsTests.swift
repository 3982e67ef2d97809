import Testing
@testable import AirtrendDomain

/// A day with a mean of `mean`, valid or not.
private func day(_ year: Int, _ month: Int, _ dayOfMonth: Int, mean: Double, valid: Bool = true) -> DaySummary {
    DaySummary(dayNumber: CivilDate.dayNumber(year: year, month: month, day: dayOfMonth), observed: valid ? 24 : 10,
               expected: 24, sum: mean * Double(valid ? 24 : 10), minimum: mean, maximum: mean, valid: valid)
}

/// Every day of `year`, all valid, value = day of year, minus the listed (month, day) pairs.
private func fullYear(_ year: Int, dropping: Set<[Int]> = []) -> [DaySummary] {
    var days: [DaySummary] = []
    var index = 0
    for month in 1...12 {
        for d in 1...CivilDate.daysInMonth(year: year, month: month) {
            index += 1
            if dropping.contains([month, d]) { continue }
            days.append(day(year, month, d, mean: Double(index)))
        }
    }
    return days
}

@Suite struct StatisticsTests {
    let profile = ValidityProfile.gb3095_2012

    @Test func day_needs20Hours() {
        #expect(!DaySummary.station(dayNumber: 0, hours: 19, sum: 19, minimum: 1, maximum: 1, profile: profile).valid)
        #expect(DaySummary.station(dayNumber: 0, hours: 20, sum: 20, minimum: 1, maximum: 1, profile: profile).valid)
    }

    @Test func february_needs25Days_otherMonths27() {
        let feb24 = (1...24).map { day(2015, 2, $0, mean: 10) }
        let feb25 = (1...25).map { day(2015, 2, $0, mean: 10) }
        #expect(!PeriodStatistics.month(year: 2015, month: 2, days: feb24, profile: profile).valid)
        #expect(PeriodStatistics.month(year: 2015, month: 2, days: feb25, profile: profile).valid)
        let mar26 = (1...26).map { day(2015, 3, $0, mean: 10) }
        let mar27 = (1...27).map { day(2015, 3, $0, mean: 10) }
        #expect(!PeriodStatistics.month(year: 2015, month: 3, days: mar26, profile: profile).valid)
        #expect(PeriodStatistics.month(year: 2015, month: 3, days: mar27, profile: profile).valid)
        #expect(PeriodStatistics.month(year: 2015, month: 3, days: mar27, profile: profile).expectedDays == 31)
    }

    @Test func year_needs324Days() {
        // Drop 3 days from each of 11 months (33) and 8 more spread so no month falls below its minimum.
        var dropped: Set<[Int]> = []
        for month in [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] { for d in 1...3 { dropped.insert([month, d]) } }
        for month in [1, 3, 5, 7, 8, 10, 12] { dropped.insert([month, 31]) } // 31-day months may lose a fourth day
        dropped.insert([2, 1])
        let with324 = fullYear(2015, dropping: dropped)
        #expect(with324.count == 324)
        let complete = PeriodStatistics.year(2015, days: with324, profile: profile)
        #expect(complete.validDays == 324)
        #expect(complete.validMonths == 12)
        #expect(complete.complete)

        dropped.insert([2, 2])
        let with323 = fullYear(2015, dropping: dropped)
        let incomplete = PeriodStatistics.year(2015, days: with323, profile: profile)
        #expect(incomplete.validDays == 323)
        #expect(incomplete.validMonths == 12)
        #expect(!incomplete.complete)
    }

    @Test func year_withAShortMonth_isIncompleteDespiteEnoughDays() {
        // 365 − 5 days = 360 valid days, but March keeps only 26.
        let days = fullYear(2015, dropping: [[3, 1], [3, 2], [3, 3], [3, 4], [3, 5]])
        let stats = PeriodStatistics.year(2015, days: days, profile: profile)
        #expect(stats.validDays == 360)
        #expect(stats.validMonths == 11)
        #expect(!stats.complete)
    }

    @Test func leapYear_countsFebruary29() {
        let days = fullYear(2016)
        let stats = PeriodStatistics.year(2016, days: days, profile: profile)
        #expect(stats.validDays == 366)
        #expect(stats.expectedDays == 366)
        // Values 1…366: mean 183.5, p95 by k = 1 + 365·0.95 = 347.75 → 347.75.
        #expect(stats.mean == 183.5)
        #expect(abs(stats.percentile! - 347.75) < 1e-9)
        #expect(stats.daysOverLimit == 366 - 75)
    }

    @Test func invalidDays_doNotCount() {
        var days = fullYear(2015)
        days[0] = day(2015, 1, 1, mean: 1_000, valid: false)
        let stats = PeriodStatistics.year(2015, days: days, profile: profile)
        #expect(stats.validDays == 364)
        #expect(stats.mean == Double((2...365).reduce(0, +)) / 364)
    }

    @Test func percentile_hj663_interpolatesBetweenClosestRanks() {
        let values = (1...365).map(Double.init)
        // n = 365: k = 346.8 → X(346) + 0.8·(X(347) − X(346)) = 346.8.
        #expect(abs(Percentile.hj663(sorted: values, p: 0.95)! - 346.8) < 1e-9)
        #expect(Percentile.hj663(sorted: [42], p: 0.95) == 42)
        #expect(Percentile.hj663(sorted: [], p: 0.95) == nil)
        #expect(Percentile.hj663(sorted: [10, 20], p: 0.95) == 19.5)
    }
}

@Suite struct ReductionReportTests {
    private func year(_ y: Int, mean: Double?, complete: Bool = true) -> YearStatistics {
        YearStatistics(year: y, validDays: complete ? 360 : 100, expectedDays: 365, validMonths: complete ? 12 : 4,
                       mean: mean, percentile: mean.map { $0 * 2 }, daysOverLimit: 0, complete: complete)
    }

    @Test func change_isMeanMinusBaseline_andAFallIsNegative() throws {
        let report = try ReductionReport(scope: "station:x", profile: .gb3095_2012, baselineYear: 2013,
                                         years: [year(2014, mean: 80), year(2013, mean: 100)])
        #expect(report.rows.map(\.year) == [2013, 2014])
        #expect(report.rows[0].change == nil)
        #expect(report.rows[1].change == -20)
        #expect(report.rows[1].changePercent == -20)
    }

    @Test func missingBaseline_isAnErrorNamingTheYear() {
        #expect(throws: DomainError.self) {
            try ReductionReport(scope: "station:x", profile: .gb3095_2012, baselineYear: 2013, years: [year(2014, mean: 80)])
        }
        do {
            _ = try ReductionReport(scope: "station:x", profile: .gb3095_2012, baselineYear: 2013, years: [year(2014, mean: 80)])
        } catch {
            #expect(error.message.contains("2013"))
            #expect(error.message.contains("2014"))
        }
    }

    @Test func incompleteBaseline_isFlagged() throws {
        let report = try ReductionReport(scope: "s", profile: .gb3095_2012, baselineYear: 2013,
                                         years: [year(2013, mean: 100, complete: false), year(2014, mean: 90)])
        #expect(report.baselineIncomplete)
    }

    @Test func presentationRounding_isHalfToEven() {
        #expect(2.25.formatted(decimals: 1) == "2.2")
        #expect(2.75.formatted(decimals: 1) == "2.8")
        #expect((-1.25).formatted(decimals: 1) == "-1.2")
        #expect((-0.04).formatted(decimals: 1) == "0.0")
        #expect(101.96.formatted(decimals: 1) == "102.0")
        #expect(7.0.formatted(decimals: 0) == "7")
    }
}

@Suite struct ProfileTests {
    private func days(_ year: Int, keep: (Int, Int) -> Bool) -> [DaySummary] {
        var result: [DaySummary] = []
        for month in 1...12 {
            for d in 1...CivilDate.daysInMonth(year: year, month: month) where keep(month, d) {
                result.append(DaySummary(dayNumber: CivilDate.dayNumber(year: year, month: month, day: d), observed: 24, expected: 24,
                                         sum: 240, minimum: 10, maximum: 10, valid: true))
            }
        }
        return result
    }

    @Test func epaDay_needs18Hours_gbDay20() {
        #expect(DaySummary.station(dayNumber: 0, hours: 18, sum: 18, minimum: 1, maximum: 1, profile: .epa).valid)
        #expect(!DaySummary.station(dayNumber: 0, hours: 18, sum: 18, minimum: 1, maximum: 1, profile: .gb3095_2012).valid)
        #expect(!DaySummary.station(dayNumber: 0, hours: 17, sum: 17, minimum: 1, maximum: 1, profile: .eu).valid)
    }

    @Test func epaYear_needsEveryQuarterAt75Percent() {
        // Q2 (91 days) keeps April, May and June 1–8: 30 + 31 + 8 = 69 days = 75.8 % → complete.
        let q2ok = days(2015) { m, d in m != 6 || d <= 8 }
        #expect(PeriodStatistics.year(2015, days: q2ok, profile: .epa).complete)
        // One day fewer: 68 / 91 = 74.7 % → incomplete, although 297 days remain overall.
        let q2short = days(2015) { m, d in m != 6 || d <= 7 }
        #expect(!PeriodStatistics.year(2015, days: q2short, profile: .epa).complete)
        // GB 3095 judges the first one incomplete: June has 8 days.
        #expect(!PeriodStatistics.year(2015, days: q2ok, profile: .gb3095_2012).complete)
    }

    @Test func euYear_needs90PercentCapture() {
        // 329 of 365 days = 90.1 % (drop 36 days from December and November).
        let enough = days(2015) { m, d in !(m == 12 && d <= 31) && !(m == 11 && d <= 5) }
        #expect(enough.count == 329)
        #expect(PeriodStatistics.year(2015, days: enough, profile: .eu).complete)
        let short = days(2015) { m, d in !(m == 12) && !(m == 11 && d <= 6) }
        #expect(short.count == 328)
        #expect(!PeriodStatistics.year(2015, days: short, profile: .eu).complete)
    }
}
