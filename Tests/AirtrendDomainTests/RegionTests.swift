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
        #expect(years[0].mean == 80)
        #expect(!years[0].statistics.complete)
    }
}
