/// The hours of a series that a batch appended after the series' last stored hour, held in memory.
///
/// Every stored hour after `storedThrough` is here, sorted, so a day after it is rebuilt without reading
/// the table; a day that straddles it reads only the part up to `storedThrough`.
struct HoursInHand {
    /// The newest hour stored before the batch; nil when the series had none.
    var storedThrough: Int?
    /// Ascending, each after `storedThrough`.
    var hours: [Int]
    var values: [Double]
}
