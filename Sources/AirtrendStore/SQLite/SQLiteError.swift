import CSQLite

/// A failed SQLite call, with the result code, SQLite's message and the statement.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        if code == SQLITE_BUSY { text += "; another process holds the database, try again later" }
        return text
    }
}
