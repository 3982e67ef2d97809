/// One hour an open batch holds in memory, in arrival order (see ``SQLiteHourlyWriter``).
///
/// 32 bytes, so a 250,000-hour batch costs 8 MB; the rare raw source text is kept beside it, by row.
struct PendingHour {
    var hour: Int
    var value: Double
    var line: Int
    /// Index of its series in the writer's list.
    var series: Int32
    /// The writer holds a raw text for this row.
    var hasRaw: Bool
}
