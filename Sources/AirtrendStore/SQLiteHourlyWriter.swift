import AirtrendDomain

/// Writes one import's hours into SQLite in batches, each batch one transaction that also
/// brings every aggregate containing its hours up to date.
///
/// A value equal to the stored one changes nothing (re-imports are no-ops); a
/// different value replaces it and marks its day dirty. Call ``finish()`` to
/// commit the last batch, or ``rollback()`` to drop the open one.
///
/// - Important: Not thread-safe; one writer per connection at a time.
public final class SQLiteHourlyWriter: HourlyWriter {
    private let store: SQLiteStore
    private let importID: Int64
    private let batchSize: Int
    private let profiles: [ValidityProfile]
    /// The caller owns the transaction: the writer neither begins nor commits nor rolls back.
    private let external: Bool
    private var inBatch = 0
    private var open = false
    private var dirty: [DirtyKey: Set<Int>] = [:]
    private var dirtyTargets: [Int64: StationTarget] = [:]
    private let upsert: SQLiteStatement
    private let lookup: SQLiteStatement
    private let insertQuarantine: SQLiteStatement
    /// Batches committed so far.
    public private(set) var committedBatches = 0
    /// Commit by itself when a batch is full (the default). A caller that must judge a batch before it
    /// commits (series rules) turns this off, watches ``isBatchFull`` and calls ``commit()``.
    public var autoCommit = true
    public var isBatchFull: Bool { inBatch >= batchSize }
    public var pendingSeries: [DirtySeriesDays] {
        dirty.map { DirtySeriesDays(target: dirtyTargets[$0.key.stationID]!, pollutant: $0.key.pollutant, days: $0.value.sorted()) }
    }

    /// Cheap to hash on every stored hour; the full target is looked up at commit.
    struct DirtyKey: Hashable {
        var stationID: Int64
        var pollutant: Pollutant
    }

    init(store: SQLiteStore, importID: Int64, batchSize: Int, profiles: [ValidityProfile], external: Bool = false) throws {
        self.store = store
        self.external = external
        self.importID = importID
        self.batchSize = max(1, batchSize)
        self.profiles = profiles
        let c = store.connection
        self.upsert = try c.statement("""
            INSERT INTO hourly(station_id, pollutant, hour, value, import_id, line, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(station_id, pollutant, hour) DO UPDATE SET value = excluded.value, import_id = excluded.import_id,
                line = excluded.line, raw = excluded.raw
            WHERE hourly.value IS NOT excluded.value OR hourly.raw IS NOT excluded.raw
            """)
        self.lookup = try c.statement("SELECT value, import_id, line FROM hourly WHERE station_id = ?1 AND pollutant = ?2 AND hour = ?3")
        self.insertQuarantine = try c.statement("""
            INSERT OR IGNORE INTO quarantine(import_id, station_code, pollutant, hour, value, reason, detail, raw, file, line, recorded_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
    }

    private func beginIfNeeded() throws {
        if !open {
            if !external { try store.connection.execute("BEGIN IMMEDIATE") }
            open = true
        }
    }

    /// Stores one value; commits the batch when it is full.
    @discardableResult
    ///
    /// - Parameter raw: what the source sent when `value` was derived from it (kept in `hourly.raw`).
    public func put(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour, value: Double, line: Int, raw: String?) throws -> WriteOutcome {
        try beginIfNeeded()
        upsert.bind(1, target.stationID)
        upsert.bind(2, pollutant.rawValue)
        upsert.bind(3, hour.value)
        upsert.bind(4, value)
        upsert.bind(5, importID)
        upsert.bind(6, line)
        upsert.bind(7, raw)
        try upsert.run()
        let outcome: WriteOutcome
        if store.connection.changes > 0 {
            let key = DirtyKey(stationID: target.stationID, pollutant: pollutant)
            if dirty[key] == nil { dirtyTargets[target.stationID] = target }
            dirty[key, default: []].insert(hour.localDayNumber(offsetMinutes: target.offsetMinutes))
            outcome = .stored
        } else {
            outcome = .unchanged
        }
        inBatch += 1
        if autoCommit && inBatch >= batchSize { try commit() }
        return outcome
    }

    /// The stored value of an hour and the import and line that wrote it, or nil.
    public func existing(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws -> (value: Double, importID: Int64, line: Int?)? {
        lookup.bind(1, target.stationID)
        lookup.bind(2, pollutant.rawValue)
        lookup.bind(3, hour.value)
        return try lookup.firstRow { ($0.double(0), Int64($0.int(1)), $0.optionalInt(2)) }
    }

    /// Removes a stored hour (a series rule rejected it); its day is recomputed with the batch.
    public func remove(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws {
        try beginIfNeeded()
        let delete = try store.connection.statement("DELETE FROM hourly WHERE station_id = ? AND pollutant = ? AND hour = ?")
        delete.bind(1, target.stationID); delete.bind(2, pollutant.rawValue); delete.bind(3, hour.value)
        try delete.run()
        let key = DirtyKey(stationID: target.stationID, pollutant: pollutant)
        if dirty[key] == nil { dirtyTargets[target.stationID] = target }
        dirty[key, default: []].insert(hour.localDayNumber(offsetMinutes: target.offsetMinutes))
    }

    /// Keeps a value or row out of the series with its reason. Recording the same
    /// file, line and reason again (a re-import) is a no-op.
    public func quarantine(_ record: QuarantineRecord) throws {
        try beginIfNeeded()
        let q = insertQuarantine
        q.bind(1, importID)
        q.bind(2, record.station)
        q.bind(3, record.pollutant?.rawValue)
        q.bind(4, record.hour?.value)
        q.bind(5, record.value)
        q.bind(6, record.reason.rawValue)
        q.bind(7, record.detail)
        q.bind(8, record.raw)
        q.bind(9, record.file)
        q.bind(10, record.line)
        q.bind(11, store.timestamp)
        try q.run()
    }

    /// Updates the aggregates of this batch's hours and commits them together.
    public func commit() throws {
        guard open else { return }
        do {
            let series = dirty.map { (DirtySeries(target: dirtyTargets[$0.key.stationID]!, pollutant: $0.key.pollutant), $0.value) }
            try AggregateMaintainer(store: store).update(dirty: series, profiles: profiles)
            if !external { try store.connection.execute("COMMIT") }
        } catch {
            rollback()
            throw error
        }
        open = false
        dirty.removeAll(keepingCapacity: true)
        dirtyTargets.removeAll(keepingCapacity: true)
        inBatch = 0
        committedBatches += 1
    }

    /// Commits whatever is left.
    public func finish() throws { try commit() }

    /// Drops the open batch; earlier batches stay committed.
    public func rollback() {
        if open && !external { try? store.connection.execute("ROLLBACK") }
        open = false
        dirty.removeAll()
        dirtyTargets.removeAll()
        inBatch = 0
    }
}
