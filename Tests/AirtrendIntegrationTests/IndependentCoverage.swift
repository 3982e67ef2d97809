import Foundation

/// Coverage and same-month figures computed straight from per-station tables (`uciMultisiteTable`,
/// `cnemcTable`), sharing no code with airtrend, by the README's rules: a station is in service from
/// its first to its last local day with any value; a city day expects the stations in service and
/// observes those with ≥ 20 values; a month is valid with 27 valid city days (25 in February).
enum IndependentCoverage {
    /// Days since 1970-01-01 of a "Y-M-D" key.
    static func dayNumber(_ key: String) -> Int {
        let p = key.split(separator: "-").map { Int($0)! }
        var c = DateComponents()
        c.year = p[0]; c.month = p[1]; c.day = p[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return Int(calendar.date(from: c)!.timeIntervalSince1970 / 86400)
    }

    /// Each station's first and last day with any value.
    static func spans(_ table: [String: [String: [Double]]]) -> [String: ClosedRange<Int>] {
        table.compactMapValues { days in
            let numbers = days.keys.map(dayNumber)
            guard let first = numbers.min(), let last = numbers.max() else { return nil }
            return first...last
        }
    }

    /// (observed, expected) of one city day.
    static func coverage(_ table: [String: [String: [Double]]], day key: String) -> (observed: Int, expected: Int) {
        let day = dayNumber(key)
        let expected = spans(table).values.filter { $0.contains(day) }.count
        let observed = table.values.filter { ($0[key]?.count ?? 0) >= 20 }.count
        return (observed, expected)
    }

    /// The mean of a city's valid days in one month, and how many there are.
    static func month(_ days: [String: CityDay], year: Int, month: Int) -> (mean: Double, days: Int)? {
        let chosen = days.filter { $0.key.hasPrefix("\(year)-\(month)-") }.map(\.value.mean)
        guard !chosen.isEmpty else { return nil }
        return (chosen.reduce(0, +) / Double(chosen.count), chosen.count)
    }

    /// Rows of a delimited text with a header, keyed by column (plain CSV without quotes).
    static func rows(_ text: String, headerPrefix: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map(String.init)
        guard let h = lines.firstIndex(where: { $0.hasPrefix(headerPrefix) }) else { return [] }
        let header = lines[h].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines[(h + 1)...].map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }
}
