import AirtrendDomain

/// Reads and writes the time stamps of the JSON feeds (through ``ISO8601``).
enum UTCTime {
    typealias Stamp = ISO8601.Stamp

    /// Parses ISO-8601 date-times as the feeds send them (``ISO8601/parse(_:dateOnly:)``); nil before 1950
    /// (``CivilDate/earliestPlausibleYear``): no feed measured then, so such a stamp is garbled.
    static func parse(_ text: String) -> Stamp? {
        guard let stamp = ISO8601.parse(text),
              stamp.wallSeconds >= Double(CivilDate.earliestPlausibleDayNumber * 86_400) else { return nil }
        return stamp
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
        value.zeroPadded(2)
    }
}
