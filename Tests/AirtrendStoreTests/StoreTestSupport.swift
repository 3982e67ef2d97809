import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation

/// A store in a fresh temporary file, with a fixed clock.
func temporaryStore() throws -> SQLiteStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path, now: { Date(timeIntervalSince1970: 1_700_000_000) })
}

/// Every row of an aggregate table as text, in key order, for exact comparisons.
func snapshot(_ store: SQLiteStore, _ table: String) throws -> [String] {
    let columns: String
    switch table {
    case "daily": columns = "scope_id, profile, day, observed, expected, sum, mean, min, max, valid"
    case "monthly": columns = "scope_id, profile, year, month, valid_days, expected_days, required_days, mean, valid"
    default: columns = "scope_id, profile, year, valid_days, expected_days, valid_months, mean, p95, days_over_limit, complete"
    }
    let s = try store.connection.statement("SELECT \(columns) FROM \(table) ORDER BY 1, 2, 3, 4")
    var rows: [String] = []
    let count = Int32(columns.split(separator: ",").count)
    while try s.step() {
        rows.append((0..<count).map { s.isNull($0) ? "NULL" : (s.string($0) ?? "") }.joined(separator: "|"))
    }
    return rows
}

let beijing = StationTimeZone(fixedOffsetMinutes: 480)

func hourAt(_ y: Int, _ m: Int, _ d: Int, _ h: Int) -> UTCHour {
    UTCHour(date: CivilDate(year: y, month: m, day: d)!, hour: h)
}
