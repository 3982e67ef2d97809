import AirtrendDomain

/// Keeps the stored rolling averages exact: the 24-hour mean and NowCast per station and hour,
/// and the 7-, 30- and 365-day means of valid daily means per scope, profile and day.
///
/// Every label is recomputed from its own window, oldest value first, so an incremental update
/// and a full recomputation give bit-identical rows. The work per changed hour is bounded by the
/// window sizes (24 labels of 24 hours; at most 365 day labels of up to 365 days), never by the
/// length of the history. Runs inside the caller's transaction.
///
/// - `rolling_hourly`: a row for every hour with at least one value among the 24 hours ending with it.
/// - `rolling_daily`: a row for every day from the scope's first to its last daily row (under the profile).
struct RollingMaintainer {
    let store: SQLiteStore
    private var connection: SQLiteConnection { store.connection }

    /// The day windows kept, in the order of their columns.
    static var dayWindows: [Int] { RollingDay.windows }

    // MARK: Hourly

    /// Recomputes the hourly labels that contain any hour of the given local days of a station.
    func updateHours(stationID: Int64, pollutant: Pollutant, offsetMinutes: Int, days: [Int]) throws {
        for run in Self.runs(of: days) {
            // Hours whose start lies in the run's local days; their labels reach 23 hours further.
            let from = -((-(run.lowerBound * 1440 - offsetMinutes)).floorDiv(60))
            let to = -((-((run.upperBound + 1) * 1440 - offsetMinutes)).floorDiv(60))
            try rebuildHourLabels(stationID: stationID, pollutant: pollutant, from: from, through: to + 22)
        }
    }

    /// Recomputes every hourly label of a station from its first hour to 23 hours after its last.
    func recomputeHours(stationID: Int64) throws {
        let d = try connection.statement("DELETE FROM rolling_hourly WHERE station_id = ?")
        d.bind(1, stationID)
        try d.run()
        let span = try connection.statement("SELECT pollutant, min(hour), max(hour) FROM hourly WHERE station_id = ? GROUP BY pollutant")
        span.bind(1, stationID)
        var spans: [(Int, Int, Int)] = []
        while try span.step() { spans.append((span.int(0), span.int(1), span.int(2))) }
        for (pollutant, first, last) in spans {
            guard let p = Pollutant(rawValue: pollutant) else { continue }
            try rebuildHourLabels(stationID: stationID, pollutant: p, from: first, through: last + 23)
        }
    }

    private func rebuildHourLabels(stationID: Int64, pollutant: Pollutant, from: Int, through last: Int) throws {
        let read = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour BETWEEN ? AND ? ORDER BY hour")
        read.bind(1, stationID); read.bind(2, pollutant.rawValue); read.bind(3, from - 23); read.bind(4, last)
        var values: [Double?] = Array(repeating: nil, count: last - from + 24)
        while try read.step() { values[read.int(0) - (from - 23)] = read.double(1) }
        read.reset()
        let remove = try connection.statement("DELETE FROM rolling_hourly WHERE station_id = ? AND pollutant = ? AND hour BETWEEN ? AND ?")
        remove.bind(1, stationID); remove.bind(2, pollutant.rawValue); remove.bind(3, from); remove.bind(4, last)
        try remove.run()
        let write = try connection.statement("""
            INSERT INTO rolling_hourly(station_id, pollutant, hour, hours24, sum24, hours12, nowcast) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        var newestFirst: [Double?] = Array(repeating: nil, count: 12)
        for label in from...last {
            let end = label - (from - 23) // index of the label's own hour
            var count = 0, sum = 0.0
            for i in (end - 23)...end { if let v = values[i] { count += 1; sum += v } }
            guard count > 0 else { continue }
            var count12 = 0
            for k in 0..<12 {
                newestFirst[k] = values[end - k]
                if newestFirst[k] != nil { count12 += 1 }
            }
            write.bind(1, stationID); write.bind(2, pollutant.rawValue); write.bind(3, label)
            write.bind(4, count); write.bind(5, sum); write.bind(6, count12); write.bind(7, NowCast.pm25(newestFirst: newestFirst))
            try write.run()
        }
    }

    // MARK: Daily

    /// Recomputes the day labels of a scope whose windows contain any of `days`, and labels that
    /// appear or disappear because the scope's first or last day moved.
    func updateDays(scopeID: Int64, pollutant: Pollutant, profile: ValidityProfile, days: [Int]) throws {
        guard let span = try daySpan(table: "daily", scopeID: scopeID, pollutant: pollutant, profile: profile) else {
            try deleteDayLabels(scopeID: scopeID, pollutant: pollutant, profile: profile, outside: nil)
            return
        }
        let old = try daySpan(table: "rolling_daily", scopeID: scopeID, pollutant: pollutant, profile: profile)
        try deleteDayLabels(scopeID: scopeID, pollutant: pollutant, profile: profile, outside: span)
        var ranges: [ClosedRange<Int>] = []
        let reach = Self.dayWindows.max()! - 1
        for run in Self.runs(of: days) {
            let a = max(run.lowerBound, span.lowerBound), b = min(run.upperBound + reach, span.upperBound)
            if a <= b { ranges.append(a...b) }
        }
        if let old {
            if span.lowerBound < old.lowerBound { ranges.append(span.lowerBound...min(old.lowerBound - 1, span.upperBound)) }
            if span.upperBound > old.upperBound { ranges.append(max(old.upperBound + 1, span.lowerBound)...span.upperBound) }
        } else {
            ranges.append(span)
        }
        for range in Self.merged(ranges) {
            try rebuildDayLabels(scopeID: scopeID, pollutant: pollutant, profile: profile, range: range)
        }
    }

    /// Recomputes every day label of a scope under a profile.
    func recomputeDays(scopeID: Int64, pollutant: Pollutant, profile: ValidityProfile) throws {
        try deleteDayLabels(scopeID: scopeID, pollutant: pollutant, profile: profile, outside: nil)
        guard let span = try daySpan(table: "daily", scopeID: scopeID, pollutant: pollutant, profile: profile) else { return }
        try rebuildDayLabels(scopeID: scopeID, pollutant: pollutant, profile: profile, range: span)
    }

    private func rebuildDayLabels(scopeID: Int64, pollutant: Pollutant, profile: ValidityProfile, range: ClosedRange<Int>) throws {
        let reach = Self.dayWindows.max()! - 1
        let first = range.lowerBound - reach
        let read = try connection.statement("""
            SELECT day, mean FROM daily WHERE scope_id = ? AND pollutant = ? AND profile = ? AND day BETWEEN ? AND ? AND valid = 1 AND mean IS NOT NULL
            """)
        read.bind(1, scopeID); read.bind(2, pollutant.rawValue); read.bind(3, profile.name); read.bind(4, first); read.bind(5, range.upperBound)
        var means: [Double?] = Array(repeating: nil, count: range.upperBound - first + 1)
        while try read.step() { means[read.int(0) - first] = read.double(1) }
        read.reset()
        let write = try connection.statement("""
            INSERT OR REPLACE INTO rolling_daily(scope_id, pollutant, profile, day, days7, sum7, days30, sum30, days365, sum365)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        for label in range {
            let end = label - first
            write.bind(1, scopeID); write.bind(2, pollutant.rawValue); write.bind(3, profile.name); write.bind(4, label)
            for (column, window) in Self.dayWindows.enumerated() {
                var count = 0, sum = 0.0
                for i in (end - window + 1)...end { if let m = means[i] { count += 1; sum += m } }
                write.bind(Int32(5 + 2 * column), count); write.bind(Int32(6 + 2 * column), sum)
            }
            try write.run()
        }
    }

    private func daySpan(table: String, scopeID: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> ClosedRange<Int>? {
        let s = try connection.statement("""
            SELECT (SELECT day FROM \(table) WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 ORDER BY day LIMIT 1),
                   (SELECT day FROM \(table) WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 ORDER BY day DESC LIMIT 1)
            """)
        s.bind(1, scopeID); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        return try s.firstRow { row -> ClosedRange<Int>? in
            guard let a = row.optionalInt(0), let b = row.optionalInt(1) else { return nil }
            return a...b
        } ?? nil
    }

    private func deleteDayLabels(scopeID: Int64, pollutant: Pollutant, profile: ValidityProfile, outside span: ClosedRange<Int>?) throws {
        // Two range deletes rather than one `day < a OR day > b`: an OR would scan every label of the
        // scope, which grows with the history; each range uses the primary key.
        let d = try connection.statement("DELETE FROM rolling_daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND day BETWEEN ?4 AND ?5")
        let bounds: [(Int, Int)] = span.map { [(Int(Int32.min), $0.lowerBound - 1), ($0.upperBound + 1, Int(Int32.max))] } ?? [(Int(Int32.min), Int(Int32.max))]
        for (low, high) in bounds where low <= high {
            d.bind(1, scopeID); d.bind(2, pollutant.rawValue); d.bind(3, profile.name); d.bind(4, low); d.bind(5, high)
            try d.run()
        }
    }

    // MARK: Ranges

    /// Consecutive days grouped into closed ranges, from day numbers in any order.
    static func runs(of days: [Int]) -> [ClosedRange<Int>] {
        let sorted = days.sorted()
        var result: [ClosedRange<Int>] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] <= sorted[end] + 1 { end += 1 }
            result.append(sorted[index]...sorted[end])
            index = end + 1
        }
        return result
    }

    /// Overlapping or touching ranges joined.
    static func merged(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
