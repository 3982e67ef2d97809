import CSQLite

/// One open SQLite database file, used from one thread at a time.
///
/// Statements are cached by SQL text, so hot paths prepare once. The
/// connection is not `Sendable`: a process holds one per task that writes.
public final class SQLiteConnection {
    let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]
    public let path: String
    /// Opened with ``Mode/readOnly``.
    public let isReadOnly: Bool

    /// How a connection opens its file.
    public enum Mode: Sendable {
        /// Read and write, creating the file when it is missing, in WAL mode.
        case readWrite
        /// Read only: never creates the file, changes no journal mode, writes nothing. Works on a
        /// read-only file system and for a user who may only read the file (see ``init(path:mode:busyTimeoutMilliseconds:)``).
        case readOnly
    }

    /// Opens the file with foreign keys and a busy timeout (a writer waits that long for another, then fails busy).
    ///
    /// A read-only open of a WAL store needs its `-shm` file; where that cannot be created (a read-only
    /// file system, a folder the user may not write) and no writer has it open, the file is opened
    /// `immutable`, which SQLite reads without any lock: right for a store nobody can be writing.
    public init(path: String, mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 5_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        var rc = sqlite3_open_v2(mode == .readWrite ? path : Self.uri(path), &db, flags, nil)
        if mode == .readOnly, rc == SQLITE_OK, let opened = db, !Self.canRead(opened) {
            sqlite3_close_v2(opened)
            db = nil
            rc = sqlite3_open_v2(Self.uri(path) + "?immutable=1", &db, flags, nil)
        }
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "cannot open \(path): \(message)", sql: nil)
        }
        self.handle = db
        self.path = path
        self.isReadOnly = mode == .readOnly
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        if mode == .readWrite { try execute("PRAGMA journal_mode=WAL") }
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA synchronous=NORMAL")
        // Statement journals (upserts into tables with foreign keys) and sorts stay in memory: on a file
        // they cost an import about 8 % (issue 14's profile).
        try execute("PRAGMA temp_store=MEMORY")
        // 8 MiB of page cache: a batch is written series by series, so only one station's write front needs
        // to stay hot; 16 MiB measured no faster with 1,000,000-hour batches (2 M rows: 3.8-4.4 s either way)
        // and would take a 10 M-row import over 64 MB.
        try execute("PRAGMA cache_size=-8192")
        // Checkpoint when the WAL passes 64 MiB rather than SQLite's 4 MiB: a 250,000-hour batch wrote about
        // 20 MiB, and checkpointing after every batch (or every tick) copied the same hot pages (each station's
        // newest leaf, its daily rows, the interior pages) back into the file again and again.
        try execute("PRAGMA wal_autocheckpoint=16384")
    }

    /// How long a statement waits for another connection's lock before failing busy.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// `file:` URI of a path, with the characters URIs reserve escaped.
    static func uri(_ path: String) -> String {
        var text = "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"): text += "%" + String(byte, radix: 16, uppercase: true)
            default: text.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return text
    }

    /// True when a first read works (a WAL store without a usable `-shm` fails here, not at open).
    private static func canRead(_ db: OpaquePointer) -> Bool {
        sqlite3_exec(db, "PRAGMA schema_version", nil, nil, nil) == SQLITE_OK
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// A prepared statement for this SQL, reused across calls and reset before it is returned.
    public func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        // Inside an open transaction a savepoint nests, so helpers that write in their own
        // transaction can also take part in a caller's (a feed page, its cursor and its counters).
        if sqlite3_get_autocommit(handle) == 0 {
            try execute("SAVEPOINT nested")
            do {
                let result = try body()
                try execute("RELEASE nested")
                return result
            } catch {
                try? execute("ROLLBACK TO nested")
                try? execute("RELEASE nested")
                throw error
            }
        }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// True while a transaction is open on this connection.
    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
