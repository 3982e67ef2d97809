import AirtrendDomain
import Foundation

/// The airtrend store: one SQLite file holding stations, hourly readings,
/// quarantine and calendar aggregates.
///
/// The store knows nothing about feeds or file formats. Every write happens in
/// a transaction, and aggregates are updated in the same transaction as the
/// hours they summarise, so a kill at any moment leaves a consistent store.
///
/// ## Topics
/// ### Writing
/// - ``beginImport(source:layout:feedCode:)``
/// - ``HourlyWriter``
/// ### Reading
/// - ``annualStatistics(scope:pollutant:profile:)``
public final class SQLiteStore {
    public let connection: SQLiteConnection
    let now: () -> Date

    /// Opens or creates the store and applies any pending migrations.
    ///
    /// - Throws: ``StoreError`` when the file was written by a newer airtrend.
    public init(path: String, now: @escaping () -> Date) throws {
        self.connection = try SQLiteConnection(path: path)
        self.now = now
        try migrate()
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { StoreMigrations.all.count }

    private func migrate() throws {
        let version = try userVersion()
        if version > StoreMigrations.all.count {
            throw StoreError("\(connection.path) has schema version \(version), newer than this airtrend understands (\(StoreMigrations.all.count)); upgrade airtrend")
        }
        for (index, sql) in StoreMigrations.all.enumerated() where index >= version {
            try connection.transaction {
                // Another process may have migrated while this one waited for the write lock.
                guard try userVersion() == index else { return }
                try connection.execute(sql)
                if index + 1 == 6 {
                    // The rolling tables start empty; a store with history gets them filled in the same transaction.
                    try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
                }
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    func userVersion() throws -> Int {
        try connection.statement("PRAGMA user_version").firstRow { $0.int(0) } ?? 0
    }

    var timestamp: String {
        let seconds = Int(now().timeIntervalSince1970)
        let hour = UTCHour(seconds.floorDiv(3600))
        let rest = seconds.floorMod(3600)
        return "\(hour.date)T\(pad2(hour.hourOfDay)):\(pad2(rest / 60)):\(pad2(rest % 60))Z"
    }

    // MARK: Stations

    /// The station with this id, or nil.
    public func station(code: String) throws -> StoredStation? {
        let s = try connection.statement("SELECT id, scope_id, name, city, timezone, latitude, longitude FROM stations WHERE code = ?")
        s.bind(1, code)
        return try s.firstRow { try storedStation($0, code: code) }
    }

    /// Every station, by id.
    public func stations() throws -> [StoredStation] {
        let s = try connection.statement("SELECT id, scope_id, name, city, timezone, latitude, longitude, code FROM stations ORDER BY code")
        var result: [StoredStation] = []
        while try s.step() { result.append(try storedStation(s, code: s.string(7) ?? "")) }
        return result
    }

    private func storedStation(_ s: SQLiteStatement, code: String) throws -> StoredStation {
        let zone = try StationTimeZone(s.string(4) ?? "UTC")
        return StoredStation(
            id: Int64(s.int(0)), scopeID: Int64(s.int(1)),
            station: Station(id: code, name: s.string(2), city: s.string(3), timeZone: zone, latitude: s.optionalDouble(5), longitude: s.optionalDouble(6))
        )
    }

    /// Creates the station, or updates its descriptive fields when it exists.
    ///
    /// Changing a station's zone moves its day boundaries, so every aggregate
    /// of that station is recomputed in the same transaction.
    @discardableResult
    public func saveStation(_ station: Station) throws -> StoredStation {
        // Inside an import's open batch the station joins that transaction.
        if connection.isInTransaction { return try saveStationInTransaction(station) }
        return try connection.transaction { try saveStationInTransaction(station) }
    }

    func saveStationInTransaction(_ station: Station) throws -> StoredStation {
        if let existing = try self.station(code: station.id) {
            let u = try connection.statement("UPDATE stations SET name = ?, city = ?, timezone = ?, utc_offset_minutes = ?, latitude = ?, longitude = ? WHERE id = ?")
            u.bind(1, station.name); u.bind(2, station.city); u.bind(3, station.timeZone.name)
            u.bind(4, station.timeZone.standardOffsetMinutes); u.bind(5, station.latitude); u.bind(6, station.longitude)
            u.bind(7, existing.id)
            try u.run()
            if existing.station.city != station.city {
                // The station leaves one city's mean and joins another's.
                let maintainer = AggregateMaintainer(store: self)
                for city in [existing.station.city, station.city].compactMap({ $0 }) {
                    try maintainer.rebuildCity(city, profiles: try materializedProfiles())
                }
            }
            if existing.station.timeZone.standardOffsetMinutes != station.timeZone.standardOffsetMinutes {
                let scope = try connection.statement("UPDATE scopes SET utc_offset_minutes = ? WHERE id = ?")
                scope.bind(1, station.timeZone.standardOffsetMinutes); scope.bind(2, existing.scopeID)
                try scope.run()
                try AggregateMaintainer(store: self).recomputeStation(existing.id)
            }
            return StoredStation(id: existing.id, scopeID: existing.scopeID, station: station)
        }
        let scope = try connection.statement("INSERT INTO scopes(kind, code, utc_offset_minutes) VALUES ('station', ?, ?)")
        scope.bind(1, station.id); scope.bind(2, station.timeZone.standardOffsetMinutes)
        try scope.run()
        let scopeID = connection.lastInsertRowID
        let s = try connection.statement("INSERT INTO stations(code, name, city, timezone, utc_offset_minutes, latitude, longitude, scope_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        s.bind(1, station.id); s.bind(2, station.name); s.bind(3, station.city); s.bind(4, station.timeZone.name)
        s.bind(5, station.timeZone.standardOffsetMinutes); s.bind(6, station.latitude); s.bind(7, station.longitude); s.bind(8, scopeID)
        try s.run()
        return StoredStation(id: connection.lastInsertRowID, scopeID: scopeID, station: station)
    }

    // MARK: Profiles

    /// Profiles whose aggregates the store keeps current. The default profile is always among them.
    public func materializedProfiles() throws -> [ValidityProfile] {
        let s = try connection.statement("SELECT name FROM profiles ORDER BY name")
        var names: [String] = []
        while try s.step() { names.append(s.string(0) ?? "") }
        if names.isEmpty { return [.default] }
        return ValidityProfile.all.filter { names.contains($0.name) }
    }

    /// Makes sure the store keeps aggregates under `profile`, computing them from stored hours if new.
    public func ensureProfile(_ profile: ValidityProfile) throws {
        // Reports call this every time: answer from a plain read when nothing needs writing.
        if try materializedProfiles().contains(profile) { return }
        try connection.transaction {
            let s = try connection.statement("SELECT 1 FROM profiles WHERE name = ?")
            s.bind(1, profile.name)
            if try s.firstRow({ _ in true }) == true { return }
            let isFirst = try connection.statement("SELECT count(*) FROM profiles").firstRow { $0.int(0) } == 0
            let insert = try connection.statement("INSERT INTO profiles(name, materialized_at) VALUES (?, ?)")
            insert.bind(1, profile.name); insert.bind(2, timestamp)
            try insert.run()
            if isFirst && profile != .default {
                insert.bind(1, ValidityProfile.default.name); insert.bind(2, timestamp)
                try insert.run()
            }
            try AggregateMaintainer(store: self).recomputeAll(profiles: [profile], hourlyRolling: false)
        }
    }

    /// Recomputes every aggregate from the stored hours (what incremental updates must equal).
    public func recomputeAllAggregates() throws {
        try connection.transaction {
            try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
        }
    }

    /// Recomputes every aggregate from the hourly rows inside a transaction that is always
    /// rolled back, and returns where the stored rows differ (at most `limit`). Never modifies the store.
    public func verifyAggregates(limit: Int = 20) throws -> [String] {
        let tables = ["daily": "scope_id, pollutant, profile, day", "monthly": "scope_id, pollutant, profile, year, month",
                      "annual": "scope_id, pollutant, profile, year", "rolling_hourly": "station_id, pollutant, day",
                      "rolling_daily": "scope_id, pollutant, profile, day"]
        func snapshot(_ table: String) throws -> [String: String] {
            let s = try connection.statement("SELECT * FROM \(table)")
            var rows: [String: String] = [:]
            let keyColumns = tables[table]!.split(separator: ",").count
            while try s.step() {
                let count = s.columnCount
                let values = (0..<count).map { i -> String in
                    guard !s.isNull(i) else { return "NULL" }
                    if s.isBlob(i) { return s.blob(i).map { String($0, radix: 16) }.joined(separator: ".") }
                    // Sums of floating-point values may differ in the last bits with the order of additions.
                    let d = s.double(i)
                    return d == d.rounded() ? String(Int64(d)) : String(format: "%.9g", d)
                }
                rows[values.prefix(keyColumns).joined(separator: "|")] = values.joined(separator: "|")
            }
            return rows
        }
        try connection.execute("BEGIN")
        defer { try? connection.execute("ROLLBACK") }
        let before = try tables.keys.sorted().map { ($0, try snapshot($0)) }
        try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
        var differences: [String] = []
        for (table, stored) in before {
            let fresh = try snapshot(table)
            for key in Set(stored.keys).union(fresh.keys).sorted() where stored[key] != fresh[key] {
                differences.append("\(table) [\(key)]: stored \(stored[key] ?? "missing"), recomputed \(fresh[key] ?? "missing")")
                if differences.count >= limit { return differences }
            }
        }
        return differences
    }

    /// Accepts quarantined values: each is stored as its hour's value (replacing any other) and
    /// every aggregate containing it follows, in one transaction; the quarantine rows are marked released.
    ///
    /// - Throws: ``StoreError`` naming any id that does not exist, was already released, or holds
    ///   no value to accept (a rejected row); nothing is changed then.
    public func releaseQuarantined(ids: [Int64]) throws -> Int {
        let find = try connection.statement("""
            SELECT q.station_code, q.pollutant, q.hour, q.value, q.released_at, q.reason, st.id FROM quarantine q
            LEFT JOIN stations st ON st.code = q.station_code WHERE q.id = ?
            """)
        var accepted: [(id: Int64, station: String, pollutant: Pollutant, hour: UTCHour, value: Double)] = []
        var problems: [String] = []
        for id in ids {
            find.bind(1, Int(id))
            let row = try find.firstRow { s -> (String?, Int?, Int?, Double?, String?, String?, Int?) in
                (s.string(0), s.optionalInt(1), s.optionalInt(2), s.optionalDouble(3), s.string(4), s.string(5), s.optionalInt(6))
            }
            guard let row else { problems.append("no quarantined value with id \(id)"); continue }
            if let released = row.4 { problems.append("id \(id) was already released at \(released)"); continue }
            guard let code = row.0, row.6 != nil, let pollutant = row.1.flatMap(Pollutant.init(rawValue:)), let hour = row.2, let value = row.3,
                  value.isFinite else {
                problems.append("id \(id) (\(row.5 ?? "?")) holds no value for a known station and hour to accept")
                continue
            }
            accepted.append((id, code, pollutant, UTCHour(hour), value))
        }
        guard problems.isEmpty else {
            throw StoreError(problems.joined(separator: "; ") + "; nothing was released (list ids with `airtrend quarantine`)")
        }
        let importID = try beginImport(source: "quarantine release \(ids.map(String.init).joined(separator: ","))", layout: "release")
        let writer = try hourlyWriter(importID: importID, batchSize: Int.max)
        do {
            let mark = try connection.statement("UPDATE quarantine SET released_at = ? WHERE id = ?")
            for item in accepted {
                guard let station = try station(code: item.station) else { continue }
                try writer.put(HourlyWriter.Target(station), pollutant: item.pollutant, hour: item.hour, value: item.value, line: 0)
                mark.bind(1, timestamp); mark.bind(2, Int(item.id))
                try mark.run()
            }
            try writer.finish()
        } catch {
            writer.rollback()
            throw error
        }
        var counts = ImportCounts()
        counts.readings = accepted.count
        counts.stored = accepted.count
        try finishImport(importID, counts: counts, status: "ok", message: nil)
        return accepted.count
    }

    // MARK: Feeds and imports

    /// The feed's store key, created on first use.
    public func feedID(code: String, kind: String, url: String?) throws -> Int64 {
        let s = try connection.statement("""
            INSERT INTO feeds(code, kind, url, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, url = coalesce(excluded.url, feeds.url) RETURNING id
            """)
        s.bind(1, code); s.bind(2, kind); s.bind(3, url); s.bind(4, timestamp)
        return try s.firstRow { Int64($0.int(0)) } ?? 0
    }

    /// The size and modification time recorded when a feed last imported a file in full.
    public func sourceState(feed: String, source: String) throws -> (size: Int, modified: Int)? {
        let s = try connection.statement("""
            SELECT fs.size, fs.modified FROM feed_sources fs JOIN feeds f ON f.id = fs.feed_id WHERE f.code = ? AND fs.source = ?
            """)
        s.bind(1, feed); s.bind(2, source)
        return try s.firstRow { ($0.int(0), $0.int(1)) }
    }

    /// Remembers that a feed imported a file in full, so an unchanged file is skipped next time.
    public func recordSourceState(feed: String, kind: String, source: String, size: Int, modified: Int) throws {
        try connection.transaction {
            let id = try feedID(code: feed, kind: kind, url: nil)
            let s = try connection.statement("""
                INSERT INTO feed_sources(feed_id, source, size, modified, imported_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(feed_id, source) DO UPDATE SET size = excluded.size, modified = excluded.modified, imported_at = excluded.imported_at
                """)
            s.bind(1, id); s.bind(2, source); s.bind(3, size); s.bind(4, modified); s.bind(5, timestamp)
            try s.run()
        }
    }

    /// Records the start of an import and returns its id (committed at once, so a killed import is visible).
    public func beginImport(source: String, layout: String, feedCode: String? = nil) throws -> Int64 {
        try connection.transaction {
            var feedKey: Int?
            if let feedCode { feedKey = Int(try self.feedID(code: feedCode, kind: layout, url: nil)) }
            let s = try connection.statement("INSERT INTO imports(source, layout, feed_id, started_at) VALUES (?, ?, ?, ?)")
            s.bind(1, source); s.bind(2, layout); s.bind(3, feedKey); s.bind(4, timestamp)
            try s.run()
            return connection.lastInsertRowID
        }
    }

    /// Writes an import's final counts and status.
    public func finishImport(_ id: Int64, counts: ImportCounts, status: String, message: String?) throws {
        try connection.transaction {
            let s = try connection.statement("""
                UPDATE imports SET finished_at = ?, status = ?, lines = ?, readings = ?, stored = ?, unchanged = ?,
                    missing = ?, quarantined = ?, rejected = ?, message = ? WHERE id = ?
                """)
            s.bind(1, timestamp); s.bind(2, status); s.bind(3, counts.lines); s.bind(4, counts.readings)
            s.bind(5, counts.stored); s.bind(6, counts.unchanged); s.bind(7, counts.missing)
            s.bind(8, counts.quarantined); s.bind(9, counts.rejected); s.bind(10, message); s.bind(11, Int(id))
            try s.run()
        }
    }

    /// A writer for one import's hours; see ``HourlyWriter``.
    ///
    /// - Parameter external: the caller has begun a transaction and will commit or roll it back; the
    ///   writer then only stores hours and brings aggregates up to date at ``HourlyWriter/finish()``.
    public func hourlyWriter(importID: Int64, batchSize: Int = 250_000, external: Bool = false) throws -> HourlyWriter {
        try HourlyWriter(store: self, importID: importID, batchSize: batchSize, profiles: try materializedProfiles(), external: external)
    }

    // MARK: Runs

    /// Records the start of a feed run (committed at once, so a killed run stays visible).
    public func beginRun(feed: String, trigger: String) throws -> Int64 {
        try connection.transaction {
            let s = try connection.statement("INSERT INTO runs(feed, trigger, started_at) VALUES (?, ?, ?)")
            s.bind(1, feed); s.bind(2, trigger); s.bind(3, timestamp)
            try s.run()
            return connection.lastInsertRowID
        }
    }

    /// Completes a run with its outcome and counts.
    public func finishRun(_ id: Int64, outcome: String, files: Int, skipped: Int, stored: Int, quarantined: Int, rejected: Int, error: String?) throws {
        try connection.transaction {
            let s = try connection.statement("""
                UPDATE runs SET finished_at = ?, outcome = ?, files = ?, skipped = ?, stored = ?, quarantined = ?, rejected = ?, error = ?
                WHERE id = ?
                """)
            s.bind(1, timestamp); s.bind(2, outcome); s.bind(3, files); s.bind(4, skipped); s.bind(5, stored)
            s.bind(6, quarantined); s.bind(7, rejected); s.bind(8, error); s.bind(9, Int(id))
            try s.run()
        }
    }

    /// The most recent runs, newest first, optionally of one feed.
    public func runs(feed: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        let s = try connection.statement("""
            SELECT id, feed, trigger, started_at, finished_at, outcome, files, skipped, stored, quarantined, rejected, error
            FROM runs WHERE (?1 IS NULL OR feed = ?1) ORDER BY id DESC LIMIT ?2
            """)
        s.bind(1, feed); s.bind(2, limit)
        var result: [RunRecord] = []
        while try s.step() {
            result.append(RunRecord(
                id: Int64(s.int(0)), feed: s.string(1) ?? "", trigger: s.string(2) ?? "", startedAt: s.string(3) ?? "",
                finishedAt: s.string(4), outcome: s.string(5) ?? "", files: s.int(6), skipped: s.int(7), stored: s.int(8),
                quarantined: s.int(9), rejected: s.int(10), error: s.string(11)
            ))
        }
        return result
    }

    /// The newest stored hour of a station, or nil when it has none.
    public func newestHour(station code: String) throws -> UTCHour? {
        let s = try connection.statement("SELECT max(h.hour) FROM hourly h JOIN stations st ON st.id = h.station_id WHERE st.code = ?")
        s.bind(1, code)
        return try s.firstRow { $0.optionalInt(0).map(UTCHour.init) } ?? nil
    }

    /// Totals over all runs of a feed: (runs by outcome, hours stored, values quarantined).
    public func runTotals(feed: String) throws -> (outcomes: [String: Int], stored: Int, quarantined: Int) {
        let s = try connection.statement("SELECT outcome, count(*), total(stored), total(quarantined) FROM runs WHERE feed = ? GROUP BY outcome")
        s.bind(1, feed)
        var outcomes: [String: Int] = [:]
        var stored = 0.0, quarantined = 0.0
        while try s.step() {
            outcomes[s.string(0) ?? ""] = s.int(1)
            stored += s.double(2)
            quarantined += s.double(3)
        }
        return (outcomes, Int(stored), Int(quarantined))
    }

    /// The size of the database file in bytes (main file only).
    public func fileSize() throws -> Int {
        let pages = try connection.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0
        let size = try connection.statement("PRAGMA page_size").firstRow { $0.int(0) } ?? 0
        return pages * size
    }

    // MARK: Reading

    /// The aggregate scope of a station, city or region.
    public func scopeID(kind: String, code: String) throws -> Int64? {
        let s = try connection.statement("SELECT id FROM scopes WHERE kind = ? AND code = ?")
        s.bind(1, kind); s.bind(2, code)
        return try s.firstRow { Int64($0.int(0)) }
    }

    /// Every stored year of a scope under a profile, oldest first.
    public func annualStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [YearStatistics] {
        let s = try connection.statement("""
            SELECT year, valid_days, expected_days, valid_months, mean, p95, days_over_limit, complete
            FROM annual WHERE scope_id = ? AND pollutant = ? AND profile = ? ORDER BY year
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [YearStatistics] = []
        while try s.step() {
            result.append(YearStatistics(
                year: s.int(0), validDays: s.int(1), expectedDays: s.int(2), validMonths: s.int(3),
                mean: s.optionalDouble(4), percentile: s.optionalDouble(5), daysOverLimit: s.int(6), complete: s.int(7) != 0
            ))
        }
        return result
    }

    /// Stations of a city that had at least one valid day in the year.
    public func cityMembers(city: String, pollutant: Pollutant, profile: ValidityProfile, year: Int) throws -> [String] {
        let s = try connection.statement("""
            SELECT DISTINCT st.code FROM stations st JOIN daily d ON d.scope_id = st.scope_id
            WHERE st.city = ?1 AND d.pollutant = ?2 AND d.profile = ?3 AND d.valid = 1 AND d.day BETWEEN ?4 AND ?5 ORDER BY st.code
            """)
        s.bind(1, city); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        s.bind(4, CivilDate.dayNumber(year: year, month: 1, day: 1)); s.bind(5, CivilDate.dayNumber(year: year, month: 12, day: 31))
        var codes: [String] = []
        while try s.step() { codes.append(s.string(0) ?? "") }
        return codes
    }

    /// For each year of a scope, how many months have at least one valid day.
    public func monthsWithData(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [Int: Int] {
        let s = try connection.statement("""
            SELECT year, count(*) FROM monthly WHERE scope_id = ? AND pollutant = ? AND profile = ? AND valid_days > 0 GROUP BY year
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [Int: Int] = [:]
        while try s.step() { result[s.int(0)] = s.int(1) }
        return result
    }

    /// The cities stations belong to, with their station counts.
    public func cities() throws -> [(city: String, stations: Int)] {
        let s = try connection.statement("SELECT city, count(*) FROM stations WHERE city IS NOT NULL GROUP BY city ORDER BY city")
        var result: [(String, Int)] = []
        while try s.step() { result.append((s.string(0) ?? "", s.int(1))) }
        return result
    }

    /// Stored hourly values of a station in `[from, to)` (UTC hours), oldest first.
    public func hourlyValues(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [(hour: UTCHour, value: Double)] {
        let s = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour >= ? AND hour < ? ORDER BY hour")
        s.bind(1, Int(station)); s.bind(2, pollutant.rawValue); s.bind(3, from.value); s.bind(4, to.value)
        var result: [(UTCHour, Double)] = []
        while try s.step() { result.append((UTCHour(s.int(0)), s.double(1))) }
        return result
    }

    /// The first and last day of a scope's daily series under a profile, or nil.
    public func daySpan(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> ClosedRange<Int>? {
        let s = try connection.statement("SELECT min(day), max(day) FROM daily WHERE scope_id = ? AND pollutant = ? AND profile = ?")
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        return try s.firstRow { row -> ClosedRange<Int>? in
            guard let first = row.optionalInt(0), let last = row.optionalInt(1) else { return nil }
            return first...last
        } ?? nil
    }

    /// Daily summaries of a scope between two local day numbers (inclusive).
    public func days(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [DaySummary] {
        let s = try connection.statement("""
            SELECT day, observed, expected, sum, min, max, valid FROM daily
            WHERE scope_id = ? AND pollutant = ? AND profile = ? AND day BETWEEN ? AND ? ORDER BY day
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name); s.bind(4, from); s.bind(5, to)
        var result: [DaySummary] = []
        while try s.step() {
            result.append(DaySummary(dayNumber: s.int(0), observed: s.int(1), expected: s.int(2), sum: s.double(3),
                                     minimum: s.double(4), maximum: s.double(5), valid: s.int(6) != 0))
        }
        return result
    }

    /// Monthly statistics of a scope, oldest first.
    public func monthlyStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [MonthStatistics] {
        let s = try connection.statement("""
            SELECT year, month, valid_days, expected_days, required_days, mean, valid FROM monthly
            WHERE scope_id = ? AND pollutant = ? AND profile = ? ORDER BY year, month
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [MonthStatistics] = []
        while try s.step() {
            result.append(MonthStatistics(year: s.int(0), month: s.int(1), validDays: s.int(2), expectedDays: s.int(3),
                                          requiredDays: s.int(4), mean: s.optionalDouble(5), valid: s.int(6) != 0))
        }
        return result
    }

    /// The stored value of one hour, or nil.
    public func hourlyValue(station: Int64, pollutant: Pollutant, hour: UTCHour) throws -> Double? {
        let s = try connection.statement("SELECT value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour = ?")
        s.bind(1, Int(station)); s.bind(2, pollutant.rawValue); s.bind(3, hour.value)
        return try s.firstRow { $0.double(0) }
    }

    /// Quarantined values, newest first, optionally of one reason.
    public func quarantine(reason: QuarantineReason? = nil, feed: String? = nil, limit: Int = 1_000) throws -> [QuarantineRecord] {
        let s = try connection.statement("""
            SELECT q.id, q.import_id, q.station_code, q.pollutant, q.hour, q.value, q.reason, q.detail, q.raw, q.file, q.line,
                   q.released_at, f.code
            FROM quarantine q LEFT JOIN imports i ON i.id = q.import_id LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE (?1 IS NULL OR q.reason = ?1) AND (?3 IS NULL OR f.code = ?3) ORDER BY q.id DESC LIMIT ?2
            """)
        s.bind(1, reason?.rawValue); s.bind(2, limit); s.bind(3, feed)
        defer { s.reset() }
        var result: [QuarantineRecord] = []
        while try s.step() {
            result.append(QuarantineRecord(
                id: Int64(s.int(0)), importID: s.optionalInt(1).map(Int64.init), station: s.string(2),
                pollutant: s.optionalInt(3).flatMap(Pollutant.init(rawValue:)), hour: s.optionalInt(4).map(UTCHour.init),
                value: s.optionalDouble(5), reason: QuarantineReason(rawValue: s.string(6) ?? "") ?? .rejected,
                detail: s.string(7) ?? "", raw: s.string(8), file: s.string(9), line: s.optionalInt(10)
            ))
            result[result.count - 1].releasedAt = s.string(11)
            result[result.count - 1].feed = s.string(12)
        }
        return result
    }

    /// Counts for `airtrend status`.
    public func summary() throws -> StoreSummary {
        func count(_ sql: String) throws -> Int {
            try connection.statement(sql).firstRow { $0.int(0) } ?? 0
        }
        var perStation: [StoreSummary.StationLine] = []
        let s = try connection.statement("""
            SELECT st.code, count(h.hour), min(h.hour), max(h.hour) FROM stations st
            LEFT JOIN hourly h ON h.station_id = st.id GROUP BY st.id ORDER BY st.code
            """)
        while try s.step() {
            perStation.append(.init(station: s.string(0) ?? "", hours: s.int(1),
                                    first: s.optionalInt(2).map(UTCHour.init), last: s.optionalInt(3).map(UTCHour.init)))
        }
        var lastImport: String?
        let l = try connection.statement("SELECT source, status, finished_at, stored, quarantined, rejected FROM imports ORDER BY id DESC LIMIT 1")
        lastImport = try l.firstRow { l in
            "\(l.string(0) ?? "") (\(l.string(1) ?? ""), finished \(l.string(2) ?? "-"), stored \(l.int(3)), quarantined \(l.int(4)), rejected \(l.int(5)))"
        }
        return StoreSummary(
            path: connection.path, schemaVersion: try userVersion(),
            hours: try count("SELECT count(*) FROM hourly"), quarantined: try count("SELECT count(*) FROM quarantine"),
            imports: try count("SELECT count(*) FROM imports"), stations: perStation, lastImport: lastImport,
            profiles: try materializedProfiles().map(\.name)
        )
    }

    /// `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try connection.statement("PRAGMA integrity_check").firstRow { $0.string(0) ?? "" } ?? ""
    }
}

func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
