import Foundation

/// Parses HTTP dates (`Retry-After`, `Last-Modified`) in the three formats RFC 9110 §5.6.7 requires recipients to accept.
///
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
/// and asctime `Sun Nov  6 08:49:37 1994`; always UTC. Hand-written rather than a
/// `DateFormatter`, which depends on locale settings and is costly to create.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The date, or nil when `text` is in none of the three formats.
    public static func parse(_ text: String) -> Date? {
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        // The weekday is redundant; drop it whatever its spelling.
        if let first = tokens.first, first.allSatisfy(\.isLetter), month(first) == nil { tokens.removeFirst() }
        let day: Int?, monthNumber: Int?, year: Int?, time: String
        if tokens.count == 3, tokens[0].contains("-") {
            // RFC 850: 06-Nov-94 08:49:37 GMT
            let parts = tokens[0].split(separator: "-").map(String.init)
            guard parts.count == 3, tokens[2] == "GMT" else { return nil }
            day = Int(parts[0])
            monthNumber = month(parts[1])
            // Two-digit years: RFC 9110 says read them as the most recent matching past year; 1970 is near enough.
            year = Int(parts[2]).map { parts[2].count == 2 ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 }
            time = tokens[1]
        } else if tokens.count == 5, Int(tokens[0]) != nil {
            // IMF-fixdate: 06 Nov 1994 08:49:37 GMT
            guard tokens[4] == "GMT" || tokens[4] == "UTC" else { return nil }
            day = Int(tokens[0])
            monthNumber = month(tokens[1])
            year = Int(tokens[2])
            time = tokens[3]
        } else if tokens.count == 4, month(tokens[0]) != nil {
            // asctime: Nov 6 08:49:37 1994
            monthNumber = month(tokens[0])
            day = Int(tokens[1])
            time = tokens[2]
            year = Int(tokens[3])
        } else {
            return nil
        }
        let clock = time.split(separator: ":").map { Int($0) }
        guard let day, let monthNumber, let year, clock.count == 3,
              let hour = clock[0], let minute = clock[1], let second = clock[2],
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let days = daysSinceEpoch(year: year, month: monthNumber, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    private static func month(_ name: String) -> Int? {
        months.firstIndex(of: name.prefix(3).lowercased()).map { $0 + 1 }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
