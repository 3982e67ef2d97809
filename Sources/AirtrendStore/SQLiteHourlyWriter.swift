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
    /// The batch's hours in arrival order; written sorted by (station, pollutant, hour) at commit.
    private var rows: [PendingHour] = []
    /// Beside ``rows``, by row: the source line, or ``farLine`` when it does not fit (then in ``farLines``).
    private var rowLines: [UInt32] = []
    private var farLines: [Int: Int] = [:]
    private static let farLine = UInt32.max
    /// Raw source text of the rows that have one (`hourly.raw`), by row.
    private var raws: [Int: String] = [:]
    private var seriesIndex: [DirtyKey: Int] = [:]
    private var series: [PendingSeries] = []
    /// (series, hour) → row, built only once an hour arrives that is not its series' newest (a repeat or a
    /// late hour), then kept up to date; ordered input never needs it.
    private var rowIndex: [RowKey: Int]?
    private let insert: SQLiteStatement
    /// ``insertChunk`` new hours of one series in one statement: SQLite's per-statement work (step, reset,
    /// cursors) is paid once per chunk instead of once per hour.
    private let insertMany: SQLiteStatement
    static let insertChunk = 32
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
        let order = writeOrder()
        return order.slices.compactMap { slice in
            let days = changedDays(series[slice.series], rows: order.positions[slice.range])
            let s = series[slice.series]
            return days.isEmpty ? nil : DirtySeriesDays(target: s.target, pollutant: s.pollutant, days: days)
        }
    }

    /// Cheap to hash on every stored hour.
    struct DirtyKey: Hashable {
        var stationID: Int64
        var pollutant: Pollutant
    }

    struct RowKey: Hashable {
        var series: Int
        var hour: Int
    }

    init(store: SQLiteStore, importID: Int64, batchSize: Int, profiles: [ValidityProfile], external: Bool = false) throws {
        self.store = store
        self.external = external
        self.importID = importID
        self.batchSize = max(1, batchSize)
        self.profiles = profiles
        let c = store.connection
        self.insert = try c.statement("INSERT INTO hourly(station_id, pollutant, hour, value, import_id, line, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        // Row k binds its hour, value, line and raw to ?(4k+4) … ?(4k+7); station, pollutant and import are shared.
        let rowsSQL = (0..<Self.insertChunk).map { k in "(?1, ?2, ?\(4 * k + 4), ?\(4 * k + 5), ?3, ?\(4 * k + 6), ?\(4 * k + 7))" }
        self.insertMany = try c.statement("INSERT INTO hourly(station_id, pollutant, hour, value, import_id, line, raw) VALUES "
                                          + rowsSQL.joined(separator: ", "))
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

    /// The index of a series in the batch, created (with its newest stored hour) on first use.
    private func slot(_ target: StationTarget, _ pollutant: Pollutant) throws -> Int {
        let key = DirtyKey(stationID: target.stationID, pollutant: pollutant)
        if let known = seriesIndex[key] { return known }
        newestStored.bind(1, target.stationID); newestStored.bind(2, pollutant.rawValue)
        let newest = try newestStored.firstRow { $0.optionalInt(0) } ?? nil
        series.append(PendingSeries(target: target, pollutant: pollutant, storedThrough: newest))
        seriesIndex[key] = series.count - 1
        return series.count - 1
    }

    /// The row holding a pending hour, or nil.
    private func row(series index: Int, hour: Int) -> Int? {
        guard hour <= series[index].newest else { return nil }
        if rowIndex == nil {
            var built: [RowKey: Int] = [:]
            built.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() { built[RowKey(series: Int(row.series), hour: row.hour)] = i }
            rowIndex = built
        }
        return rowIndex![RowKey(series: index, hour: hour)]
    }

    private func append(series index: Int, hour: Int, value: Double, line: Int, raw: String?) throws {
        // Positions are 32-bit: a batch that would hold more hours (only an unbounded --strict one can) writes them first.
        if rows.count == Int32.max { try flush() }
        rowIndex?[RowKey(series: index, hour: hour)] = rows.count
        if let raw { raws[rows.count] = raw }
        setLine(of: rows.count, to: line)
        rows.append(PendingHour(value: value, hour32: Int32(hour), series: Int32(index)))
        if hour < series[index].newest { series[index].ordered = false } else { series[index].newest = hour }
        series[index].count += 1
    }

    private func setLine(of position: Int, to line: Int) {
        let compact = line >= 0 && line < Int(Self.farLine) ? UInt32(line) : Self.farLine
        if compact == Self.farLine { farLines[position] = line } else if !farLines.isEmpty { farLines[position] = nil }
        if position == rowLines.count { rowLines.append(compact) } else { rowLines[position] = compact }
    }

    @inline(__always) private func line(of position: Int) -> Int {
        let compact = rowLines[position]
        return compact == Self.farLine ? farLines[position]! : Int(compact)
    }

    @inline(__always) private func rawText(of position: Int) -> String? {
        raws.isEmpty ? nil : raws[position]
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
        // Quality control passes only 1950 to a year ahead; an hour beyond 32 bits is a caller's bug, refused, not wrapped.
        guard Int32(exactly: hour.value) != nil else {
            throw StoreError("hour \(hour.value) of line \(line) is out of range for the store: expected a time within 245,000 years of 1970")
        }
        try beginIfNeeded()
        let index = try slot(target, pollutant)
        let h = hour.value
        let outcome: WriteOutcome
        if let position = row(series: index, hour: h) {
            // A second value for an hour of this batch: the later one wins (as an upsert would).
            if rows[position].value == value && rawText(of: position) == raw {
                outcome = .unchanged
            } else {
                rows[position].value = value
                setLine(of: position, to: line)
                raws[position] = raw
                outcome = .stored
            }
        } else if h > series[index].tableThrough {
            try append(series: index, hour: h, value: value, line: line, raw: raw)
            outcome = .stored
        } else if let old = try stored(target, pollutant, h), old.value == value, old.raw == raw {
            outcome = .unchanged
        } else {
            try append(series: index, hour: h, value: value, line: line, raw: raw)
            outcome = .stored
        }
        inBatch += 1
        if autoCommit && inBatch >= batchSize { try commit() }
        return outcome
    }

    /// The stored value of an hour and the import and line that wrote it, or nil; hours of the open batch included.
    public func existing(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws -> (value: Double, importID: Int64, line: Int?)? {
        if let index = seriesIndex[DirtyKey(stationID: target.stationID, pollutant: pollutant)] {
            if let position = row(series: index, hour: hour.value) { return (rows[position].value, importID, line(of: position)) }
            if hour.value > series[index].tableThrough { return nil }
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
        let index = try slot(target, pollutant)
        series[index].writtenDays.insert(hour.localDayNumber(offsetMinutes: target.offsetMinutes))
        series[index].inHandValid = false
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

    /// The pending rows grouped by series in (station, pollutant) order and sorted by hour within each: a
    /// counting sort, since series are few and their hours mostly arrive in order.
    private func writeOrder() -> (positions: [Int32], slices: [(series: Int, range: Range<Int>)]) {
        let seriesOrder = series.indices.sorted {
            (series[$0].target.stationID, series[$0].pollutant.rawValue) < (series[$1].target.stationID, series[$1].pollutant.rawValue)
        }
        var start = [Int](repeating: 0, count: series.count)
        var slices: [(series: Int, range: Range<Int>)] = []
        var offset = 0
        for index in seriesOrder {
            start[index] = offset
            slices.append((index, offset..<(offset + series[index].count)))
            offset += series[index].count
        }
        var positions = [Int32](repeating: 0, count: rows.count)
        var next = start
        for (i, row) in rows.enumerated() {
            let s = Int(row.series)
            positions[next[s]] = Int32(i)
            next[s] += 1
        }
        for slice in slices where !series[slice.series].ordered {
            positions[slice.range].sort { rows[Int($0)].hour < rows[Int($1)].hour }
        }
        return (positions, slices)
    }

    /// The local days a series' pending (given in hour order) and already written hours fall on, ascending.
    private func changedDays(_ s: PendingSeries, rows positions: ArraySlice<Int32>) -> [Int] {
        var days: [Int] = []
        var last = Int.min
        let offset = s.target.offsetMinutes
        for position in positions {
            let day = UTCHour(rows[Int(position)].hour).localDayNumber(offsetMinutes: offset)
            if day != last { days.append(day); last = day }
        }
        if s.writtenDays.isEmpty { return days }
        return s.writtenDays.union(days).sorted()
    }

    /// Writes every pending hour in (station, hour) order: new hours with plain inserts, revisions with the upsert.
    ///
    /// - Returns: per series, the change for aggregate maintenance.
    private func writeRows() throws -> [SeriesChange] {
        let order = writeOrder()
        var changes: [SeriesChange] = []
        for slice in order.slices {
            let s = series[slice.series]
            let positions = order.positions[slice.range]
            let days = changedDays(s, rows: positions)
            let tableThrough = s.tableThrough
            let station = s.target.stationID, pollutant = s.pollutant.rawValue
            // Revisions first (they sort before every new hour), then the new hours, a chunk per statement.
            var next = positions.startIndex
            while next < positions.endIndex && rows[Int(positions[next])].hour <= tableThrough {
                let position = Int(positions[next])
                let row = rows[position]
                upsert.bind(1, station); upsert.bind(2, pollutant); upsert.bind(3, row.hour); upsert.bind(4, row.value)
                upsert.bind(5, importID); upsert.bind(6, line(of: position)); upsert.bind(7, rawText(of: position))
                try upsert.run()
                next += 1
            }
            let appended = next
            while next < positions.endIndex {
                let chunk = positions[next..<min(next + Self.insertChunk, positions.endIndex)]
                let many = chunk.count == Self.insertChunk
                let statement = many ? insertMany : insert
                statement.bind(1, station); statement.bind(2, pollutant); statement.bind(3, importID)
                if !many { statement.bind(5, importID) }
                for (k, p) in chunk.enumerated() {
                    let position = Int(p)
                    let row = rows[position]
                    if many {
                        let base = Int32(4 * k + 4)
                        statement.bind(base, row.hour); statement.bind(base + 1, row.value); statement.bind(base + 2, line(of: position))
                        statement.bind(base + 3, rawText(of: position))
                    } else {
                        statement.bind(3, row.hour); statement.bind(4, row.value); statement.bind(6, line(of: position))
                        statement.bind(7, rawText(of: position))
                        try statement.run()
                    }
                }
                if many { try statement.run() }
                next = chunk.endIndex
            }
            let inHand = s.inHandValid ? HoursInHand(storedThrough: s.storedThrough, rows: rows, positions: positions[appended...]) : nil
            if !days.isEmpty {
                changes.append(SeriesChange(series: DirtySeries(target: s.target, pollutant: s.pollutant), days: days, inHand: inHand))
            }
        }
        return changes
    }

    /// Writes every pending hour now, before commit (a reader or a removal needs them in the table);
    /// their days are then read back at commit.
    func flush() throws {
        guard !rows.isEmpty else { return }
        for change in try writeRows() {
            let index = seriesIndex[DirtyKey(stationID: change.series.target.stationID, pollutant: change.series.pollutant)]!
            series[index].writtenDays.formUnion(change.days)
        }
        for index in series.indices {
            series[index].inHandValid = false
            if series[index].newest > Int.min { series[index].storedThrough = max(series[index].tableThrough, series[index].newest) }
            series[index].newest = Int.min
            series[index].count = 0
            series[index].ordered = true
        }
        clearRows()
    }

    private func clearRows() {
        rows.removeAll(keepingCapacity: true)
        rowLines.removeAll(keepingCapacity: true)
        farLines.removeAll()
        raws.removeAll()
        rowIndex = nil
    }

    /// Updates the aggregates of this batch's hours and commits them together.
    public func commit() throws {
        guard open else { return }
        do {
            try AggregateMaintainer(store: store).update(changes: try writeRows(), profiles: profiles)
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
        clearRows()
        series.removeAll(keepingCapacity: true)
        seriesIndex.removeAll(keepingCapacity: true)
        inBatch = 0
        if store.pendingWriter === self { store.pendingWriter = nil }
    }
}
