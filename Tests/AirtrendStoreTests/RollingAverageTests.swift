import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

/// Stored rolling averages against plain reference implementations written here, after
/// inserts, revisions, late hours and removals, and equal to a full recomputation each time.
@Suite struct RollingAverageTests {
    /// Hours of one station as the test believes them to be.
    typealias Series = [Int: Double]

    private func put(_ store: SQLiteStore, _ target: StationTarget, _ values: [(Int, Double)]) throws {
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "t", layout: "t"))
        for (hour, value) in values { try writer.put(target, pollutant: .pm25, hour: UTCHour(hour), value: value, line: 1) }
        try writer.finish()
    }

    private func remove(_ store: SQLiteStore, _ target: StationTarget, _ hours: [Int]) throws {
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "t", layout: "t"))
        for hour in hours { try writer.remove(target, pollutant: .pm25, hour: UTCHour(hour)) }
        try writer.finish()
    }

    /// The NowCast, restated from EPA-454/B-24-002 (weights min/max floored at 0.5, 2 of the 3 newest
    /// hours required, truncated to 0.1).
    static func referenceNowCast(_ newestFirst: [Double?]) -> Double? {
        guard newestFirst.prefix(3).filter({ $0 != nil }).count >= 2 else { return nil }
        let present = newestFirst.compactMap { $0 }
        let lo = present.min()!, hi = present.max()!
        if hi == 0 { return 0 }
        let w = max(lo / hi, 0.5)
        var num = 0.0, den = 0.0
        for (i, v) in newestFirst.enumerated() {
            guard let v else { continue }
            num += pow(w, Double(i)) * v
            den += pow(w, Double(i))
        }
        return (num / den * 10).rounded(.towardZero) / 10
    }

    /// Checks every hourly label and every day label of the station against the references.
    private func check(_ store: SQLiteStore, _ target: StationTarget, _ series: Series, offset: Int, seed: UInt64) throws {
        guard let first = series.keys.min(), let last = series.keys.max() else {
            #expect(try store.rollingHours(station: target.stationID, pollutant: .pm25, from: UTCHour(Int(Int32.min)), to: UTCHour(Int(Int32.max))).isEmpty)
            return
        }
        let stored = try store.rollingHours(station: target.stationID, pollutant: .pm25, from: UTCHour(first - 100), to: UTCHour(last + 100))
        var expectedLabels: [Int] = []
        for label in first...(last + 23) where (label - 23...label).contains(where: { series[$0] != nil }) { expectedLabels.append(label) }
        #expect(stored.map(\.hour.value) == expectedLabels, "seed \(seed): hourly labels")
        for row in stored {
            let window = (row.hour.value - 23...row.hour.value).compactMap { series[$0] }
            #expect(row.hours24 == window.count, "seed \(seed) \(row.hour)")
            #expect(abs(row.sum24 / Double(row.hours24) - window.reduce(0, +) / Double(window.count)) < 1e-9, "seed \(seed) \(row.hour)")
            let newestFirst = (0..<12).map { series[row.hour.value - $0] }
            #expect(row.hours12 == newestFirst.compactMap { $0 }.count)
            let reference = Self.referenceNowCast(newestFirst)
            #expect(row.nowcast == reference || abs((row.nowcast ?? -1) - (reference ?? -2)) < 1e-9, "seed \(seed) nowcast \(row.hour)")
        }
        // Daily means of local (UTC+offset) days with ≥ 20 hours: GB 3095's rule.
        var byDay: [Int: [Double]] = [:]
        for (hour, value) in series { byDay[(hour * 60 + offset).floorDiv(1440), default: []].append(value) }
        var means: [Int: Double] = [:]
        for (day, values) in byDay where values.count >= 20 { means[day] = values.reduce(0, +) / Double(values.count) }
        let firstDay = byDay.keys.min()!, lastDay = byDay.keys.max()!
        let days = try store.rollingDays(scope: target.scopeID, pollutant: .pm25, profile: .default, from: firstDay - 400, to: lastDay + 400)
        #expect(days.map(\.dayNumber) == Array(firstDay...lastDay), "seed \(seed): a day label for every day of the span")
        for row in days {
            for (i, window) in RollingDay.windows.enumerated() {
                let inWindow = (row.dayNumber - window + 1...row.dayNumber).compactMap { means[$0] }
                #expect(row.counts[i] == inWindow.count, "seed \(seed) day \(row.dayNumber) \(window)d")
                if !inWindow.isEmpty {
                    #expect(abs(row.sums[i] / Double(row.counts[i]) - inWindow.reduce(0, +) / Double(inWindow.count)) < 1e-9)
                }
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomInsertsRevisionsLateHoursAndRemovals_matchTheReferences_andAFullRecomputation(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "r", city: "Rolling City", timeZone: beijing))
        let target = StationTarget(stored)
        var series: Series = [:]
        let base = hourAt(2021, 3, 1, 0).value
        // Forty days of hours with gaps, in a few batches.
        var batch: [(Int, Double)] = []
        for h in 0..<(40 * 24) where rng.next() % 9 != 0 {
            let v = Double(rng.next() % 3000) / 10
            batch.append((base + h, v))
            series[base + h] = v
        }
        try put(store, target, batch)
        try check(store, target, series, offset: 480, seed: seed)
        #expect(try store.verifyAggregates().isEmpty)

        for step in 0..<12 {
            var change: [(Int, Double)] = []
            switch rng.next() % 4 {
            case 0: // revisions of stored hours
                for hour in series.keys.shuffled(using: &rng).prefix(5) {
                    let v = Double(rng.next() % 3000) / 10
                    change.append((hour, v)); series[hour] = v
                }
                try put(store, target, change)
            case 1: // late hours, up to a year and a half back
                let back = Int(rng.next() % 13_000)
                for k in 0..<Int(1 + rng.next() % 30) {
                    let hour = base - back + k, v = Double(rng.next() % 3000) / 10
                    change.append((hour, v)); series[hour] = v
                }
                try put(store, target, change)
            case 2: // new hours after the end
                let end = series.keys.max()!
                for k in 1...Int(1 + rng.next() % 60) {
                    let v = Double(rng.next() % 3000) / 10
                    change.append((end + k, v)); series[end + k] = v
                }
                try put(store, target, change)
            default: // removals, sometimes of the first or last hour
                var hours = Array(series.keys.shuffled(using: &rng).prefix(4))
                if rng.next() % 2 == 0 { hours.append(series.keys.max()!) }
                for hour in Set(hours) { series[hour] = nil }
                try remove(store, target, Array(Set(hours)))
            }
            try check(store, target, series, offset: 480, seed: seed &+ UInt64(step) << 32)
            let differences = try store.verifyAggregates()
            #expect(differences.isEmpty, "seed \(seed) step \(step): \(differences.prefix(3))")
        }
    }

    @Test func aStoreFromBeforeRollingTables_isBackfilledWhenItOpens() throws {
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "old", timeZone: beijing))
        let base = hourAt(2022, 1, 1, 0).value
        try put(store, StationTarget(stored), (0..<72).map { (base + $0, Double($0 % 50)) })
        // Take the store back to schema 5, as an airtrend of that release left it (no rolling tables or views).
        try revertRolesMigration(store)
        try store.connection.execute("DROP VIEW rolling_hourly_by_time; DROP VIEW rolling_daily_by_date; PRAGMA user_version = 5")
        let path = store.connection.path
        let reopened = try SQLiteStore(path: path, now: { Date(timeIntervalSince1970: 1_700_000_000) })
        #expect(try reopened.userVersion() == SQLiteStore.schemaVersion)
        let hours = try reopened.rollingHours(station: stored.id, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 200))
        #expect(hours.count == 72 + 23)
        #expect(try reopened.rollingDays(scope: stored.scopeID, pollutant: .pm25, profile: .default, from: 0, to: Int(Int32.max)).count == 4)
        #expect(try reopened.verifyAggregates().isEmpty)
    }
}
