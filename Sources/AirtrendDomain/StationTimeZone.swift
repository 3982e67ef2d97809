import Foundation

/// A station's time zone: how its local labels map to UTC and where its days begin.
///
/// Accepts IANA names (`Asia/Shanghai`), `UTC`, and fixed offsets written
/// `UTC+8`, `UTC+08:00`, `+08:00` or `+0800`. Calendar days (daily, monthly and
/// annual aggregates) use the zone's **standard** offset, as GB 3095 (Beijing
/// time) and EPA (local standard time) both require; local clock labels in
/// files are converted with the civil offset, daylight saving included.
public struct StationTimeZone: Hashable, Sendable, CustomStringConvertible {
    /// The name as given (kept for display and for the store).
    public let name: String
    /// Offset of local standard time from UTC, in minutes (UTC+8 is 480).
    public let standardOffsetMinutes: Int
    /// Nil for a fixed offset; otherwise the IANA zone.
    let zone: TimeZone?

    public init(_ name: String) throws(DomainError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let minutes = StationTimeZone.parseFixedOffset(trimmed) {
            self.name = trimmed
            self.standardOffsetMinutes = minutes
            self.zone = nil
            return
        }
        guard let zone = TimeZone(identifier: trimmed) else {
            throw DomainError("unknown time zone '\(name)': expected an IANA name such as Asia/Shanghai, UTC, or a fixed offset such as UTC+8 or +08:00")
        }
        // A fixed reference instant keeps the result independent of when it runs.
        let reference = Date(timeIntervalSince1970: 1_577_836_800) // 2020-01-01T00:00Z
        let standard = zone.secondsFromGMT(for: reference) - Int(zone.daylightSavingTimeOffset(for: reference))
        self.name = trimmed
        self.standardOffsetMinutes = standard / 60
        // A zone that never observes daylight saving after 1970 behaves as a fixed offset.
        self.zone = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 0)) == nil ? nil : zone
    }

    /// A fixed offset from UTC in minutes.
    public init(fixedOffsetMinutes: Int) {
        self.standardOffsetMinutes = fixedOffsetMinutes
        self.zone = nil
        let sign = fixedOffsetMinutes < 0 ? "-" : "+"
        let m = abs(fixedOffsetMinutes)
        self.name = "UTC\(sign)\((m / 60).zeroPadded(2)):\((m % 60).zeroPadded(2))"
    }

    public static let utc = StationTimeZone(fixedOffsetMinutes: 0)

    /// True when local labels never shift with daylight saving.
    public var isFixed: Bool { zone == nil }

    public var description: String { name }

    /// Converts a local civil time, in minutes since 1970-01-01T00:00 local, to UTC minutes.
    ///
    /// In a daylight-saving gap the standard offset applies; in a repeated hour the
    /// first occurrence is chosen. Files that repeat an hour should carry an offset.
    public func utcMinutes(localMinutes: Int, cache: inout OffsetCache) -> Int {
        guard let zone else { return localMinutes - standardOffsetMinutes }
        let guess = localMinutes - cache.offsetMinutes
        if guess >= cache.validFrom && guess < cache.validUntil {
            return guess
        }
        // Two passes converge for every offset change smaller than a day.
        var offset = standardOffsetMinutes
        for _ in 0..<2 {
            let instant = Date(timeIntervalSince1970: TimeInterval((localMinutes - offset) * 60))
            offset = zone.secondsFromGMT(for: instant) / 60
        }
        let utc = localMinutes - offset
        let instant = Date(timeIntervalSince1970: TimeInterval(utc * 60))
        let next = zone.nextDaylightSavingTimeTransition(after: instant)
        cache = OffsetCache(
            offsetMinutes: offset,
            validFrom: utc,
            validUntil: next.map { Int($0.timeIntervalSince1970 / 60) } ?? Int.max
        )
        return utc
    }

    /// Remembers the offset of the last conversion and how long it holds, so a
    /// time-ordered file asks Foundation once per daylight-saving period.
    public struct OffsetCache: Sendable {
        var offsetMinutes: Int
        var validFrom: Int
        var validUntil: Int
        public init() {
            offsetMinutes = 0
            validFrom = 0
            validUntil = 0
        }
        init(offsetMinutes: Int, validFrom: Int, validUntil: Int) {
            self.offsetMinutes = offsetMinutes
            self.validFrom = validFrom
            self.validUntil = validUntil
        }
    }

    /// Parses `UTC`, `Z`, `UTC+8`, `UTC+08:00`, `+08:00`, `+0800`, `-5`; nil when not an offset.
    public static func parseFixedOffset(_ text: String) -> Int? {
        var s = Substring(text)
        if s == "UTC" || s == "Z" || s == "GMT" { return 0 }
        if s.hasPrefix("UTC") || s.hasPrefix("GMT") { s = s.dropFirst(3) }
        guard let signChar = s.first, signChar == "+" || signChar == "-" else { return nil }
        s = s.dropFirst()
        let sign = signChar == "-" ? -1 : 1
        var hours = 0
        var minutes = 0
        if let colon = s.firstIndex(of: ":") {
            guard let h = Int(s[..<colon]), let m = Int(s[s.index(after: colon)...]) else { return nil }
            hours = h
            minutes = m
        } else if s.count == 4, let value = Int(s) {
            hours = value / 100
            minutes = value % 100
        } else if let h = Int(s), s.count <= 2 {
            hours = h
        } else {
            return nil
        }
        // Digits only: `Int` also reads a sign, and `--99999999:00` was an offset of 11,000 years.
        guard (0...14).contains(hours), (0..<60).contains(minutes) else { return nil }
        return sign * (hours * 60 + minutes)
    }
}
