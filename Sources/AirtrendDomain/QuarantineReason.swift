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
    /// The row could not be read (bad time, bad number, missing column, unknown station).
    case rejected
}
