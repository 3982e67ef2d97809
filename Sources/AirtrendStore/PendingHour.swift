/// One hour an open batch holds in memory, in arrival order (see ``SQLiteHourlyWriter``).
///
/// 16 bytes: the value, the hour in 32 bits (quality control lets through only 1950 to a year ahead; 32 bits
/// reach 245,000 years either side of 1970) and the index of its series. The writer keeps each row's source
/// line (4 bytes) in an array beside these and the rare raw source text by row, so a held hour costs 20 bytes
/// (a 1,000,000-hour batch 20 MB, and 4 MB more while it is written), and aggregate maintenance reads the new
/// hours from here rather than from a copy (``HoursInHand``).
struct PendingHour {
    var value: Double
    var hour32: Int32
    /// The index of the row's series in the writer's series list.
    var series: Int32

    @inline(__always) var hour: Int { Int(hour32) }
}
