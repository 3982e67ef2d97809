/// The hours of a series that a batch appended after the series' last stored hour, held in memory.
///
/// Every stored hour after `storedThrough` is here, in hour order, so a day after it is rebuilt without
/// reading the table; a day that straddles it reads only the part up to `storedThrough`. The hours stay in
/// the writer's rows (``positions`` index them), so handing them to aggregate maintenance copies nothing.
struct HoursInHand {
    /// The newest hour stored before the batch; nil when the series had none.
    var storedThrough: Int?
    /// The writer's pending rows.
    let rows: [PendingHour]
    /// This series' appended rows among ``rows``, ascending by hour, each after `storedThrough`.
    let positions: ArraySlice<Int32>

    var count: Int { positions.count }

    /// The hour and value of the `k`-th appended hour (0-based).
    @inline(__always) func hour(_ k: Int) -> Int { rows[Int(positions[positions.startIndex + k])].hour }
    @inline(__always) func value(_ k: Int) -> Double { rows[Int(positions[positions.startIndex + k])].value }
}
