import CSQLite

/// A failed SQLite call, with the result code, SQLite's message and the statement.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String?) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// Another connection held the database past the busy timeout: worth trying again later.
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    /// The disk or file system failed (full, an I/O error).
    public var isIOFailure: Bool { code & 0xFF == SQLITE_FULL || code & 0xFF == SQLITE_IOERR }
    /// The file could not be opened or created.
    public var isCannotOpen: Bool { code & 0xFF == SQLITE_CANTOPEN || code & 0xFF == SQLITE_READONLY || code & 0xFF == SQLITE_PERM }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        if isBusy { text += "; another process holds the database, try again later" }
        return text
    }
}
