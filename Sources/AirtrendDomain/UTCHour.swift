/// The UTC hour a reading belongs to, identified by the start of the hour.
///
/// Stored as whole hours since 1970-01-01T00:00Z. Every layout and feed converts
/// its own labelling (local or UTC, start or end of the hour) to this on ingest,
/// so everything downstream speaks one convention.
public struct UTCHour: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Hours since 1970-01-01T00:00Z.
    public let value: Int

    public init(_ value: Int) { self.value = value }

    /// The hour starting at the given UTC date and hour of day.
    public init(date: CivilDate, hour: Int) {
        self.value = date.dayNumber * 24 + hour
    }

    /// The UTC calendar date of the start of the hour.
    public var date: CivilDate { CivilDate(dayNumber: value.floorDiv(24)) }

    /// The hour of day, 0–23, in UTC.
    public var hourOfDay: Int { value.floorMod(24) }

    /// Seconds since 1970-01-01T00:00Z of the start of the hour.
    public var epochSeconds: Int { value * 3600 }

    /// The local calendar day number this hour falls in, for a fixed offset.
    public func localDayNumber(offsetMinutes: Int) -> Int {
        (value * 60 + offsetMinutes).floorDiv(1440)
    }

    public static func < (lhs: UTCHour, rhs: UTCHour) -> Bool { lhs.value < rhs.value }

    public static func + (lhs: UTCHour, rhs: Int) -> UTCHour { UTCHour(lhs.value + rhs) }

    /// ISO 8601 UTC, e.g. `2013-01-01T16:00Z`.
    public var description: String {
        "\(date)T\(hourOfDay.zeroPadded(2)):00Z"
    }
}

extension Int {
    /// Division rounding toward negative infinity.
    @inlinable
    public func floorDiv(_ divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// The remainder that pairs with ``floorDiv(_:)``; never negative for a positive divisor.
    @inlinable
    public func floorMod(_ divisor: Int) -> Int {
        self - floorDiv(divisor) * divisor
    }
}
