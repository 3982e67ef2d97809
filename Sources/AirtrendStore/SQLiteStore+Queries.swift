import AirtrendDomain

/// Reads of stored hours and aggregates for reports, queries and status.
extension SQLiteStore {
    /// Every stored year of a scope under a profile, oldest first.
    public func annualStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [YearStatistics] {
        let s = try connection.statement("""
            SELECT year, valid_days, expected_days, valid_months, mean, p95, days_over_limit, complete
            FROM annual WHERE scope_id = ? AND pollutant = ? AND profile = ? ORDER BY year
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [YearStatistics] = []
        while try s.step() {
            result.append(YearStatistics(
                year: s.int(0), validDays: s.int(1), expectedDays: s.int(2), validMonths: s.int(3),
                mean: s.optionalDouble(4), percentile: s.optionalDouble(5), daysOverLimit: s.int(6), complete: s.int(7) != 0
            ))
        }
        return result
    }

    /// For each year of a scope, how many months have at least one valid day.
    public func monthsWithData(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [Int: Int] {
        let s = try connection.statement("""
            SELECT year, count(*) FROM monthly WHERE scope_id = ? AND pollutant = ? AND profile = ? AND valid_days > 0 GROUP BY year
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [Int: Int] = [:]
        while try s.step() { result[s.int(0)] = s.int(1) }
        return result
    }

    /// Monthly statistics of a scope, oldest first.
    public func monthlyStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [MonthStatistics] {
        let s = try connection.statement("""
            SELECT year, month, valid_days, expected_days, required_days, mean, valid FROM monthly
            WHERE scope_id = ? AND pollutant = ? AND profile = ? ORDER BY year, month
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        var result: [MonthStatistics] = []
        while try s.step() {
            result.append(MonthStatistics(year: s.int(0), month: s.int(1), validDays: s.int(2), expectedDays: s.int(3),
                                          requiredDays: s.int(4), mean: s.optionalDouble(5), valid: s.int(6) != 0))
        }
        return result
    }

    /// Daily summaries of a scope between two local day numbers (inclusive).
    public func days(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [DaySummary] {
        let s = try connection.statement("""
            SELECT day, observed, expected, sum, min, max, valid FROM daily
            WHERE scope_id = ? AND pollutant = ? AND profile = ? AND day BETWEEN ? AND ? ORDER BY day
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name); s.bind(4, from); s.bind(5, to)
        var result: [DaySummary] = []
        while try s.step() {
            result.append(DaySummary(dayNumber: s.int(0), observed: s.int(1), expected: s.int(2), sum: s.double(3),
                                     minimum: s.double(4), maximum: s.double(5), valid: s.int(6) != 0))
        }
        return result
    }

    /// The first and last day of a scope's daily series under a profile, or nil.
    public func daySpan(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> ClosedRange<Int>? {
        let s = try connection.statement("SELECT min(day), max(day) FROM daily WHERE scope_id = ? AND pollutant = ? AND profile = ?")
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        return try s.firstRow { row -> ClosedRange<Int>? in
            guard let first = row.optionalInt(0), let last = row.optionalInt(1) else { return nil }
            return first...last
        } ?? nil
    }

    /// Stored hourly values of a station in `[from, to)` (UTC hours), oldest first.
    public func hourlyValues(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [(hour: UTCHour, value: Double)] {
        try flushPendingHours()
        let s = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour >= ? AND hour < ? ORDER BY hour")
        s.bind(1, Int(station)); s.bind(2, pollutant.rawValue); s.bind(3, from.value); s.bind(4, to.value)
        var result: [(UTCHour, Double)] = []
        while try s.step() { result.append((UTCHour(s.int(0)), s.double(1))) }
        return result
    }

    /// The stored value of one hour, or nil.
    public func hourlyValue(station: Int64, pollutant: Pollutant, hour: UTCHour) throws -> Double? {
        try flushPendingHours()
        let s = try connection.statement("SELECT value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour = ?")
        s.bind(1, Int(station)); s.bind(2, pollutant.rawValue); s.bind(3, hour.value)
        return try s.firstRow { $0.double(0) }
    }

    /// The newest stored hour of a station, or nil when it has none.
    public func newestHour(station code: String) throws -> UTCHour? {
        try flushPendingHours()
        let s = try connection.statement("SELECT max(h.hour) FROM hourly h JOIN stations st ON st.id = h.station_id WHERE st.code = ?")
        s.bind(1, code)
        return try s.firstRow { $0.optionalInt(0).map(UTCHour.init) } ?? nil
    }

    /// Counts for `airtrend status`.
    public func summary() throws -> StoreSummary {
        try flushPendingHours()
        func count(_ sql: String) throws -> Int {
            try connection.statement(sql).firstRow { $0.int(0) } ?? 0
        }
        var perStation: [StoreSummary.StationLine] = []
        let s = try connection.statement("""
            SELECT st.code, count(h.hour), min(h.hour), max(h.hour) FROM stations st
            LEFT JOIN hourly h ON h.station_id = st.id GROUP BY st.id ORDER BY st.code
            """)
        while try s.step() {
            perStation.append(.init(station: s.string(0) ?? "", hours: s.int(1),
                                    first: s.optionalInt(2).map(UTCHour.init), last: s.optionalInt(3).map(UTCHour.init)))
        }
        return StoreSummary(
            path: connection.path, schemaVersion: try userVersion(),
            hours: try count("SELECT count(*) FROM hourly"), quarantined: try count("SELECT count(*) FROM quarantine"),
            imports: try count("SELECT count(*) FROM imports"), stations: perStation,
            profiles: try materializedProfiles().map(\.name)
        )
    }

    /// Hourly rolling labels of a station in [from, to), computed from its stored hours (see ``RollingWindows``):
    /// one for every hour with at least one value among the 24 ending with it.
    public func rollingHours(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [RollingHour] {
        try flushPendingHours()
        let span = try connection.statement("SELECT min(hour), max(hour) FROM hourly WHERE station_id = ? AND pollutant = ?")
        span.bind(1, Int(station)); span.bind(2, pollutant.rawValue)
        guard let stored = try span.firstRow({ row -> ClosedRange<Int>? in
            guard let a = row.optionalInt(0), let b = row.optionalInt(1) else { return nil }
            return a...b
        }) ?? nil else { return [] }
        // Labels exist from the first stored hour to 23 hours after the last.
        let first = max(from.value, stored.lowerBound), end = min(to.value, stored.upperBound + 24)
        guard first < end else { return [] }
        let origin = first - 23
        var values: [Double?] = Array(repeating: nil, count: end - origin)
        let read = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ? AND pollutant = ? AND hour >= ? AND hour < ?")
        read.bind(1, Int(station)); read.bind(2, pollutant.rawValue); read.bind(3, origin); read.bind(4, end)
        defer { read.reset() }
        while try read.step() { values[read.int(0) - origin] = read.double(1) }
        return RollingWindows.hourLabels(values: values, origin: origin, from: first, to: end)
    }

    /// Daily rolling labels of a scope under a profile, days in [from, to], computed from its valid daily means
    /// (see ``RollingWindows``): one for every day from the scope's first to its last daily row.
    public func rollingDays(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [RollingDay] {
        try flushPendingHours()
        guard let span = try daySpan(scope: scope, pollutant: pollutant, profile: profile) else { return [] }
        let first = max(from, span.lowerBound), last = min(to, span.upperBound)
        guard first <= last else { return [] }
        let origin = first - (RollingWindows.dayWindows.max()! - 1)
        let read = try connection.statement("""
            SELECT day, mean FROM daily WHERE scope_id = ? AND pollutant = ? AND profile = ? AND day BETWEEN ? AND ? AND valid = 1 AND mean IS NOT NULL
            """)
        read.bind(1, Int(scope)); read.bind(2, pollutant.rawValue); read.bind(3, profile.name); read.bind(4, origin); read.bind(5, last)
        defer { read.reset() }
        var means: [Double?] = Array(repeating: nil, count: last - origin + 1)
        while try read.step() { means[read.int(0) - origin] = read.double(1) }
        return RollingWindows.dayLabels(means: means, range: first...last)
    }
}
