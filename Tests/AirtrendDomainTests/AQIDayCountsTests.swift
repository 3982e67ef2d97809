import Testing
@testable import AirtrendDomain

@Suite struct AQIDayCountsTests {
    /// Daily means on both sides of each HJ 633-2012 breakpoint the report's categories turn on.
    /// The IAQI is rounded up, so 35 µg/m³ is still 50 (excellent) and 35.1 is 51 (good).
    @Test func hj633_breakpoints_35_75_115() {
        let counts = AQIDayCounts(scale: .hj633_2012, dailyMeans: [35.0, 35.1, 75, 75.1, 115, 115.1])
        // excellent: 35.0 · good: 35.1, 75 · lightly: 75.1, 115 · moderately: 115.1
        #expect(counts.days == [1, 2, 2, 1, 0, 0])
        #expect(counts.days(in: "excellent") == 1)
        #expect(counts.days(in: "lightly polluted") == 2)
        #expect(counts.days(in: "no such category") == 0)
        #expect(counts.total == 6)
        #expect(counts.days(atMost: 100) == 3)
        #expect(counts.percent(atMost: 100) == 50)
    }

    /// EPA 2024 truncates to 0.1 µg/m³: 9.0 is good (50), 9.1 moderate (51); 35.4 moderate (100), 35.5 USG (101).
    @Test func epa2024_breakpoints_9_0_9_1_35_4_35_5() {
        let counts = AQIDayCounts(scale: .epa2024, dailyMeans: [9.0, 9.1, 35.4, 35.5])
        #expect(counts.days == [1, 2, 1, 0, 0, 0])
        #expect(counts.days(in: "unhealthy for sensitive groups") == 1)
        #expect(counts.percent(atMost: 50) == 25)
    }

    /// Means as a store computes them (a sum of hours divided by their count) carry binary noise;
    /// a day of 24 hours at 9.1 averages to 9.099999999999996 and must still count as 9.1.
    @Test func computedMeans_landInTheCategoryOfTheValueTheyStandFor() {
        func mean(_ value: Double, hours: Int = 24) -> Double {
            var sum = 0.0
            for _ in 0..<hours { sum += value }
            return sum / Double(hours)
        }
        #expect(mean(9.1) != 9.1) // the noise this test is about
        let epa = AQIDayCounts(scale: .epa2024, dailyMeans: [mean(9.0), mean(9.1), mean(35.4), mean(35.5)])
        #expect(epa.days == [1, 2, 1, 0, 0, 0])
        let hj633 = AQIDayCounts(scale: .hj633_2012, dailyMeans: [mean(35.0), mean(35.1), mean(75), mean(75.1), mean(115), mean(115.1)])
        #expect(hj633.days == [1, 2, 2, 1, 0, 0])
    }

    @Test func noDays_haveNoShare_andUnindexableMeansAreLeftOut() {
        var counts = AQIDayCounts(scale: .hj633_2012)
        #expect(counts.percent(atMost: 100) == nil)
        counts.add(dailyMean: -.infinity)
        counts.add(dailyMean: .nan)
        #expect(counts.total == 0)
        counts.add(dailyMean: 600) // above the top breakpoint: capped, severely polluted
        #expect(counts.days(in: "severely polluted") == 1)
        #expect(counts.percent(atMost: 100) == 0)
    }
}
