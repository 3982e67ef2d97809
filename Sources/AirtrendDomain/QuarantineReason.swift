/// Why a value was kept out of the hourly series.
///
/// The raw value is stored in SQLite; new reasons may be added, never renamed.
public enum QuarantineReason: String, Sendable, CaseIterable, Codable {
    /// The value is below zero.
    case negative
    /// The value is above the plausible maximum (2,000 µg/m³ by default).
    case implausible
    /// NaN or infinity.
    case nonFinite = "non-finite"
    /// The unit is not one this pollutant can be stored in.
    case unit
    /// The same station and hour appeared twice with different values in one import;
    /// the later value was stored and this one superseded.
    case duplicate
    /// Stamped more than an hour after the time of the import.
    case future
    /// More than k times the median of its ±3-hour neighbours and above an absolute floor.
    case spike
    /// Part of a run of the same non-zero value for at least N consecutive hours.
    case flatLine = "flat-line"
    /// The row could not be read (bad time, bad number, missing column, unknown station).
    case rejected
}
