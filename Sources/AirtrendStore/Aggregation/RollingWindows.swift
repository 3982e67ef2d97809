import AirtrendDomain

/// The rolling averages, computed when read from the hours and daily means they summarise: the 24-hour
/// mean and NowCast per station and hour, and the 7-, 30- and 365-day means of valid daily means per
/// scope, profile and day.
///
/// Nothing is stored, so nothing can go stale: an import pays nothing for them, and a year of one
/// station's labels costs one range read of its hours (or daily rows) plus the window sums. Every label
/// is summed from its own window, oldest value first, so the same hours always give the same bits.
/// The SQL views `rolling_hourly_by_time` and `rolling_daily_by_date` state the same definitions for
/// SQL tools (see ``StoreMigrations``).
enum RollingWindows {
    /// The day windows, in the order of ``RollingDay/counts`` and ``RollingDay/sums``.
    static var dayWindows: [Int] { RollingDay.windows }

    /// Hourly labels for every hour in `[from, to)` with at least one value among the 24 hours ending with it.
    ///
    /// - Parameters:
    ///   - origin: the hour of `values[0]`; `values` must cover `from - 23 ..< to`.
    static func hourLabels(values: [Double?], origin: Int, from: Int, to: Int) -> [RollingHour] {
        var result: [RollingHour] = []
        var newestFirst: [Double?] = Array(repeating: nil, count: 12)
        guard from < to else { return result }
        for label in from..<to {
            let end = label - origin // index of the label's own hour
            var count = 0, sum = 0.0
            for i in (end - 23)...end { if let v = values[i] { count += 1; sum += v } }
            guard count > 0 else { continue }
            var count12 = 0
            for k in 0..<12 {
                newestFirst[k] = values[end - k]
                if newestFirst[k] != nil { count12 += 1 }
            }
            result.append(RollingHour(hour: UTCHour(label), hours24: count, sum24: sum, hours12: count12,
                                      nowcast: NowCast.pm25(newestFirst: newestFirst)))
        }
        return result
    }

    /// Day labels for every day of `range`, from valid daily means (`means[0]` is the day `range.lowerBound - 364`).
    static func dayLabels(means: [Double?], range: ClosedRange<Int>) -> [RollingDay] {
        let reach = dayWindows.max()! - 1
        let first = range.lowerBound - reach
        return range.map { label in
            let end = label - first
            var counts: [Int] = [], sums: [Double] = []
            for window in dayWindows {
                var count = 0, sum = 0.0
                for i in (end - window + 1)...end { if let m = means[i] { count += 1; sum += m } }
                counts.append(count); sums.append(sum)
            }
            return RollingDay(dayNumber: label, counts: counts, sums: sums)
        }
    }
}
