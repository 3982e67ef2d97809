import AirtrendDomain
import Foundation

/// The airtrend store: one SQLite file holding stations, hourly readings,
/// quarantine and calendar aggregates.
///
/// The store knows nothing about feeds or file formats. Every write happens in
/// a transaction, and aggregates are updated in the same transaction as the
/// hours they summarise, so a kill at any moment leaves a consistent store.
/// What the other stages need from it is stated as protocols (``IngestStore``,
/// ``ReportStore``, ``ServiceStore``), which this type implements.
///
/// Its methods are grouped by what they touch: `+Stations`, `+Imports`, `+Runs`,
/// `+FeedState`, `+Quarantine`, `+Aggregates`, `+Queries`.
public final class SQLiteStore {
    public let connection: SQLiteConnection
    let now: () -> Date
    /// The writer whose open batch holds hours not yet in the table (see ``flushPendingHours()``).
    weak var pendingWriter: SQLiteHourlyWriter?

    /// Opens or creates the store and applies any pending migrations.
    ///
    /// - Throws: ``StoreError`` when the file was written by a newer airtrend.
    /// - Parameter migrating: false to refuse (``StoreError`` of kind `.schema`) a store whose schema is
    ///   not this build's instead of migrating it (`verify` checks; it never changes a store).
    public init(path: String, now: @escaping () -> Date, migrating: Bool = true) throws {
        self.connection = try SQLiteConnection(path: path)
        self.now = now
        if migrating {
            try migrate()
        } else {
            try requireCurrentSchema()
        }
    }

    /// Opens an existing store for reading only: no file is created, no journal mode changed, no
    /// migration run and nothing written, so it works on a read-only file system and for a user who
    /// may only read the file.
    ///
    /// - Throws: ``StoreError`` of kind `.missing` when there is no file, `.schema` when its schema is
    ///   not this airtrend's (an older one needs one writing command to migrate it).
    public init(readingOnly path: String, now: @escaping () -> Date) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no store at \(path): import or ingest data first (airtrend import, airtrend ingest)", kind: .missing)
        }
        self.connection = try SQLiteConnection(path: path, mode: .readOnly)
        self.now = now
        try requireCurrentSchema()
    }

    private func requireCurrentSchema() throws {
        let path = connection.path
        let version = try userVersion()
        guard version == StoreMigrations.all.count else {
            let what = version > StoreMigrations.all.count ? "newer than this airtrend understands; upgrade airtrend"
                : "older than this airtrend's (\(StoreMigrations.all.count)); run one writing command (airtrend ingest, import or verify --rebuild) to migrate it"
            throw StoreError("\(path) has schema version \(version), \(what)", kind: .schema)
        }
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { StoreMigrations.all.count }

    private func migrate() throws {
        let version = try userVersion()
        if version > StoreMigrations.all.count {
            throw StoreError("\(connection.path) has schema version \(version), newer than this airtrend understands (\(StoreMigrations.all.count)); upgrade airtrend", kind: .schema)
        }
        guard version < StoreMigrations.all.count else { return }
        // Every pending step in one transaction, and the aggregate work they call for once, at the end: it is
        // this build's code, which reads the final schema (a step's backfill run on an older schema could not).
        try connection.transaction {
            // Another process may have migrated while this one waited for the write lock.
            let current = try userVersion()
            guard current < StoreMigrations.all.count else { return }
            let steps = StoreMigrations.all[current...]
            for migration in steps { try connection.execute(migration.sql) }
            if steps.contains(where: \.backfillsAggregates) {
                try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
            } else if steps.contains(where: \.rebuildsCities) {
                try AggregateMaintainer(store: self).rebuildAllCities(profiles: try materializedProfiles())
            }
            try connection.execute("PRAGMA user_version = \(StoreMigrations.all.count)")
        }
    }

    /// Writes the hours an open batch holds in memory into the table (inside its transaction), so a read
    /// of hours sees them. Every read of `hourly` through the store calls this first.
    public func flushPendingHours() throws {
        try pendingWriter?.flush()
    }

    func userVersion() throws -> Int {
        try connection.statement("PRAGMA user_version").firstRow { $0.int(0) } ?? 0
    }

    var timestamp: String {
        let seconds = Int(now().timeIntervalSince1970)
        let hour = UTCHour(seconds.floorDiv(3600))
        let rest = seconds.floorMod(3600)
        return "\(hour.date)T\(hour.hourOfDay.zeroPadded(2)):\((rest / 60).zeroPadded(2)):\((rest % 60).zeroPadded(2))Z"
    }

    /// The size of the database file in bytes (main file only).
    public func fileSize() throws -> Int {
        let pages = try connection.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0
        let size = try connection.statement("PRAGMA page_size").firstRow { $0.int(0) } ?? 0
        return pages * size
    }

    /// `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try connection.statement("PRAGMA integrity_check").firstRow { $0.string(0) ?? "" } ?? ""
    }
}

extension SQLiteStore: IngestStore, ReportStore, ServiceStore {
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }

    public func releaseMemory() throws {
        try connection.execute("PRAGMA shrink_memory")
    }
}
