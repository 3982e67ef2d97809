import AirtrendDomain

/// Keeps the stored rolling averages exact: the 24-hour mean and NowCast per station and hour,
/// and the 7-, 30- and 365-day means of valid daily means per scope, profile and day.
///
/// Every label is recomputed from its own window, oldest value first, so an incremental update
/// and a full recomputation give bit-identical rows. The work per changed hour is bounded by the
/// window sizes (24 labels of 24 hours; at most 365 day labels of up to 365 days), never by the
/// length of the history. Runs inside the caller's transaction.
///
/// - `rolling_hourly`: a label for every hour with at least one value among the 24 hours ending with
///   it, packed a UTC day per row (``RollingHourBlock``).
/// - `rolling_daily`: a row for every day from the scope's first to its last daily row (under the profile).
struct RollingMaintainer {
    let store: SQLiteStore
    private var connection: SQLiteConnection { store.connection }

    /// The day windows kept, in the order of their columns.
    static var dayWindows: [Int] { RollingDay.windows }

    // MARK: Hourly

    /// The UTC days whose blocks hold the labels `from` through `last`, and the hours they read.
    struct HourWindow {
        var firstDay: Int
        var lastDay: Int
        /// The earliest hour any of these labels reads (23 hours before the first day).
        var origin: Int { firstDay * 24 - 23 }
        /// The last hour of the last day.
        var last: Int { lastDay * 24 + 23 }
    }

    static func hourWindow(from: Int, through last: Int) -> HourWindow {
        HourWindow(firstDay: from.floorDiv(24), lastDay: last.floorDiv(24))
    }

    /// Writes the day blocks of `window` from `values` (index 0 = `window.origin`), deleting days left without a label.
    func writeHourLabels(stationID: Int64, pollutant: Pollutant, window: HourWindow, values: [Double?]) throws {
        let origin = window.origin
        let write = try connection.statement("INSERT OR REPLACE INTO rolling_hourly(station_id, pollutant, day, labels) VALUES (?1, ?2, ?3, ?4)")
        let remove = try connection.statement("DELETE FROM rolling_hourly WHERE station_id = ?1 AND pollutant = ?2 AND day = ?3")
        var newestFirst: [Double?] = Array(repeating: nil, count: 12)
        for day in window.firstDay...window.lastDay {
            var block = RollingHourBlock()
            for hourOfDay in 0..<24 {
                let end = day * 24 + hourOfDay - origin // index of the label's own hour
                var count = 0, sum = 0.0
                for i in (end - 23)...end { if let v = values[i] { count += 1; sum += v } }
                guard count > 0 else { continue }
                var count12 = 0
                for k in 0..<12 {
                    newestFirst[k] = values[end - k]
                    if newestFirst[k] != nil { count12 += 1 }
                }
                block.labels[hourOfDay] = .init(hours24: count, hours12: count12, sum24: sum, nowcast: NowCast.pm25(newestFirst: newestFirst))
            }
            let statement = block.isEmpty ? remove : write
            statement.bind(1, stationID); statement.bind(2, pollutant.rawValue); statement.bind(3, day)
            if !block.isEmpty { write.bind(4, blob: block.encoded()) }
            try statement.run()
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
        for run in DayRanges.runs(of: days) {
            let a = max(run.lowerBound, span.lowerBound), b = min(run.upperBound + reach, span.upperBound)
            if a <= b { ranges.append(a...b) }
        }
        if let old {
            if span.lowerBound < old.lowerBound { ranges.append(span.lowerBound...min(old.lowerBound - 1, span.upperBound)) }
            if span.upperBound > old.upperBound { ranges.append(max(old.upperBound + 1, span.lowerBound)...span.upperBound) }
        } else {
            ranges.append(span)
        }
        for range in DayRanges.merged(ranges) {
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
}
