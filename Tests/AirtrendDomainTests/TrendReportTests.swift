import Testing
@testable import AirtrendDomain

@Suite struct TrendReportTests {
    private func annual(_ values: [Int: Double]) -> [TrendReport.Point] {
        values.map { TrendReport.Point(year: $0.key, value: $0.value) }
    }

    private func report(_ points: [TrendReport.Point], series: TrendReport.Series = .annual,
                        target: TrendReport.Target? = nil) throws -> TrendReport {
        try TrendReport(scope: "station:s", series: series, profile: .gb3095_2012, points: points, target: target)
    }

    @Test func belowThreePoints_isNotEnoughData_andSaysHowMany() throws {
        #expect(throws: TrendError.self) { try report(annual([2014: 80, 2015: 70])) }
        do {
            _ = try TrendReport(scope: "station:s", series: .annual, profile: .gb3095_2012, points: annual([2015: 70]),
                                shortage: "Add --include-provisional.")
            Issue.record("one point gave a trend")
        } catch {
            #expect(error.message == "station:s has 1 annual figure (2015) under gb3095-2012; a trend needs at least 3. Add --include-provisional.")
        }
        let three = try report(annual([2014: 80, 2015: 70, 2016: 75]))
        #expect(three.n == 3)
        #expect(three.mannKendall?.s == -1)
        #expect(three.trend == "no significant trend")
        // Three and four years can never reach p < 0.05; the report says so.
        #expect(three.notes.contains { $0.contains("cannot confirm") })
    }

    @Test func monthlySeries_keepsGapsInPlace_andTheLineStartsAtTheFirstMonth() throws {
        var points: [TrendReport.Point] = []
        for year in 2010...2013 {
            for month in 1...12 where !(year == 2011 && month == 3) && !(year == 2012 && month >= 7) {
                points.append(TrendReport.Point(year: year, month: month, value: 90 - 4 * Double(year - 2010) + Double(month % 5)))
            }
        }
        let series = TrendReport.monthlySeries(points)
        #expect(series.count == 48)
        #expect(series[14] == nil && series[30] == nil && series[35] == nil)
        #expect(series[13] != nil && series[29] != nil && series[36] != nil)
        let trend = try report(points.reversed(), series: .monthly)
        #expect(trend.points.first?.label == "2010-01")
        #expect(trend.slope == -4)
        #expect(trend.seasonalKendall?.n == points.count)
        // The intercept on decimal years is pymannkendall's (at the first month) moved to x = 0.
        let seasonal = try #require(trend.seasonalSlope)
        #expect(abs(trend.value(at: 2010) - seasonal.intercept) < 1e-9)
        #expect(abs(try #require(trend.slopePercent) - 100 * -4 / seasonal.intercept) < 1e-9)
    }

    @Test func monthlyWithoutAMonthInTwoYears_isNotEnoughData() {
        let points = (1...6).map { TrendReport.Point(year: 2017, month: $0, value: Double(60 - $0)) }
        #expect(throws: TrendError.self) { try report(points, series: .monthly) }
    }

    @Test func targetYear_isTheFirstYearWhoseTrendValueReachesTheLevel() throws {
        // 100 in 2010, falling exactly 10 a year.
        let line = annual([2010: 100, 2011: 90, 2012: 80, 2013: 70, 2014: 60])
        let sixty = try report(line, target: .init(percent: -60, baselineYear: 2010, baselineValue: 100)).target
        #expect(sixty?.level == 40)
        #expect(sixty?.year == 2016) // 40 exactly in 2016
        let fiftyFive = try report(line, target: .init(percent: -55, baselineYear: 2010, baselineValue: 100)).target
        #expect(fiftyFive?.year == 2016) // 45 is crossed during 2015.5; 2015's value is 50
        let rising = try report(annual([2010: 60, 2011: 70, 2012: 80]), target: .init(percent: -60, baselineYear: 2010, baselineValue: 60))
        #expect(rising.target?.year == nil)
        #expect(rising.target?.note?.contains("not falling") == true)
        let noBaseline = try report(line, target: .init(percent: -60, baselineYear: 2005, baselineValue: nil, missingBaseline: "no data in 2005"))
        #expect(noBaseline.target?.year == nil && noBaseline.target?.level == nil)
        #expect(noBaseline.target?.note == "no data in 2005")
    }

    @Test func monthlyTargetYear_usesTheMiddleOfEachYear() throws {
        // 12 a year down from 100 at January 2010, exact at every month.
        var points: [TrendReport.Point] = []
        for year in 2010...2012 {
            for month in 1...12 {
                points.append(TrendReport.Point(year: year, month: month, value: 100 - 12 * (Double(year - 2010) + Double(month - 1) / 12)))
            }
        }
        let trend = try report(points, series: .monthly, target: .init(percent: -60, baselineYear: 2010, baselineValue: 100))
        #expect(abs(trend.slope + 12) < 1e-9)
        // The line is at 40 on 1 January 2015; 2014's months average 46.5, 2015's 34.5.
        #expect(trend.target?.year == 2015)
    }
}
