/// One series' share of a batch, as aggregate maintenance takes it: the local days whose hours changed,
/// and the hours the writer still holds in memory, so they need not be read back.
struct SeriesChange {
    var series: DirtySeries
    /// Local (standard-time) day numbers, ascending.
    var days: [Int]
    /// Nil: every hour is read from the table.
    var inHand: HoursInHand?
}
