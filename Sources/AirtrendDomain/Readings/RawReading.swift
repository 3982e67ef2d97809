/// A value as a source gave it: canonical station id, UTC hour-start, µg/m³.
public struct RawReading: Sendable, Equatable {
    public var station: String
    public var hour: UTCHour
    public var value: Double
    /// Nil when the unit is fine; otherwise the unit text the file gave.
    public var badUnit: String?
    public var line: Int
    /// What the source really sent when `value` was derived from it (a WAQI AQI sub-index, PurpleAir's
    /// uncorrected channels and humidity), kept beside the stored value; nil when `value` is as sent.
    public var raw: String?

    public init(station: String, hour: UTCHour, value: Double, badUnit: String? = nil, line: Int, raw: String? = nil) {
        self.station = station
        self.hour = hour
        self.value = value
        self.badUnit = badUnit
        self.line = line
        self.raw = raw
    }
}
