import AirtrendDomain

/// Reads and writes the time stamps of the JSON feeds without `DateFormatter` (locale- and zone-free).
enum UTCTime {
    /// A parsed `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][zone]`: wall-clock seconds since 1970 and the zone, if written.
    struct Stamp: Equatable {
        /// Seconds since 1970-01-01T00:00 of the wall-clock reading, as if it were UTC.
        var wallSeconds: Double
        /// Minutes east of UTC given by `Z`, `±HH:MM` or `±HHMM`; nil when the text has no zone.
        var offsetMinutes: Int?

        /// Seconds since 1970-01-01T00:00Z; nil when the text carried no zone.
        var epochSeconds: Double? { offsetMinutes.map { wallSeconds - Double($0 * 60) } }
    }

    /// Parses ISO-8601 date-times as the feeds send them: `2023-10-16T12:00:00Z`, `…+00:00`,
    /// `2023-08-07T19:00:00+02:00`, `2019-04-25 01:51:12` (no zone), fractions of a second.
    /// Nil before 1950 (``CivilDate/earliestPlausibleYear``): no feed measured then, so such a stamp is garbled.
    static func parse(_ text: String) -> Stamp? {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[i..<(i + width)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            i += width
            return value
        }
        func expect(_ char: Character) -> Bool {
            guard i < bytes.count, bytes[i] == char.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(4), year >= CivilDate.earliestPlausibleYear, expect("-"), let month = number(2), expect("-"), let day = number(2),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = number(2), hour < 24, expect(":"), let minute = number(2), minute < 60 else { return nil }
        var seconds = 0.0
        if expect(":") {
            guard let whole = number(2), whole < 61 else { return nil }
            seconds = Double(whole)
            if expect(".") {
                var scale = 0.1
                let start = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    seconds += Double(bytes[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        let wall = Double(date.dayNumber * 86_400 + hour * 3600 + minute * 60) + seconds
        if i == bytes.count { return Stamp(wallSeconds: wall, offsetMinutes: nil) }
        let zone = String(decoding: bytes[i...], as: UTF8.self)
        // `parseFixedOffset` also takes `UTC+8`; a date-time only ever carries `Z` or a numeric offset.
        guard zone == "Z" || zone.first == "+" || zone.first == "-",
              let offset = StationTimeZone.parseFixedOffset(zone) else { return nil }
        return Stamp(wallSeconds: wall, offsetMinutes: offset)
    }

    /// Seconds since 1970-01-01T00:00Z of a date-time that carries its zone; nil without one.
    static func epochSeconds(_ text: String) -> Double? {
        parse(text)?.epochSeconds
    }

    /// The UTC hour containing an instant (seconds since 1970-01-01T00:00Z), floored.
    static func hour(containing epochSeconds: Double) -> UTCHour {
        UTCHour(Int((epochSeconds / 3600).rounded(.down)))
    }

    /// `2023-10-16T12:00:00Z`, the form OpenAQ's query parameters take.
    static func isoSeconds(_ hour: UTCHour) -> String {
        "\(hour.date)T\(twoDigits(hour.hourOfDay)):00:00Z"
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
