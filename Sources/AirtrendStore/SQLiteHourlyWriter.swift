import AirtrendDomain

/// Writes one import's hours into SQLite in batches, each batch one transaction that also
/// brings every aggregate containing its hours up to date.
///
/// A value equal to the stored one changes nothing (re-imports are no-ops); a
/// different value replaces it and marks its day dirty. Call ``finish()`` to
/// commit the last batch, or ``rollback()`` to drop the open one.
///
/// A batch's hours are held in memory and written at commit, series by series in (station, hour)
/// order: a feed file arrives hour by hour across stations, and writing it in that order would land
/// every row on another station's page. Hours after a series' last stored hour (new data) go in with
/// plain inserts and their days are summarised from memory; only the edge of a day the batch continues
/// and revised hours are read back. Any read of hours through the store while a batch is open writes
/// the held hours first (``SQLiteStore/flushPendingHours()``), so readers and series rules see them.
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
    private var series: [DirtyKey: PendingSeries] = [:]
    private let insert: SQLiteStatement
    private let upsert: SQLiteStatement
    private let lookup: SQLiteStatement
    private let newestStored: SQLiteStatement
    private let insertQuarantine: SQLiteStatement
    /// Batches committed so far.
    public private(set) var committedBatches = 0
    /// Commit by itself when a batch is full (the default). A caller that must judge a batch before it
    /// commits (series rules) turns this off, watches ``isBatchFull`` and calls ``commit()``.
    public var autoCommit = true
    public var isBatchFull: Bool { inBatch >= batchSize }
    public var pendingSeries: [DirtySeriesDays] {
        sortedSeries().compactMap { item in
            let days = changedDays(item)
            return days.isEmpty ? nil : DirtySeriesDays(target: item.target, pollutant: item.pollutant, days: days)
        }
    }

    /// Cheap to hash on every stored hour.
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
        self.insert = try c.statement("INSERT INTO hourly(station_id, pollutant, hour, value, import_id, line, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        self.upsert = try c.statement("""
            INSERT INTO hourly(station_id, pollutant, hour, value, import_id, line, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(station_id, pollutant, hour) DO UPDATE SET value = excluded.value, import_id = excluded.import_id,
                line = excluded.line, raw = excluded.raw
            WHERE hourly.value IS NOT excluded.value OR hourly.raw IS NOT excluded.raw
            """)
        self.lookup = try c.statement("SELECT value, import_id, line, raw FROM hourly WHERE station_id = ?1 AND pollutant = ?2 AND hour = ?3")
        self.newestStored = try c.statement("SELECT max(hour) FROM hourly WHERE station_id = ?1 AND pollutant = ?2")
        self.insertQuarantine = try c.statement("""
            INSERT OR IGNORE INTO quarantine(import_id, station_code, pollutant, hour, value, reason, detail, raw, file, line, recorded_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
    }

    private func beginIfNeeded() throws {
        if !open {
            if !external { try store.connection.execute("BEGIN IMMEDIATE") }
            open = true
            store.pendingWriter = self
        }
    }

    /// The batch's state of a series, created (with the newest stored hour) on first use.
    private func pending(_ target: StationTarget, _ pollutant: Pollutant) throws -> PendingSeries {
        let key = DirtyKey(stationID: target.stationID, pollutant: pollutant)
        if let known = series[key] { return known }
        newestStored.bind(1, target.stationID); newestStored.bind(2, pollutant.rawValue)
        let newest = try newestStored.firstRow { $0.optionalInt(0) } ?? nil
        let created = PendingSeries(target: target, pollutant: pollutant, storedThrough: newest)
        series[key] = created
        return created
    }

    /// The stored value and raw text of an hour in the table, or nil.
    private func stored(_ target: StationTarget, _ pollutant: Pollutant, _ hour: Int) throws -> (value: Double, importID: Int64, line: Int?, raw: String?)? {
        lookup.bind(1, target.stationID); lookup.bind(2, pollutant.rawValue); lookup.bind(3, hour)
        return try lookup.firstRow { ($0.double(0), Int64($0.int(1)), $0.optionalInt(2), $0.string(3)) }
    }

    /// Stores one value; commits the batch when it is full.
    ///
    /// - Parameter raw: what the source sent when `value` was derived from it (kept in `hourly.raw`).
    @discardableResult
    public func put(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour, value: Double, line: Int, raw: String?) throws -> WriteOutcome {
        try beginIfNeeded()
        let s = try pending(target, pollutant)
        let h = hour.value
        let outcome: WriteOutcome
        if let position = s.position(of: h) {
            // A second value for an hour of this batch: the later one wins (as an upsert would).
            if s.values[position] == value && s.raws[position] == raw {
                outcome = .unchanged
            } else {
                s.replace(at: position, value: value, line: line, raw: raw)
                outcome = .stored
            }
        } else if h > s.storedThrough ?? Int.min {
            s.append(hour: h, value: value, line: line, raw: raw)
            outcome = .stored
        } else if let old = try stored(target, pollutant, h), old.value == value, old.raw == raw {
            outcome = .unchanged
        } else {
            s.append(hour: h, value: value, line: line, raw: raw)
            outcome = .stored
        }
        inBatch += 1
        if autoCommit && inBatch >= batchSize { try commit() }
        return outcome
    }

    /// The stored value of an hour and the import and line that wrote it, or nil; hours of the open batch included.
    public func existing(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws -> (value: Double, importID: Int64, line: Int?)? {
        let key = DirtyKey(stationID: target.stationID, pollutant: pollutant)
        if let s = series[key] {
            if let position = s.position(of: hour.value) { return (s.values[position], importID, s.lines[position]) }
            if hour.value > s.storedThrough ?? Int.min { return nil }
        }
        return try stored(target, pollutant, hour.value).map { ($0.value, $0.importID, $0.line) }
    }

    /// Removes a stored hour (a series rule rejected it); its day is recomputed with the batch.
    public func remove(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws {
        try beginIfNeeded()
        try flush()
        let delete = try store.connection.statement("DELETE FROM hourly WHERE station_id = ? AND pollutant = ? AND hour = ?")
        delete.bind(1, target.stationID); delete.bind(2, pollutant.rawValue); delete.bind(3, hour.value)
        try delete.run()
        let s = try pending(target, pollutant)
        s.writtenDays.insert(hour.localDayNumber(offsetMinutes: target.offsetMinutes))
        s.inHandValid = false
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

    private func sortedSeries() -> [PendingSeries] {
        series.values.sorted { ($0.target.stationID, $0.pollutant.rawValue) < ($1.target.stationID, $1.pollutant.rawValue) }
    }

    /// The local days a series' pending and written hours fall on, ascending.
    private func changedDays(_ s: PendingSeries) -> [Int] {
        var days: [Int] = []
        var last = Int.min
        let offset = s.target.offsetMinutes
        for position in s.order() {
            let day = UTCHour(s.hours[position]).localDayNumber(offsetMinutes: offset)
            if day != last { days.append(day); last = day }
        }
        if s.writtenDays.isEmpty { return days }
        return s.writtenDays.union(days).sorted()
    }

    /// Writes one series' pending hours in hour order: new hours with plain inserts, revisions with the upsert.
    ///
    /// - Returns: the change for aggregate maintenance.
    private func write(_ s: PendingSeries) throws -> SeriesChange {
        let days = changedDays(s)
        let order = s.order()
        let storedThrough = s.storedThrough ?? Int.min
        var appendedHours: [Int] = [], appendedValues: [Double] = []
        if s.inHandValid {
            appendedHours.reserveCapacity(order.count); appendedValues.reserveCapacity(order.count)
        }
        let station = s.target.stationID, pollutant = s.pollutant.rawValue
        for position in order {
            let hour = s.hours[position]
            let statement = hour > storedThrough ? insert : upsert
            statement.bind(1, station); statement.bind(2, pollutant); statement.bind(3, hour); statement.bind(4, s.values[position])
            statement.bind(5, importID); statement.bind(6, s.lines[position]); statement.bind(7, s.raws[position])
            try statement.run()
            if s.inHandValid && hour > storedThrough { appendedHours.append(hour); appendedValues.append(s.values[position]) }
        }
        let inHand = s.inHandValid ? HoursInHand(storedThrough: s.storedThrough, hours: appendedHours, values: appendedValues) : nil
        return SeriesChange(series: DirtySeries(target: s.target, pollutant: s.pollutant), days: days, inHand: inHand)
    }

    /// Writes every pending hour now, before commit (a reader or a removal needs them in the table);
    /// their days are then read back at commit.
    func flush() throws {
        for s in sortedSeries() where !s.isEmpty {
            let change = try write(s)
            s.writtenDays.formUnion(change.days)
            s.inHandValid = false
            s.written()
        }
    }

    /// Updates the aggregates of this batch's hours and commits them together.
    public func commit() throws {
        guard open else { return }
        do {
            var changes: [SeriesChange] = []
            for s in sortedSeries() {
                let change = try write(s)
                if !change.days.isEmpty { changes.append(change) }
            }
            try AggregateMaintainer(store: store).update(changes: changes, profiles: profiles)
            if !external { try store.connection.execute("COMMIT") }
        } catch {
            rollback()
            throw error
        }
        endBatch()
        committedBatches += 1
    }

    /// Commits whatever is left.
    public func finish() throws { try commit() }

    /// Drops the open batch; earlier batches stay committed.
    public func rollback() {
        if open && !external { try? store.connection.execute("ROLLBACK") }
        endBatch()
    }

    private func endBatch() {
        open = false
        series.removeAll(keepingCapacity: true)
        inBatch = 0
        if store.pendingWriter === self { store.pendingWriter = nil }
    }
}
