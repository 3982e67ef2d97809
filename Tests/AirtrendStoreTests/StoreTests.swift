import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

@Suite struct StoreSchemaTests {
    @Test func newStore_isMigratedToTheCurrentVersion_andReopens() throws {
        let store = try temporaryStore()
        #expect(try store.userVersion() == SQLiteStore.schemaVersion)
        let path = store.connection.path
        let again = try SQLiteStore(path: path, now: { Date() })
        #expect(try again.userVersion() == SQLiteStore.schemaVersion)
        #expect(try again.integrityCheck() == "ok")
    }

    @Test func storeFromANewerVersion_isRefusedWithAnExplanation() throws {
        let store = try temporaryStore()
        try store.connection.execute("PRAGMA user_version = 99")
        do {
            _ = try SQLiteStore(path: store.connection.path, now: { Date() })
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("newer"))
        }
    }
}

@Suite struct AggregationTests {
    /// Writes `values` (hour → value) for a new station in one import.
    @discardableResult
    func write(_ store: SQLiteStore, station: String = "s", _ values: [(UTCHour, Double)], batchSize: Int = 100_000) throws -> StationTarget {
        let stored = try store.station(code: station) ?? store.saveStation(Station(id: station, timeZone: beijing))
        let target = StationTarget(stored)
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "test", layout: "test"), batchSize: batchSize)
        for (hour, value) in values { try writer.put(target, pollutant: .pm25, hour: hour, value: value, line: 1) }
        try writer.finish()
        return target
    }

    @Test func localDay_forUTCPlus8_startsAt16UTC_andNeeds20Hours() throws {
        let store = try temporaryStore()
        // 19 hours from 2013-01-01T16:00Z = local 2013-01-02 00:00–18:00, plus one hour at 15:00Z (local Jan 1, 23:00).
        var values = (0..<19).map { (hourAt(2013, 1, 1, 16) + $0, 10.0) }
        values.append((hourAt(2013, 1, 1, 15), 99))
        let target = try write(store, values)
        let jan1 = CivilDate.dayNumber(year: 2013, month: 1, day: 1)
        var days = try store.days(scope: target.scopeID, pollutant: .pm25, profile: .default, from: jan1, to: jan1 + 1)
        #expect(days.map(\.observed) == [1, 19])
        #expect(days.map(\.valid) == [false, false])
        try write(store, [(hourAt(2013, 1, 2, 11), 40)]) // local 19:00 on Jan 2: the 20th hour
        days = try store.days(scope: target.scopeID, pollutant: .pm25, profile: .default, from: jan1, to: jan1 + 1)
        #expect(days[1].observed == 20)
        #expect(days[1].valid)
        #expect(days[1].mean == Double(19 * 10 + 40) / 20)
    }

    @Test func reimport_changesNothing() throws {
        let store = try temporaryStore()
        var rng = SplitMix64(seed: 1)
        let values = (0..<2_000).map { (hourAt(2014, 1, 1, 0) + $0, Double(Int.random(in: 1...300, using: &rng))) }
        try write(store, values)
        let before = try ["daily", "monthly", "annual"].map { try snapshot(store, $0) }
        let stored = try store.station(code: "s")!
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "again", layout: "test"))
        var outcomes: [WriteOutcome] = []
        for (hour, value) in values { outcomes.append(try writer.put(StationTarget(stored), pollutant: .pm25, hour: hour, value: value, line: 1)) }
        try writer.finish()
        #expect(outcomes.allSatisfy { $0 == .unchanged })
        #expect(try ["daily", "monthly", "annual"].map { try snapshot(store, $0) } == before)
    }

    /// Annual figures computed here from the raw values, independently of the store's SQL.
    func expectedYear(_ values: [UTCHour: Double], year: Int) -> (mean: Double, validDays: Int) {
        var byDay: [Int: [Double]] = [:]
        for (hour, value) in values { byDay[hour.localDayNumber(offsetMinutes: 480), default: []].append(value) }
        let first = CivilDate.dayNumber(year: year, month: 1, day: 1), last = CivilDate.dayNumber(year: year, month: 12, day: 31)
        let means = byDay.filter { $0.key >= first && $0.key <= last && $0.value.count >= 20 }
            .map { $0.value.reduce(0, +) / Double($0.value.count) }
        return (means.reduce(0, +) / Double(means.count), means.count)
    }

    @Test func oneCorrectedHour_updatesItsDayMonthAndYearExactly() throws {
        let store = try temporaryStore()
        var rng = SplitMix64(seed: 7)
        var values: [UTCHour: Double] = [:]
        // Local year 2015 with every hour, except 5 hours missing on 2015-06-10 (local), leaving it 19 hours.
        let start = hourAt(2014, 12, 31, 16)
        for i in 0..<(365 * 24) { values[start + i] = Double(Int.random(in: 5...400, using: &rng)) }
        let june10 = CivilDate.dayNumber(year: 2015, month: 6, day: 10)
        let june10Start = UTCHour(june10 * 24 - 8)
        for i in 0..<5 { values[june10Start + i] = nil }
        let target = try write(store, values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })

        var years = try store.annualStatistics(scope: target.scopeID, pollutant: .pm25, profile: .default)
        var expected = expectedYear(values, year: 2015)
        #expect(years.count == 1)
        #expect(years[0].validDays == 364)
        #expect(years[0].validDays == expected.validDays)
        #expect(abs(years[0].mean! - expected.mean) < 1e-9)

        // Correct one hour on 2015-03-03 (local).
        let corrected = hourAt(2015, 3, 3, 2)
        values[corrected] = 999
        try write(store, [(corrected, 999)])
        years = try store.annualStatistics(scope: target.scopeID, pollutant: .pm25, profile: .default)
        expected = expectedYear(values, year: 2015)
        #expect(abs(years[0].mean! - expected.mean) < 1e-9)
        let march3 = CivilDate.dayNumber(year: 2015, month: 3, day: 3)
        let day = try store.days(scope: target.scopeID, pollutant: .pm25, profile: .default, from: march3, to: march3)[0]
        let dayValues = values.filter { $0.key.localDayNumber(offsetMinutes: 480) == march3 }.map(\.value)
        #expect(abs(day.mean! - dayValues.reduce(0, +) / 24) < 1e-9)
        #expect(day.maximum == 999)
        let march = try store.monthlyStatistics(scope: target.scopeID, pollutant: .pm25, profile: .default).first { $0.month == 3 }!
        #expect(march.validDays == 31)

        // Filling the missing hours makes June 10 valid: the year gains a day.
        try write(store, (0..<5).map { (june10Start + $0, 50) })
        years = try store.annualStatistics(scope: target.scopeID, pollutant: .pm25, profile: .default)
        #expect(years[0].validDays == 365)
    }

    @Test func incrementalUpdates_equalAFullRecomputation() throws {
        let store = try temporaryStore()
        var rng = SplitMix64(seed: 42)
        let start = hourAt(2013, 1, 1, 0)
        try write(store, station: "a", (0..<(24 * 500)).map { (start + $0, Double(Int.random(in: 0...500, using: &rng))) })
        try write(store, station: "b", (0..<(24 * 400)).compactMap { i in Int.random(in: 0..<10, using: &rng) == 0 ? nil : (start + i, 30) })
        // Late and revised values, scattered over both years, in small batches.
        for _ in 0..<5 {
            let late = (0..<200).map { _ in (start + Int.random(in: 0..<(24 * 600), using: &rng), Double(Int.random(in: 0...900, using: &rng))) }
            try write(store, station: Bool.random(using: &rng) ? "a" : "b", late, batchSize: 37)
        }
        let incremental = try ["daily", "monthly", "annual"].map { try snapshot(store, $0) }
        try store.recomputeAllAggregates()
        let full = try ["daily", "monthly", "annual"].map { try snapshot(store, $0) }
        #expect(incremental == full)
        #expect(!incremental[2].isEmpty)
    }

    @Test func rolledBackBatch_leavesTheLastCommittedBatch_consistent() throws {
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "s", timeZone: beijing))
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "t", layout: "t"), batchSize: 10)
        for i in 0..<25 { try writer.put(StationTarget(stored), pollutant: .pm25, hour: hourAt(2013, 1, 1, 0) + i, value: 5, line: i) }
        writer.rollback()
        #expect(writer.committedBatches == 2)
        let s = try store.connection.statement("SELECT count(*) FROM hourly")
        _ = try s.step()
        #expect(s.int(0) == 20)
        let before = try snapshot(store, "daily")
        try store.recomputeAllAggregates()
        #expect(try snapshot(store, "daily") == before)
    }

    @Test func newProfile_isComputedFromStoredHours() throws {
        let store = try temporaryStore()
        let target = try write(store, (0..<(24 * 40)).map { (hourAt(2013, 1, 1, 0) + $0, $0 < 24 * 20 ? 70 : 50) })
        try store.ensureProfile(.gb3095_2026)
        let old = try store.annualStatistics(scope: target.scopeID, pollutant: .pm25, profile: .gb3095_2012)
        let new = try store.annualStatistics(scope: target.scopeID, pollutant: .pm25, profile: .gb3095_2026)
        #expect(old[0].daysOverLimit == 0)   // 70 is not above 75
        #expect(new[0].daysOverLimit > 0)    // but is above 60
        #expect(old[0].mean == new[0].mean)
        #expect(try store.materializedProfiles().map(\.name).sorted() == ["gb3095-2012", "gb3095-2026"])
    }

    @Test func quarantine_keepsReasonFileAndLine_once() throws {
        let store = try temporaryStore()
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "t", layout: "t"))
        let record = QuarantineRecord(station: "s", hour: hourAt(2013, 1, 1, 0), value: -5, reason: .negative, detail: "below zero", file: "/data/f.csv", line: 12)
        try writer.quarantine(record)
        try writer.quarantine(record)
        try writer.finish()
        let listed = try store.quarantine()
        #expect(listed.count == 1)
        #expect(listed[0].reason == .negative)
        #expect(listed[0].file == "/data/f.csv")
        #expect(listed[0].line == 12)
    }
}
