/// The one duration grammar of airtrend: a number followed by a unit, as configuration keys,
/// schedules (`every 15m`) and rate limits (`60/min`, `1/500ms`) write them.
///
/// Units, case-insensitive, with or without a space before them: `ms`, `s`/`sec`/`second(s)`,
/// `m`/`min`/`minute(s)`, `h`/`hr`/`hour(s)`, `d`/`day(s)`. The number may have a fraction.
public enum DurationText {
    /// Seconds per unit name.
    static let units: [String: Double] = [
        "ms": 0.001, "msec": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
        "s": 1, "sec": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "minute": 60, "minutes": 60,
        "h": 3_600, "hr": 3_600, "hour": 3_600, "hours": 3_600,
        "d": 86_400, "day": 86_400, "days": 86_400,
    ]

    /// The seconds `text` names, or nil when it is not a duration.
    ///
    /// - Parameters:
    ///   - bareNumberUnit: what a number without a unit counts in (seconds for `timeout: 20`); nil
    ///     makes a unit required.
    ///   - bareUnitAmount: the amount when only a unit is written (`/min` in a rate limit means one
    ///     minute); nil makes a number required.
    public static func seconds(_ text: String, bareNumberUnit: Double? = 1, bareUnitAmount: Double? = nil) -> Double? {
        let trimmed = text.trimmingASCIISpaces().lowercased()
        let unitStart = trimmed.firstIndex(where: { $0.isLetter }) ?? trimmed.endIndex
        let amountText = String(trimmed[..<unitStart]).trimmingASCIISpaces()
        let unitText = String(trimmed[unitStart...])
        let amount: Double
        if amountText.isEmpty {
            guard let bareUnitAmount, !unitText.isEmpty else { return nil }
            amount = bareUnitAmount
        } else {
            // Plain decimal only: no sign, no exponent, no hex, no inf or nan.
            guard amountText.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  amountText.filter({ $0 == "." }).count <= 1, let value = Double(amountText), value.isFinite else { return nil }
            amount = value
        }
        let unit: Double
        if unitText.isEmpty {
            guard let bareNumberUnit, !amountText.isEmpty else { return nil }
            unit = bareNumberUnit
        } else {
            guard let known = units[unitText] else { return nil }
            unit = known
        }
        let seconds = amount * unit
        return seconds.isFinite ? seconds : nil
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
