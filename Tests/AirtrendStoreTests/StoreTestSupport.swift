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

/// Takes a current store back to before the `station-roles-and-report-views` migration (schema 7): no roles or
/// service periods, no report views, the old `daily_by_date`. Callers then set the older `user_version`.
func revertRolesMigration(_ store: SQLiteStore) throws {
    try store.connection.execute("""
        DROP VIEW annual_report; DROP VIEW monthly_report; DROP VIEW station_list; DROP VIEW daily_by_date;
        CREATE VIEW daily_by_date AS
            SELECT s.kind, s.code, d.pollutant, d.profile, date(d.day * 86400, 'unixepoch') AS date,
                   d.observed, d.expected, d.mean, d.min, d.max, d.valid
            FROM daily d JOIN scopes s ON s.id = d.scope_id;
        ALTER TABLE stations DROP COLUMN role; ALTER TABLE stations DROP COLUMN in_service_from; ALTER TABLE stations DROP COLUMN in_service_to;
        PRAGMA user_version = 7;
        """)
}
