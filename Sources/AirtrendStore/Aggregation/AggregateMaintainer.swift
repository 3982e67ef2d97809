import AirtrendDomain

/// Recomputes daily, monthly and annual rows for the days whose hours changed.
///
/// Work is bounded by the dirty days and the years containing them, never by
/// the length of the history: a day is rebuilt from its own hours, a year from
/// its own (at most 366) daily rows. Runs inside the caller's transaction.
struct AggregateMaintainer {
    let store: SQLiteStore

    private var connection: SQLiteConnection { store.connection }

    /// Rebuilds the given days of each series and the months and years around them.
    ///
    /// - Parameter hourlyRolling: also the hourly rolling labels (false when only a new profile is
    ///   being materialised: hourly rolling values do not depend on the profile).
    func update(dirty: [(DirtySeries, Set<Int>)], profiles: [ValidityProfile], hourlyRolling: Bool = true) throws {
        var years: Set<YearKey> = []
        var cityDays: [CityKey: Set<Int>] = [:]
        let rolling = RollingMaintainer(store: store)
        for (series, days) in dirty {
            let sorted = days.sorted()
            try rebuildDays(series, days: sorted, profiles: profiles, hourlyRolling: hourlyRolling)
            for profile in profiles {
                try rolling.updateDays(scopeID: series.target.scopeID, pollutant: series.pollutant, profile: profile, days: sorted)
            }
            for year in Set(days.map { CivilDate(dayNumber: $0).year }) {
                years.insert(YearKey(scopeID: series.target.scopeID, pollutant: series.pollutant, year: year))
            }
            if let city = series.target.city {
                cityDays[CityKey(city: city, pollutant: series.pollutant, offsetMinutes: series.target.offsetMinutes), default: []].formUnion(days)
            }
        }
        // A city's days are one more level over its stations' days.
        for (key, days) in cityDays {
            let scope = try cityScope(key.city, offsetMinutes: key.offsetMinutes)
            try rebuildCityDays(scope: scope, key: key, days: days.sorted(), profiles: profiles)
            for profile in profiles {
                try rolling.updateDays(scopeID: scope, pollutant: key.pollutant, profile: profile, days: Array(days))
            }
            for year in Set(days.map { CivilDate(dayNumber: $0).year }) {
                years.insert(YearKey(scopeID: scope, pollutant: key.pollutant, year: year))
            }
        }
        for key in years.sorted(by: { ($0.scopeID, $0.year) < ($1.scopeID, $1.year) }) {
            for profile in profiles { try rebuildYear(key, profile: profile) }
        }
    }

    /// Rebuilds every aggregate of one station from its hours.
    func recomputeStation(_ stationID: Int64) throws {
        let station = try connection.statement("SELECT scope_id, utc_offset_minutes, city FROM stations WHERE id = ?")
        station.bind(1, stationID)
        guard let target = try station.firstRow({
            StationTarget(stationID: stationID, scopeID: Int64($0.int(0)), offsetMinutes: $0.int(1), city: $0.string(2))
        }) else { return }
        try recompute(targets: [target], profiles: try store.materializedProfiles())
    }

    /// Rebuilds every station aggregate under the given profiles from the hours.
    ///
    /// - Parameter hourlyRolling: also the hourly rolling labels (see ``update(dirty:profiles:hourlyRolling:)``).
    func recomputeAll(profiles: [ValidityProfile], hourlyRolling: Bool = true) throws {
        if hourlyRolling { try connection.execute("DELETE FROM rolling_hourly") }
        for profile in profiles {
            for table in ["daily", "monthly", "annual", "rolling_daily"] {
                let d = try connection.statement("DELETE FROM \(table) WHERE profile = ? AND scope_id IN (SELECT id FROM scopes WHERE kind = 'city')")
                d.bind(1, profile.name)
                try d.run()
            }
        }
        let s = try connection.statement("SELECT id, scope_id, utc_offset_minutes, city FROM stations ORDER BY id")
        var targets: [StationTarget] = []
        while try s.step() {
            targets.append(.init(stationID: Int64(s.int(0)), scopeID: Int64(s.int(1)), offsetMinutes: s.int(2), city: s.string(3)))
        }
        try recompute(targets: targets, profiles: profiles, hourlyRolling: hourlyRolling)
    }

    private func recompute(targets: [StationTarget], profiles: [ValidityProfile], hourlyRolling: Bool = true) throws {
        for target in targets {
            if hourlyRolling {
                let d = try connection.statement("DELETE FROM rolling_hourly WHERE station_id = ?")
                d.bind(1, target.stationID)
                try d.run()
            }
            for profile in profiles {
                for table in ["daily", "monthly", "annual", "rolling_daily"] {
                    let d = try connection.statement("DELETE FROM \(table) WHERE scope_id = ? AND profile = ?")
                    d.bind(1, target.scopeID); d.bind(2, profile.name)
                    try d.run()
                }
            }
            let range = try connection.statement("SELECT pollutant, min(hour), max(hour) FROM hourly WHERE station_id = ? GROUP BY pollutant")
            range.bind(1, target.stationID)
            var spans: [(Pollutant, Int, Int)] = []
            while try range.step() {
                if let pollutant = Pollutant(rawValue: range.int(0)) { spans.append((pollutant, range.int(1), range.int(2))) }
            }
            for (pollutant, first, last) in spans {
                let firstDay = UTCHour(first).localDayNumber(offsetMinutes: target.offsetMinutes)
                let lastDay = UTCHour(last).localDayNumber(offsetMinutes: target.offsetMinutes)
                let series = DirtySeries(target: target, pollutant: pollutant)
                try update(dirty: [(series, Set(firstDay...lastDay))], profiles: profiles, hourlyRolling: hourlyRolling)
            }
        }
    }

    private struct CityKey: Hashable {
        var city: String
        var pollutant: Pollutant
        var offsetMinutes: Int
    }

    /// The scope of a city, created on first use.
    func cityScope(_ city: String, offsetMinutes: Int) throws -> Int64 {
        let find = try connection.statement("SELECT id FROM scopes WHERE kind = 'city' AND code = ?")
        find.bind(1, city)
        if let id = try find.firstRow({ Int64($0.int(0)) }) { return id }
        let insert = try connection.statement("INSERT INTO scopes(kind, code, utc_offset_minutes) VALUES ('city', ?, ?)")
        insert.bind(1, city); insert.bind(2, offsetMinutes)
        try insert.run()
        return connection.lastInsertRowID
    }

    /// City day = mean of its stations' valid daily means ("station-days first"); valid with one station.
    ///
    /// `observed` counts the stations used (valid days) and `expected` the stations that
    /// reported any hour that day, so both depend only on that day's data.
    private func rebuildCityDays(scope: Int64, key: CityKey, days: [Int], profiles: [ValidityProfile]) throws {
        let query = try connection.statement("""
            SELECT d.day, sum(d.valid), total(CASE WHEN d.valid = 1 THEN d.mean END),
                   min(CASE WHEN d.valid = 1 THEN d.mean END), max(CASE WHEN d.valid = 1 THEN d.mean END), count(*)
            FROM stations s
            JOIN daily d ON d.scope_id = s.scope_id AND d.pollutant = ?2 AND d.profile = ?3 AND d.day BETWEEN ?4 AND ?5
            WHERE s.city = ?1 GROUP BY d.day ORDER BY d.day
            """)
        let remove = try connection.statement("DELETE FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND day BETWEEN ?4 AND ?5")
        let write = try connection.statement("""
            INSERT OR REPLACE INTO daily(scope_id, pollutant, profile, day, observed, expected, sum, mean, min, max, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        for run in DayRanges.runs(of: days) {
            for profile in profiles {
                remove.bind(1, scope); remove.bind(2, key.pollutant.rawValue); remove.bind(3, profile.name)
                remove.bind(4, run.lowerBound); remove.bind(5, run.upperBound)
                try remove.run()
                query.bind(1, key.city); query.bind(2, key.pollutant.rawValue); query.bind(3, profile.name)
                query.bind(4, run.lowerBound); query.bind(5, run.upperBound)
                while try query.step() {
                    let used = query.int(1), sum = query.double(2)
                    write.bind(1, scope); write.bind(2, key.pollutant.rawValue); write.bind(3, profile.name); write.bind(4, query.int(0))
                    write.bind(5, used); write.bind(6, query.int(5)); write.bind(7, sum)
                    write.bind(8, used > 0 ? sum / Double(used) : nil); write.bind(9, query.optionalDouble(3)); write.bind(10, query.optionalDouble(4))
                    write.bind(11, used > 0 ? 1 : 0)
                    try write.run()
                }
                query.reset()
            }
        }
    }

    /// Rebuilds a city's whole series from its stations (after a station joins or leaves it).
    func rebuildCity(_ city: String, profiles: [ValidityProfile]) throws {
        let span = try connection.statement("""
            SELECT s.utc_offset_minutes, d.pollutant, min(d.day), max(d.day) FROM stations s JOIN daily d ON d.scope_id = s.scope_id
            WHERE s.city = ? GROUP BY d.pollutant
            """)
        span.bind(1, city)
        var spans: [(Int, Pollutant, Int, Int)] = []
        while try span.step() {
            if let pollutant = Pollutant(rawValue: span.int(1)) { spans.append((span.int(0), pollutant, span.int(2), span.int(3))) }
        }
        let existing = try connection.statement("SELECT id FROM scopes WHERE kind = 'city' AND code = ?")
        existing.bind(1, city)
        if let id = try existing.firstRow({ $0.int(0) }) {
            for table in ["daily", "monthly", "annual", "rolling_daily"] {
                let d = try connection.statement("DELETE FROM \(table) WHERE scope_id = ?")
                d.bind(1, id)
                try d.run()
            }
        }
        for (offset, pollutant, first, last) in spans {
            let key = CityKey(city: city, pollutant: pollutant, offsetMinutes: offset)
            let scope = try cityScope(city, offsetMinutes: offset)
            try rebuildCityDays(scope: scope, key: key, days: Array(first...last), profiles: profiles)
            for profile in profiles {
                try RollingMaintainer(store: store).recomputeDays(scopeID: scope, pollutant: pollutant, profile: profile)
            }
            for year in CivilDate(dayNumber: first).year...CivilDate(dayNumber: last).year {
                for profile in profiles { try rebuildYear(YearKey(scopeID: scope, pollutant: pollutant, year: year), profile: profile) }
            }
        }
    }

    private struct YearKey: Hashable {
        var scopeID: Int64
        var pollutant: Pollutant
        var year: Int
    }

    /// Re-derives the daily rows of `days` (sorted) from the hourly table, and the hourly rolling
    /// labels that contain their hours: one read of the hours per run of consecutive days serves both.
    private func rebuildDays(_ series: DirtySeries, days: [Int], profiles: [ValidityProfile], hourlyRolling: Bool) throws {
        let offset = series.target.offsetMinutes
        let read = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ?1 AND pollutant = ?2 AND hour BETWEEN ?3 AND ?4 ORDER BY hour")
        let write = try connection.statement("""
            INSERT OR REPLACE INTO daily(scope_id, pollutant, profile, day, observed, expected, sum, mean, min, max, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        let remove = try connection.statement("DELETE FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND day BETWEEN ?4 AND ?5")
        let rolling = RollingMaintainer(store: store)
        for run in DayRanges.runs(of: days) {
            // Hours whose start lies in [firstDay, lastDay] local: ceil((d·1440 − offset) / 60).
            let fromHour = -((-(run.lowerBound * 1440 - offset)).floorDiv(60))
            let toHour = -((-((run.upperBound + 1) * 1440 - offset)).floorDiv(60))
            // What the rolling labels of these hours need: whole UTC days, and 23 hours before the first.
            let window = RollingMaintainer.hourWindow(from: fromHour, through: toHour + 22)
            let origin = hourlyRolling ? window.origin : fromHour
            let last = hourlyRolling ? window.last : toHour - 1
            var values: [Double?] = Array(repeating: nil, count: last - origin + 1)
            read.bind(1, series.target.stationID); read.bind(2, series.pollutant.rawValue); read.bind(3, origin); read.bind(4, last)
            while try read.step() { values[read.int(0) - origin] = read.double(1) }
            read.reset()
            // Days that lost all their hours must not keep a row.
            for profile in profiles {
                remove.bind(1, series.target.scopeID); remove.bind(2, series.pollutant.rawValue); remove.bind(3, profile.name)
                remove.bind(4, run.lowerBound); remove.bind(5, run.upperBound)
                try remove.run()
            }
            var hour = fromHour
            while hour < toHour {
                let day = UTCHour(hour).localDayNumber(offsetMinutes: offset)
                var count = 0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity
                while hour < toHour && UTCHour(hour).localDayNumber(offsetMinutes: offset) == day {
                    if let v = values[hour - origin] { count += 1; sum += v; lo = min(lo, v); hi = max(hi, v) }
                    hour += 1
                }
                guard count > 0 else { continue }
                for profile in profiles {
                    let summary = DaySummary.station(dayNumber: day, hours: count, sum: sum, minimum: lo, maximum: hi, profile: profile)
                    write.bind(1, series.target.scopeID); write.bind(2, series.pollutant.rawValue); write.bind(3, profile.name)
                    write.bind(4, day); write.bind(5, summary.observed); write.bind(6, summary.expected); write.bind(7, sum)
                    write.bind(8, summary.mean); write.bind(9, lo); write.bind(10, hi); write.bind(11, summary.valid ? 1 : 0)
                    try write.run()
                }
            }
            if hourlyRolling {
                try rolling.writeHourLabels(stationID: series.target.stationID, pollutant: series.pollutant, window: window, values: values)
            }
        }
    }

    /// Re-derives a year's monthly rows and its annual row from its daily rows.
    private func rebuildYear(_ key: YearKey, profile: ValidityProfile) throws {
        let first = CivilDate.dayNumber(year: key.year, month: 1, day: 1)
        let last = CivilDate.dayNumber(year: key.year, month: 12, day: 31)
        let days = try store.days(scope: key.scopeID, pollutant: key.pollutant, profile: profile, from: first, to: last)
        for table in ["monthly", "annual"] {
            let d = try connection.statement("DELETE FROM \(table) WHERE scope_id = ? AND pollutant = ? AND profile = ? AND year = ?")
            d.bind(1, key.scopeID); d.bind(2, key.pollutant.rawValue); d.bind(3, profile.name); d.bind(4, key.year)
            try d.run()
        }
        guard !days.isEmpty else { return }
        let m = try connection.statement("""
            INSERT INTO monthly(scope_id, pollutant, profile, year, month, valid_days, expected_days, required_days, mean, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        for month in PeriodStatistics.months(year: key.year, days: days, profile: profile) {
            m.bind(1, key.scopeID); m.bind(2, key.pollutant.rawValue); m.bind(3, profile.name); m.bind(4, key.year)
            m.bind(5, month.month); m.bind(6, month.validDays); m.bind(7, month.expectedDays); m.bind(8, month.requiredDays)
            m.bind(9, month.mean); m.bind(10, month.valid ? 1 : 0)
            try m.run()
        }
        let y = PeriodStatistics.year(key.year, days: days, profile: profile)
        let a = try connection.statement("""
            INSERT INTO annual(scope_id, pollutant, profile, year, valid_days, expected_days, valid_months, mean, p95, days_over_limit, complete)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        a.bind(1, key.scopeID); a.bind(2, key.pollutant.rawValue); a.bind(3, profile.name); a.bind(4, key.year)
        a.bind(5, y.validDays); a.bind(6, y.expectedDays); a.bind(7, y.validMonths); a.bind(8, y.mean); a.bind(9, y.percentile)
        a.bind(10, y.daysOverLimit); a.bind(11, y.complete ? 1 : 0)
        try a.run()
    }
}
