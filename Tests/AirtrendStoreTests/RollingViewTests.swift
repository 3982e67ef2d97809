import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

/// The rolling views give SQL tools the values `query rolling` computes, and older stores migrate to them.
@Suite struct RollingViewTests {
    @Test func views_matchTheRollingLabels() throws {
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "v", timeZone: beijing))
        let target = StationTarget(stored)
        var rng = SplitMix64(seed: 5)
        let base = hourAt(2023, 2, 1, 0).value
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "v", layout: "t"))
        for h in 0..<(20 * 24) where rng.next() % 6 != 0 {
            try writer.put(target, pollutant: .pm25, hour: UTCHour(base + h), value: Double(rng.next() % 3000) / 10, line: h)
        }
        try writer.finish()

        let labels = try store.rollingHours(station: stored.id, pollutant: .pm25, from: UTCHour(base - 50), to: UTCHour(base + 600))
        let view = try store.connection.statement("""
            SELECT hour, hours_present, mean_24h, hours_12h, nowcast FROM rolling_hourly_by_time WHERE station = 'v' ORDER BY hour
            """)
        var rows: [(Int, Int, Double, Int, Double?)] = []
        while try view.step() { rows.append((view.int(0), view.int(1), view.double(2), view.int(3), view.optionalDouble(4))) }
        #expect(rows.map(\.0) == labels.map(\.hour.value))
        for (row, label) in zip(rows, labels) {
            #expect(row.1 == label.hours24 && row.3 == label.hours12)
            #expect(abs(row.2 - label.sum24 / Double(label.hours24)) < 1e-9)
            #expect(row.4 == label.nowcast || abs((row.4 ?? -1) - (label.nowcast ?? -2)) < 0.100001, "nowcast at \(label.hour)")
        }

        let days = try store.rollingDays(scope: stored.scopeID, pollutant: .pm25, profile: .default, from: 0, to: Int(Int32.max))
        let daily = try store.connection.statement("""
            SELECT day, days_7d, mean_7d, days_30d, days_365d, mean_365d FROM rolling_daily_by_date
            WHERE kind = 'station' AND code = 'v' AND profile = 'gb3095-2012' ORDER BY day
            """)
        var dayRows: [(Int, Int, Double?, Int, Int, Double?)] = []
        while try daily.step() {
            dayRows.append((daily.int(0), daily.int(1), daily.optionalDouble(2), daily.int(3), daily.int(4), daily.optionalDouble(5)))
        }
        #expect(dayRows.map(\.0) == days.map(\.dayNumber))
        for (row, day) in zip(dayRows, days) {
            #expect(row.1 == day.counts[0] && row.3 == day.counts[1] && row.4 == day.counts[2])
            if day.counts[0] > 0 { #expect(abs(row.2! - day.sums[0] / Double(day.counts[0])) < 1e-9) }
            if day.counts[2] > 0 { #expect(abs(row.5! - day.sums[2] / Double(day.counts[2])) < 1e-9) }
        }
    }

    @Test func dailyView_skipsOnlyDaysWhoseWindowsAreAllEmpty_afterALongGap() throws {
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "g", timeZone: beijing))
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "g", layout: "t"))
        // Two full days, then two more 400 days later.
        for start in [hourAt(2020, 1, 1, 0).value, hourAt(2021, 2, 4, 0).value] {
            for h in 0..<48 { try writer.put(StationTarget(stored), pollutant: .pm25, hour: UTCHour(start + h), value: 10, line: h) }
        }
        try writer.finish()
        let labels = try store.rollingDays(scope: stored.scopeID, pollutant: .pm25, profile: .default, from: 0, to: Int(Int32.max))
        let view = try store.connection.statement("SELECT day, days_365d FROM rolling_daily_by_date WHERE code = 'g' ORDER BY day")
        var rows: [(Int, Int)] = []
        while try view.step() { rows.append((view.int(0), view.int(1))) }
        // Kept: the days at most 364 days after a daily row (the partial local days at each end are rows too).
        let dailyDays = try store.days(scope: stored.scopeID, pollutant: .pm25, profile: .default, from: 0, to: Int(Int32.max)).map(\.dayNumber)
        let kept = labels.filter { label in dailyDays.contains { $0 <= label.dayNumber && label.dayNumber <= $0 + 364 } }
        #expect(kept.count < labels.count)
        #expect(labels.filter { !kept.contains($0) }.allSatisfy { $0.counts == [0, 0, 0] })
        #expect(rows.map(\.0) == kept.map(\.dayNumber))
        #expect(rows.map(\.1) == kept.map { $0.counts[2] })
    }

    @Test func aStoreWithStoredRollingTables_dropsThemForTheViews() throws {
        let store = try temporaryStore()
        let stored = try store.saveStation(Station(id: "m", timeZone: beijing))
        let base = hourAt(2022, 1, 1, 0).value
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "m", layout: "t"))
        for h in 0..<72 { try writer.put(StationTarget(stored), pollutant: .pm25, hour: UTCHour(base + h), value: Double(h % 40), line: h) }
        try writer.finish()
        // Schema 6 as the previous release left it: stored rolling tables with rows, no views.
        try revertRolesMigration(store)
        try store.connection.execute("""
            DROP VIEW rolling_hourly_by_time; DROP VIEW rolling_daily_by_date;
            CREATE TABLE rolling_hourly(station_id INTEGER NOT NULL REFERENCES stations(id), pollutant INTEGER NOT NULL, day INTEGER NOT NULL,
                labels BLOB NOT NULL, PRIMARY KEY (station_id, pollutant, day)) WITHOUT ROWID;
            CREATE TABLE rolling_daily(scope_id INTEGER NOT NULL REFERENCES scopes(id), pollutant INTEGER NOT NULL, profile TEXT NOT NULL,
                day INTEGER NOT NULL, days7 INTEGER NOT NULL, sum7 REAL NOT NULL, days30 INTEGER NOT NULL, sum30 REAL NOT NULL,
                days365 INTEGER NOT NULL, sum365 REAL NOT NULL, PRIMARY KEY (scope_id, pollutant, profile, day)) WITHOUT ROWID;
            INSERT INTO rolling_hourly VALUES (\(stored.id), 1, 19000, x'00');
            INSERT INTO rolling_daily VALUES (\(stored.scopeID), 1, 'gb3095-2012', 19000, 1, 1, 1, 1, 1, 1);
            PRAGMA user_version = 6;
            """)
        let reopened = try SQLiteStore(path: store.connection.path, now: { Date(timeIntervalSince1970: 1_700_000_000) })
        #expect(try reopened.userVersion() == SQLiteStore.schemaVersion)
        let tables = try reopened.connection.statement("SELECT count(*) FROM sqlite_schema WHERE name IN ('rolling_hourly', 'rolling_daily')")
        #expect(try tables.firstRow { $0.int(0) } == 0)
        let views = try reopened.connection.statement("SELECT count(*) FROM rolling_hourly_by_time WHERE station = 'm'")
        #expect(try views.firstRow { $0.int(0) } == 72 + 23)
        #expect(try reopened.rollingHours(station: stored.id, pollutant: .pm25, from: UTCHour(base), to: UTCHour(base + 200)).count == 72 + 23)
        #expect(try reopened.verifyAggregates().isEmpty)
    }
}
