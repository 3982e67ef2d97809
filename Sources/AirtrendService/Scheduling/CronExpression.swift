import AirtrendDomain
import Foundation

/// A parsed five-field cron expression and its search for the next matching wall time.
///
/// Fields are kept as bit sets, so matching a day or listing an hour's minutes
/// is a few integer operations. Wall times are civil times in the schedule's
/// zone; `instant(forWall:in:)` settles what a wall time means on a
/// daylight-saving day.
struct CronExpression: Sendable, Equatable {
    /// Bits 0–59.
    let minutes: UInt64
    /// Bits 0–23.
    let hours: UInt64
    /// Bits 1–31.
    let daysOfMonth: UInt64
    /// Bits 1–12.
    let months: UInt64
    /// Bits 0–6, Sunday is 0 (a 7 in the text is folded onto 0).
    let daysOfWeek: UInt64
    /// False when the day-of-month field starts with `*`: then both day fields must match.
    let dayOfMonthRestricted: Bool
    /// False when the day-of-week field starts with `*`.
    let dayOfWeekRestricted: Bool

    /// How far `nextFire` looks before it gives up on an expression that never matches.
    static let searchDays = 5 * 366

    /// Parses `minute hour day-of-month month day-of-week`.
    init(_ text: String) throws(ScheduleError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ScheduleError(
                "cron expression '\(text)' has \(fields.count) field\(fields.count == 1 ? "" : "s"): expected 5 (minute hour day-of-month month day-of-week), or 'every 15m', 'hourly' or 'daily'"
            )
        }
        minutes = try Field.minute.parse(fields[0])
        hours = try Field.hour.parse(fields[1])
        daysOfMonth = try Field.dayOfMonth.parse(fields[2])
        months = try Field.month.parse(fields[3])
        var weekdays = try Field.dayOfWeek.parse(fields[4])
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & ~(1 << 7) }
        daysOfWeek = weekdays
        // Vixie cron and cronie decide "restricted" by the leading `*`, so `*/2`
        // in the day-of-month field still ANDs with the weekday; we do the same so
        // a crontab line moved into the config keeps its meaning.
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// The first fire strictly after `seconds` (Unix seconds), or nil when none lies within `searchDays`.
    func nextFire(after seconds: Int, in zone: TimeZone) -> Int? {
        let local = seconds + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        var day = Self.floorDivide(local, 86_400)
        // Wall times up to the instant's own minute map to instants at or before
        // it (the wall→instant map never runs backwards), so they are skipped.
        var skipThroughMinute = (local - day * 86_400) / 60
        let lastDay = day + Self.searchDays
        let hourList = Self.members(hours, in: 0...23)
        let minuteList = Self.members(minutes, in: 0...59)
        while day <= lastDay {
            let date = CivilDate(dayNumber: day)
            guard months & (1 << UInt64(date.month)) != 0 else {
                // A whole month that cannot match is skipped in one step.
                let next = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
                day = CivilDate.dayNumber(year: next.0, month: next.1, day: 1)
                skipThroughMinute = -1
                continue
            }
            if matchesDay(date, dayNumber: day) {
                for hour in hourList where hour * 60 + 59 > skipThroughMinute {
                    for minute in minuteList where hour * 60 + minute > skipThroughMinute {
                        let fire = Self.instant(forWall: day * 86_400 + hour * 3_600 + minute * 60, in: zone)
                        if fire > seconds { return fire }
                    }
                }
            }
            day += 1
            skipThroughMinute = -1
        }
        return nil
    }

    /// Standard cron day rule: either day field may match when both are restricted, else both must.
    func matchesDay(_ date: CivilDate, dayNumber: Int) -> Bool {
        // 1970-01-01 was a Thursday (weekday 4).
        let weekday = ((dayNumber + 4) % 7 + 7) % 7
        let dayOfMonthMatches = daysOfMonth & (1 << UInt64(date.day)) != 0
        let dayOfWeekMatches = daysOfWeek & (1 << UInt64(weekday)) != 0
        if dayOfMonthRestricted && dayOfWeekRestricted { return dayOfMonthMatches || dayOfWeekMatches }
        return dayOfMonthMatches && dayOfWeekMatches
    }

    /// The instant (Unix seconds) at which a zone's clock reads `wall` (local seconds since 1970-01-01T00:00).
    ///
    /// A wall time the clock shows twice (fall-back overlap) gives its first
    /// occurrence. A wall time the clock skips (spring-forward gap) gives the
    /// transition instant, the first valid instant after the gap, so every
    /// skipped time of the day fires there, once.
    static func instant(forWall wall: Int, in zone: TimeZone) -> Int {
        func offset(_ seconds: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        // Every instant that can show `wall` lies within ±14 h of it, so the offsets
        // a day either side cover both sides of any transition near it.
        let earlier = offset(wall - 86_400)
        let later = offset(wall + 86_400)
        let candidates = [wall - earlier, wall - later].filter { offset($0) == wall - $0 }
        if let first = candidates.min() { return first }
        // In a gap: find the transition between the two readings by bisection.
        var low = min(wall - earlier, wall - later)
        var high = max(wall - earlier, wall - later)
        let lowOffset = offset(low)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(middle) == lowOffset { low = middle } else { high = middle }
        }
        return high
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func members(_ bits: UInt64, in range: ClosedRange<Int>) -> [Int] {
        range.filter { bits & (1 << UInt64($0)) != 0 }
    }

    /// One of the five positions, with its bounds and the names it accepts.
    enum Field: Int {
        case minute = 1, hour, dayOfMonth, month, dayOfWeek

        var label: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day of month"
            case .month: "month"
            case .dayOfWeek: "day of week"
            }
        }

        var bounds: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        /// Names and their values; the index in the list is the value minus `bounds.lowerBound`.
        var names: [String] {
            switch self {
            case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: []
            }
        }

        var prefix: String { "cron field \(rawValue) (\(label))" }

        /// Parses a comma-separated list of `*`, `n`, `a-b`, `*/n` and `a-b/n` into a bit set.
        func parse(_ text: String) throws(ScheduleError) -> UInt64 {
            var bits: UInt64 = 0
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                bits |= try parseItem(String(item), whole: text)
            }
            return bits
        }

        private func parseItem(_ item: String, whole: String) throws(ScheduleError) -> UInt64 {
            guard !item.isEmpty else {
                throw ScheduleError("\(prefix) '\(whole)' has an empty list item: expected values separated by single commas")
            }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw ScheduleError("\(prefix) '\(item)' has more than one '/': expected '*/n' or 'a-b/n'")
            }
            var step = 1
            if parts.count == 2 {
                guard let n = Self.digits(parts[1]), n >= 1 else {
                    throw ScheduleError("\(prefix) step '\(parts[1])' in '\(item)' is not a whole number of 1 or more")
                }
                step = n
            }
            let rangeText = String(parts[0])
            let low: Int
            let high: Int
            if rangeText == "*" {
                // `*` on the weekday field means 0–6; 7 is only an alias for 0.
                low = bounds.lowerBound
                high = self == .dayOfWeek ? 6 : bounds.upperBound
            } else if let dash = rangeText.firstIndex(of: "-") {
                low = try value(String(rangeText[..<dash]))
                high = try value(String(rangeText[rangeText.index(after: dash)...]))
                guard low <= high else {
                    throw ScheduleError("\(prefix) range '\(rangeText)' runs backwards: expected a-b with a ≤ b")
                }
            } else {
                guard parts.count == 1 else {
                    throw ScheduleError("\(prefix) '\(item)' steps from a single value: expected '*/n' or 'a-b/n'")
                }
                low = try value(rangeText)
                high = low
            }
            var bits: UInt64 = 0
            for v in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(v) }
            return bits
        }

        /// A plain decimal number; Int's own parser would also take `+5`.
        static func digits(_ text: some StringProtocol) -> Int? {
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(text)
        }

        private func value(_ token: String) throws(ScheduleError) -> Int {
            if let index = names.firstIndex(of: token.uppercased()) { return index + bounds.lowerBound }
            guard let number = Self.digits(token) else {
                let expected = names.isEmpty
                    ? "a number \(bounds.lowerBound)–\(bounds.upperBound)"
                    : "a number \(bounds.lowerBound)–\(bounds.upperBound) or a name \(names.first!)–\(names.last!)"
                throw ScheduleError("\(prefix) '\(token)' is not understood: expected \(expected)")
            }
            guard bounds.contains(number) else {
                throw ScheduleError("\(prefix) '\(token)' is out of range \(bounds.lowerBound)–\(bounds.upperBound)")
            }
            return number
        }
    }
}
