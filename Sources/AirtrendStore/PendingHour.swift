/// One hour an open batch holds in memory, in arrival order (see ``SQLiteHourlyWriter``).
///
/// 16 bytes: the writer keeps each row's series (4 bytes) and source line (4 bytes) in arrays beside
/// these, and the rare raw source text by row, so a held hour costs 24 bytes (a 250,000-hour batch 6 MB)
/// and aggregate maintenance reads the new hours from here rather than from a copy (``HoursInHand``).
struct PendingHour {
    var hour: Int
    var value: Double
}
