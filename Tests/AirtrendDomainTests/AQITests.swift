import Testing
@testable import AirtrendDomain

@Suite struct AQITests {
    @Test func epa2024_edges() {
        let epa = AQIScale.epa2024
        #expect(epa.index(0) == 0)
        #expect(epa.index(9.0) == 50)
        #expect(epa.index(9.1) == 51)
        #expect(epa.index(9.09) == 50)     // truncated to 9.0
        #expect(epa.index(35.4) == 100)
        #expect(epa.index(35.5) == 101)
        #expect(epa.index(55.4) == 150)
        #expect(epa.index(55.5) == 151)
        #expect(epa.index(325.4) == 500)
        #expect(epa.index(900) == 500)
        // 20 µg/m³: (100 − 51) / (35.4 − 9.1) · (20 − 9.1) + 51 = 71.3 → 71.
        #expect(epa.index(20) == 71)
        #expect(epa.category(50) == "good")
        #expect(epa.category(101) == "unhealthy for sensitive groups")
        #expect(epa.index(-1) == nil)
    }

    @Test func epa2012_differsBelow12AndAbove55() {
        #expect(AQIScale.epa2012.index(12.0) == 50)
        #expect(AQIScale.epa2024.index(12.0)! > 50)
        // 150.4 is the top of "unhealthy" before 2024 and "very unhealthy" after.
        #expect(AQIScale.epa2012.index(150.4) == 200)
        #expect(AQIScale.epa2024.index(150.4)! > 200)
    }

    @Test func hj633_edges_roundUp() {
        let cn = AQIScale.hj633_2012
        #expect(cn.index(35) == 50)
        #expect(cn.index(75) == 100)
        #expect(cn.index(115) == 150)
        // 76: 50/40 · 1 + 100 = 101.25 → 102 (rounded up).
        #expect(cn.index(76) == 102)
        #expect(cn.index(35.1) == 51)
        #expect(cn.index(600) == 500)
        #expect(cn.category(100) == "good")
        #expect(cn.category(101) == "lightly polluted")
        #expect(cn.category(301) == "severely polluted")
    }

    /// The interpolation's binary noise is not rounded up: 50/35 · 32.2 = 46 exactly, computed as 46.00000000000001.
    @Test func hj633_exactIndices_areNotPushedUpByNoise() {
        let cn = AQIScale.hj633_2012
        #expect(cn.index(32.2) == 46)
        #expect(cn.index(128.3) == 169) // (200 − 150) / 35 · 13.3 + 150 = 169
        #expect(cn.index(35.000000000000014) == 50) // a mean of 35 with noise is still excellent
    }

    @Test func nowCast_weightsRecentHours_andNeedsTwoOfTheThreeNewest() {
        // Steady air: the NowCast is the value itself.
        #expect(NowCast.pm25(newestFirst: Array(repeating: 20.0, count: 12)) == 20)
        // min/max = 10/40 = 0.25 → weight floored at 0.5. Hours newest first: 40, 10, then ten missing.
        // (40 + 0.5·10) / (1 + 0.5) = 30.0.
        #expect(NowCast.pm25(newestFirst: [40, 10] + Array(repeating: nil, count: 10)) == 30)
        // Weight 0.8 (min 40 / max 50): (50 + 0.8·40 + 0.64·50) / (1 + 0.8 + 0.64) = 114 / 2.44 = 46.72… → 46.7.
        #expect(NowCast.pm25(newestFirst: [50, 40, 50]) == 46.7)
        // Two of the three newest missing: invalid.
        #expect(NowCast.pm25(newestFirst: [30, nil, nil, 30, 30]) == nil)
        #expect(NowCast.pm25(newestFirst: [nil, 30, 30]) == 30)
    }
}
