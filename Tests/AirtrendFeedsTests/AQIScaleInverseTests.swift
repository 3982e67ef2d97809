import AirtrendDomain
import Testing

@Suite struct AQIScaleInverseTests {
    @Test func epa2024_segmentEnds_giveTheBreakpoints() throws {
        let epa = AQIScale.epa2024
        #expect(try #require(epa.concentration(forIndex: 0)) == 0)
        #expect(isClose(try #require(epa.concentration(forIndex: 50)), 9.0))
        #expect(isClose(try #require(epa.concentration(forIndex: 51)), 9.1))
        #expect(isClose(try #require(epa.concentration(forIndex: 100)), 35.4))
        #expect(isClose(try #require(epa.concentration(forIndex: 101)), 35.5))
        #expect(isClose(try #require(epa.concentration(forIndex: 150)), 55.4))
        #expect(isClose(try #require(epa.concentration(forIndex: 500)), 325.4))
    }

    @Test func epa2024_insideASegment_followsItsSlope() throws {
        let epa = AQIScale.epa2024
        // 52 is one step into 51–100 ↔ 9.1–35.4: 9.1 + 26.3 / 49 = 9.63673…
        #expect(isClose(try #require(epa.concentration(forIndex: 52)), 9.1 + 26.3 / 49))
        // 25 is half-way through 0–50 ↔ 0–9.0: 4.5.
        #expect(isClose(try #require(epa.concentration(forIndex: 25)), 4.5))
        // 57: 9.1 + 6 · 26.3 / 49 = 12.3204…
        #expect(isClose(try #require(epa.concentration(forIndex: 57)), 12.320408163265306, tolerance: 1e-6))
        // The 2012 scale puts 57 higher: 12.1 + 6 · 23.3 / 49 = 14.9530…
        #expect(isClose(try #require(AQIScale.epa2012.concentration(forIndex: 57)), 14.953061224489796, tolerance: 1e-6))
        #expect(isClose(try #require(AQIScale.epa2012.concentration(forIndex: 50)), 12.0))
        #expect(isClose(try #require(AQIScale.epa2012.concentration(forIndex: 500)), 500.4))
    }

    @Test func decimalResults_areTheDecimalsTheyStandFor() {
        // 301–400 ↔ 250.5–350.4: 250.5 + 66 · 99.9 / 99 = 250.5 + 66.6 = 317.1, which binary arithmetic
        // gives as 317.09999999999997 and truncation to 0.1 would read as 317.0.
        #expect(AQIScale.epa2012.concentration(forIndex: 367) == 317.1)
        // 301–500 ↔ 225.5–325.4 (2024): 225.5 + 100 · 99.9 / 199 = 275.7020…
        #expect(isClose(AQIScale.epa2024.concentration(forIndex: 401)!, 225.5 + 9990.0 / 199, tolerance: 1e-8))
    }

    @Test func outsideTheScale_isNil() {
        #expect(AQIScale.epa2024.concentration(forIndex: -1) == nil)
        #expect(AQIScale.epa2024.concentration(forIndex: 501) == nil)
        #expect(AQIScale.epa2012.concentration(forIndex: 501) == nil)
    }

    @Test(arguments: [AQIScale.epa2024, AQIScale.epa2012])
    func roundTrip_everyIndex(scale: AQIScale) throws {
        for index in 0...500 {
            let concentration = try #require(scale.concentration(forIndex: index), "index \(index)")
            #expect(scale.index(concentration) == index, "\(scale.name): index \(index) → \(concentration) µg/m³ → \(scale.index(concentration) ?? -1)")
        }
    }

    @Test func increasing_acrossTheWholeScale() throws {
        for scale in [AQIScale.epa2024, AQIScale.epa2012] {
            var previous = -1.0
            for index in 0...500 {
                let c = try #require(scale.concentration(forIndex: index))
                #expect(c > previous, "\(scale.name) \(index)")
                previous = c
            }
        }
    }
}
