import Testing
@testable import AirtrendDomain

@Suite struct RegionTests {
    private func year(_ y: Int, _ mean: Double?, complete: Bool, days: Int = 340) -> YearStatistics {
        YearStatistics(year: y, validDays: days, expectedDays: 365, validMonths: complete ? 12 : 9, mean: mean,
                       percentile: nil, daysOverLimit: 0, complete: complete)
    }

    @Test func regionMean_isTheEqualWeightMeanOfCityMeans() {
        let years = RegionYear.combine(members: ["A", "B", "C"], years: [
            "A": [year(2013, 100, complete: true)],
            "B": [year(2013, 60, complete: true, days: 330)],
            "C": [year(2013, 20, complete: true)],
        ])
        #expect(years.count == 1)
        #expect(years[0].mean == 60)
        #expect(years[0].complete)
        #expect(years[0].contributing == ["A", "B", "C"])
        #expect(years[0].minimumValidDays == 330)
    }

    @Test func regionWithAnIncompleteMemberCity_isIncompleteAndNamesIt() {
        let years = RegionYear.combine(members: ["A", "B", "C"], years: [
            "A": [year(2014, 90, complete: true)],
            "B": [year(2014, 70, complete: false, days: 200)],
        ])
        #expect(!years[0].complete)
        #expect(years[0].incomplete == ["B", "C"])
        #expect(years[0].contributing == ["A", "B"])
        #expect(years[0].present == ["A", "B"])
        // C has no figure, so neither has the region: a mean of A and B would be another region.
        #expect(years[0].mean == nil)
        #expect(years[0].noFigure == "no regional figure: 2 of 3 cities")
        #expect(!years[0].statistics.complete)
    }

    @Test func aCityWithDataInFewerThan12Months_leavesTheRegionWithoutAFigure() {
        let years = RegionYear.combine(members: ["A", "B"], years: [
            "A": [year(2014, 90, complete: true)],
            "B": [year(2014, 70, complete: false, days: 60)],
        ], monthsWithData: ["A": [2014: 12], "B": [2014: 2]])
        #expect(years[0].mean == nil)
        #expect(years[0].contributing == ["A"])
        #expect(years[0].present == ["A", "B"])
        #expect(years[0].monthsWithData == 2)
        #expect(years[0].minimumValidDays == 60)
        let whole = RegionYear.combine(members: ["A", "B"], years: ["A": [year(2014, 90, complete: true)], "B": [year(2014, 70, complete: false)]],
                                       monthsWithData: ["A": [2014: 12], "B": [2014: 12]])
        #expect(whole[0].mean == 80)
        #expect(!whole[0].complete)
    }
}
