import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

@Suite struct CityAggregationTests {
    /// Stores hours for a station of city `Metro`, creating it if needed.
    func write(_ store: SQLiteStore, station: String, city: String? = "Metro", _ values: [(UTCHour, Double)]) throws {
        let stored = try store.station(code: station) ?? store.saveStation(Station(id: station, city: city, timeZone: beijing))
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "t", layout: "t"))
        for (hour, value) in values { try writer.put(StationTarget(stored), pollutant: .pm25, hour: hour, value: value, line: 1) }
        try writer.finish()
    }

    /// `count` hours of local day `day` (UTC+8) starting at local midnight, all `value`.
    func hours(_ day: Int, count: Int, value: Double) -> [(UTCHour, Double)] {
        (0..<count).map { (UTCHour(day * 24 - 8) + $0, value) }
    }

    @Test func cityDays_withOneSomeAndAllStationsValid() throws {
        let store = try temporaryStore()
        let d = CivilDate.dayNumber(year: 2015, month: 4, day: 1)
        // Day d: A valid (24 h of 30), B 19 h (invalid), C nothing → one station used of two reporting.
        // Day d+1: A valid 40, B valid 60 → two.  Day d+2: all three valid 10, 20, 60.
        // Day d+3: only 10 hours at A → a city day with no station used, not valid.
        try write(store, station: "A", hours(d, count: 24, value: 30) + hours(d + 1, count: 24, value: 40) + hours(d + 2, count: 20, value: 10) + hours(d + 3, count: 10, value: 5))
        try write(store, station: "B", hours(d, count: 19, value: 500) + hours(d + 1, count: 21, value: 60) + hours(d + 2, count: 24, value: 20))
        try write(store, station: "C", hours(d + 2, count: 22, value: 60))
        let scope = try #require(try store.scopeID(kind: "city", code: "Metro"))
        let days = try store.days(scope: scope, pollutant: .pm25, profile: .default, from: d, to: d + 3)
        #expect(days.map(\.dayNumber) == [d, d + 1, d + 2, d + 3])
        #expect(days.map(\.observed) == [1, 2, 3, 0])
        #expect(days.map(\.expected) == [2, 2, 3, 1])
        #expect(days.map(\.mean) == [30, 50, 30, nil])
        #expect(days.map(\.valid) == [true, true, true, false])
        let year = try store.annualStatistics(scope: scope, pollutant: .pm25, profile: .default)
        #expect(year[0].validDays == 3)
        #expect(year[0].mean == Double(30 + 50 + 30) / 3)
        #expect(try store.cityMembers(city: "Metro", pollutant: .pm25, profile: .default, year: 2015) == ["A", "B", "C"])

        // A late correction at one station moves the city day it belongs to.
        try write(store, station: "C", [(UTCHour((d + 2) * 24 - 8), 60 + 22 * 30)])
        let corrected = try store.days(scope: scope, pollutant: .pm25, profile: .default, from: d + 2, to: d + 2)[0]
        #expect(abs(corrected.mean! - (10 + 20 + 90) / 3) < 1e-9)
    }

    @Test func cityAggregates_followIncrementalUpdatesExactly() throws {
        let store = try temporaryStore()
        var rng = SplitMix64(seed: 3)
        let start = hourAt(2014, 12, 1, 0)
        for station in ["A", "B", "C"] {
            try write(store, station: station, (0..<(24 * 120)).compactMap { i in
                Int.random(in: 0..<6, using: &rng) == 0 ? nil : (start + i, Double(Int.random(in: 1...300, using: &rng)))
            })
        }
        for _ in 0..<4 {
            let late = (0..<150).map { _ in (start + Int.random(in: 0..<(24 * 130), using: &rng), Double(Int.random(in: 1...300, using: &rng))) }
            try write(store, station: ["A", "B", "C"].randomElement(using: &rng)!, late)
        }
        let incremental = try ["daily", "monthly", "annual"].map { try snapshot(store, $0) }
        try store.recomputeAllAggregates()
        #expect(try ["daily", "monthly", "annual"].map { try snapshot(store, $0) } == incremental)
        #expect(incremental[0].contains { $0.hasPrefix("4|") }) // the city scope (id 4) has daily rows
    }

    @Test func movingAStationToAnotherCity_rebuildsBothCities() throws {
        let store = try temporaryStore()
        let d = CivilDate.dayNumber(year: 2016, month: 1, day: 10)
        try write(store, station: "A", hours(d, count: 24, value: 10))
        try write(store, station: "B", hours(d, count: 24, value: 30))
        let metro = try #require(try store.scopeID(kind: "city", code: "Metro"))
        #expect(try store.days(scope: metro, pollutant: .pm25, profile: .default, from: d, to: d)[0].mean == 20)
        try store.saveStation(Station(id: "B", city: "Harbour", timeZone: beijing))
        #expect(try store.days(scope: metro, pollutant: .pm25, profile: .default, from: d, to: d)[0].mean == 10)
        let harbour = try #require(try store.scopeID(kind: "city", code: "Harbour"))
        #expect(try store.days(scope: harbour, pollutant: .pm25, profile: .default, from: d, to: d)[0].mean == 30)
    }
}
