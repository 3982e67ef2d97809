import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

/// The writer holds a batch in memory until it commits: what it answers before then, and what readers see.
@Suite struct BatchWriterTests {
    private func station(_ store: SQLiteStore, _ code: String = "w") throws -> StationTarget {
        StationTarget(try store.saveStation(Station(id: code, timeZone: beijing)))
    }

    /// A live feed stores a day one hour per batch: the months and year (which see a day only as a row and,
    /// once it is valid, its mean) must follow the day when it appears, when its 20th hour makes it valid and
    /// when a later hour or a revision moves its mean; the hours in between change neither (and are not re-read).
    @Test func hoursStoredOneAtATime_moveTheMonthAndYear_exactlyWhenTheDayDoes() throws {
        let store = try temporaryStore()
        let target = try station(store)
        // The day before is complete, so the year has one valid day from the start.
        let before = hourAt(2022, 4, 30, 0).value - 8
        let seed = try store.hourlyWriter(importID: try store.beginImport(source: "seed", layout: "t"))
        for h in 0..<24 { try seed.put(target, pollutant: .pm25, hour: UTCHour(before + h), value: 10, line: h + 1) }
        try seed.finish()
        let day = hourAt(2022, 5, 1, 0).value - 8 // local midnight in Beijing
        func annual() throws -> (validDays: Int, mean: Double?) {
            let s = try store.connection.statement("SELECT valid_days, mean FROM annual WHERE scope_id = ?1 AND year = 2022 AND profile = 'gb3095-2012'")
            s.bind(1, target.scopeID)
            return try #require(try s.firstRow { ($0.int(0), $0.optionalDouble(1)) })
        }
        func mayMonths() throws -> Int {
            let s = try store.connection.statement("SELECT count(*) FROM monthly WHERE scope_id = ?1 AND year = 2022 AND month = 5")
            s.bind(1, target.scopeID)
            return try s.firstRow { $0.int(0) } ?? 0
        }
        for h in 0..<24 {
            let writer = try store.hourlyWriter(importID: try store.beginImport(source: "live\(h)", layout: "t"))
            try writer.put(target, pollutant: .pm25, hour: UTCHour(day + h), value: 40, line: 1)
            try writer.finish()
            #expect(try store.verifyAggregates().isEmpty, "after hour \(h)")
            // The first hour makes May's row appear; the 20th hour (index 19) makes the day valid.
            #expect(try mayMonths() == 1, "after hour \(h)")
            let year = try annual()
            #expect(year.validDays == (h >= 19 ? 2 : 1), "after hour \(h)")
            #expect(year.mean == (h >= 19 ? 25 : 10), "after hour \(h)")
        }
        // A revision of a valid day's hour moves its mean and so the year's.
        let revise = try store.hourlyWriter(importID: try store.beginImport(source: "revise", layout: "t"))
        try revise.put(target, pollutant: .pm25, hour: UTCHour(day + 5), value: 64, line: 1)
        try revise.finish()
        #expect(try store.verifyAggregates().isEmpty)
        #expect(try annual().mean == (10 + 41) / 2)
    }

    @Test func outcomesAndExisting_seeTheOpenBatch_beforeAnythingIsWritten() throws {
        let store = try temporaryStore()
        let target = try station(store)
        let base = hourAt(2022, 5, 1, 0).value
        let first = try store.hourlyWriter(importID: try store.beginImport(source: "a", layout: "t"))
        for h in 0..<48 { try first.put(target, pollutant: .pm25, hour: UTCHour(base + h), value: Double(h), line: h + 1) }
        try first.finish()

        let importID = try store.beginImport(source: "b", layout: "t")
        let writer = try store.hourlyWriter(importID: importID)
        // Stored and equal: unchanged; stored and different: stored; new: stored.
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 3), value: 3, line: 1) == .unchanged)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 4), value: 40, line: 2) == .stored)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 60), value: 60, line: 3) == .stored)
        // Out of order, then the same hour again with the same and with another value.
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 50), value: 50, line: 4) == .stored)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 50), value: 50, line: 5) == .unchanged)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 60), value: 61, line: 6) == .stored)
        let pending = try #require(try writer.existing(target, pollutant: .pm25, hour: UTCHour(base + 60)))
        #expect(pending.value == 61 && pending.importID == importID && pending.line == 6)
        #expect(try writer.existing(target, pollutant: .pm25, hour: UTCHour(base + 50))?.line == 4)
        #expect(try writer.existing(target, pollutant: .pm25, hour: UTCHour(base + 3))?.line == 4)
        #expect(try writer.existing(target, pollutant: .pm25, hour: UTCHour(base + 55)) == nil)
        #expect(writer.pendingSeries.first?.days == [UTCHour(base + 4).localDayNumber(offsetMinutes: 480), UTCHour(base + 50).localDayNumber(offsetMinutes: 480)])
        // A read through the store sees the held hours, inside the open transaction.
        let read = try store.hourlyValues(station: target.stationID, pollutant: .pm25, from: UTCHour(base + 48), to: UTCHour(base + 70))
        #expect(read.map(\.value) == [50, 61])
        // Hours after the read still count, and a removal of a held hour sticks.
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 61), value: 7, line: 7) == .stored)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 60), value: 61, line: 8) == .unchanged)
        try writer.remove(target, pollutant: .pm25, hour: UTCHour(base + 50))
        try writer.finish()
        let stored = try store.hourlyValues(station: target.stationID, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 100))
        #expect(stored.count == 48 + 2)
        #expect(try store.hourlyValue(station: target.stationID, pollutant: .pm25, hour: UTCHour(base + 4)) == 40)
        #expect(try store.hourlyValue(station: target.stationID, pollutant: .pm25, hour: UTCHour(base + 50)) == nil)
        #expect(try store.hourlyValue(station: target.stationID, pollutant: .pm25, hour: UTCHour(base + 61)) == 7)
        #expect(try store.verifyAggregates().isEmpty)
    }

    @Test func aRolledBackBatch_writesNothing_andTheNextBatchStartsClean() throws {
        let store = try temporaryStore()
        let target = try station(store)
        let base = hourAt(2022, 5, 1, 0).value
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "a", layout: "t"), batchSize: 10)
        for h in 0..<25 { try writer.put(target, pollutant: .pm25, hour: UTCHour(base + h), value: 1, line: h) }
        writer.rollback() // hours 20..<25 were open
        #expect(try store.hourlyValues(station: target.stationID, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 30)).count == 20)
        #expect(try writer.put(target, pollutant: .pm25, hour: UTCHour(base + 20), value: 2, line: 1) == .stored)
        try writer.finish()
        #expect(try store.hourlyValues(station: target.stationID, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 30)).count == 21)
        #expect(try store.verifyAggregates().isEmpty)
    }

    @Test func hoursArrivingHourByHourAcrossStations_giveTheSameAggregatesAsAFullRecomputation() throws {
        let store = try temporaryStore()
        let targets = try (0..<5).map { try station(store, "s\($0)") }
        var rng = SplitMix64(seed: 11)
        let base = hourAt(2021, 12, 20, 3).value
        // Feed order across a year end, in batches that split days, then a second file continuing the first.
        for file in 0..<2 {
            let writer = try store.hourlyWriter(importID: try store.beginImport(source: "f\(file)", layout: "t"), batchSize: 777)
            for h in (file * 400)..<((file + 1) * 400) {
                for t in targets where rng.next() % 7 != 0 {
                    try writer.put(t, pollutant: .pm25, hour: UTCHour(base + h), value: Double(rng.next() % 2000) / 10, line: h)
                }
            }
            try writer.finish()
            let differences = try store.verifyAggregates()
            #expect(differences.isEmpty, "file \(file): \(differences.prefix(3))")
        }
    }
    @Test func linesAndRawTexts_reachTheTableWithTheirOwnHour_throughSortsReplacementsFlushesAndBatches() throws {
        let store = try temporaryStore()
        let targets = try (0..<3).map { try station(store, "r\($0)") }
        let base = hourAt(2022, 5, 1, 0).value
        struct Held: Equatable { var value: Double; var line: Int; var raw: String? }
        var model: [Int64: [Int: Held]] = [:]
        let first = try store.hourlyWriter(importID: try store.beginImport(source: "a", layout: "t"))
        for t in targets {
            for h in stride(from: 0, to: 60, by: 2) {
                try first.put(t, pollutant: .pm25, hour: UTCHour(base + h), value: Double(h), line: h + 1, raw: h % 6 == 0 ? "a\(h)" : nil)
                model[t.stationID, default: [:]][h] = Held(value: Double(h), line: h + 1, raw: h % 6 == 0 ? "a\(h)" : nil)
            }
        }
        try first.finish()

        // Out of order, repeated hours with the same and other values and raw texts, lines past 32 bits,
        // reads that write the held hours mid-batch, and batches that close mid-file.
        var rng = SplitMix64(seed: 14)
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "b", layout: "t"), batchSize: 37)
        for n in 1...600 {
            let t = targets[Int(rng.next() % 3)]
            let h = Int(rng.next() % 90)
            let value = Double(rng.next() % 4)
            let raw: String? = switch rng.next() % 3 { case 0: nil; case 1: "x"; default: "raw \(n)" }
            let line = rng.next() % 5 == 0 ? 5_000_000_000 + n : n
            let before = model[t.stationID]?[h]
            let expected: WriteOutcome = before.map { $0.value == value && $0.raw == raw } == true ? .unchanged : .stored
            #expect(try writer.put(t, pollutant: .pm25, hour: UTCHour(base + h), value: value, line: line, raw: raw) == expected, "put \(n)")
            if expected == .stored { model[t.stationID, default: [:]][h] = Held(value: value, line: line, raw: raw) }
            let probe = Int(rng.next() % 90)
            let seen = try writer.existing(t, pollutant: .pm25, hour: UTCHour(base + probe))
            #expect(seen?.value == model[t.stationID]?[probe]?.value && seen?.line == model[t.stationID]?[probe]?.line, "existing after put \(n)")
            if rng.next() % 97 == 0 {
                _ = try store.hourlyValues(station: t.stationID, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 90))
            }
        }
        try writer.finish()

        let read = try store.connection.statement("SELECT station_id, hour, value, line, raw FROM hourly")
        var stored: [Int64: [Int: Held]] = [:]
        while try read.step() {
            stored[Int64(read.int(0)), default: [:]][read.int(1) - base] = Held(value: read.double(2), line: read.int(3), raw: read.string(4))
        }
        #expect(stored == model)
        #expect(try store.verifyAggregates().isEmpty)
    }
}
