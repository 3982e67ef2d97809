import AirtrendDomain

/// Recomputes daily, monthly and annual rows for the days whose hours changed.
///
/// Work is bounded by the dirty days and the years containing them, never by
/// the length of the history: a day is rebuilt from its own hours, a year from
/// its own (at most 366) daily rows. Rolling windows are not stored (``RollingWindows``
/// derives them when read), so they need no upkeep. Runs inside the caller's transaction.
struct AggregateMaintainer {
    let store: SQLiteStore

    private var connection: SQLiteConnection { store.connection }

    /// Rebuilds the given days of each series and the months and years around them, reading the hours from the table.
    func update(dirty: [(DirtySeries, Set<Int>)], profiles: [ValidityProfile]) throws {
        try update(changes: dirty.map { SeriesChange(series: $0.0, days: $0.1.sorted(), inHand: nil) }, profiles: profiles)
    }

    /// Rebuilds the given days of each series and the months and years around them.
    ///
    /// Series are handled in station order, each once: its days from its hours (those in hand are not read
    /// back), then each touched year from its daily rows; then the cities the stations belong to.
    func update(changes: [SeriesChange], profiles: [ValidityProfile]) throws {
        var cityDays: [CityKey: Set<Int>] = [:]
        for change in changes.sorted(by: { ($0.series.target.stationID, $0.series.pollutant.rawValue) < ($1.series.target.stationID, $1.series.pollutant.rawValue) }) {
            let series = change.series
            guard !change.days.isEmpty else { continue }
            try rebuildDays(series, days: change.days, profiles: profiles, inHand: change.inHand)
            for year in Set(change.days.map { CivilDate(dayNumber: $0).year }).sorted() {
                for profile in profiles { try rebuildYear(YearKey(scopeID: series.target.scopeID, pollutant: series.pollutant, year: year), profile: profile) }
            }
            if let city = series.target.city {
                cityDays[CityKey(city: city, pollutant: series.pollutant, offsetMinutes: series.target.offsetMinutes), default: []].formUnion(change.days)
            }
        }
        // A city's days are one more level over its stations' days.
        for (key, days) in cityDays.sorted(by: { ($0.key.city, $0.key.pollutant.rawValue) < ($1.key.city, $1.key.pollutant.rawValue) }) {
            let scope = try cityScope(key.city, offsetMinutes: key.offsetMinutes)
            try rebuildCityDays(scope: scope, key: key, days: days.sorted(), profiles: profiles)
            for year in Set(days.map { CivilDate(dayNumber: $0).year }).sorted() {
                for profile in profiles { try rebuildYear(YearKey(scopeID: scope, pollutant: key.pollutant, year: year), profile: profile) }
            }
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
    func recomputeAll(profiles: [ValidityProfile]) throws {
        for profile in profiles {
            for table in ["daily", "monthly", "annual"] {
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
        try recompute(targets: targets, profiles: profiles)
    }

    private func recompute(targets: [StationTarget], profiles: [ValidityProfile]) throws {
        for target in targets {
            for profile in profiles {
                for table in ["daily", "monthly", "annual"] {
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
                try update(changes: [SeriesChange(series: series, days: Array(firstDay...lastDay), inHand: nil)], profiles: profiles)
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
    /// The one place a city day is computed: every path (batches, a station changing city, full
    /// recomputation) comes here.
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
            for table in ["daily", "monthly", "annual"] {
                let d = try connection.statement("DELETE FROM \(table) WHERE scope_id = ?")
                d.bind(1, id)
                try d.run()
            }
        }
        for (offset, pollutant, first, last) in spans {
            let key = CityKey(city: city, pollutant: pollutant, offsetMinutes: offset)
            let scope = try cityScope(city, offsetMinutes: offset)
            try rebuildCityDays(scope: scope, key: key, days: Array(first...last), profiles: profiles)
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

    /// Re-derives the daily rows of `days` (sorted) from the series' hours: those after `inHand.storedThrough`
    /// from memory, the others (the edge of a day the batch continues, revisions) from the hourly table.
    private func rebuildDays(_ series: DirtySeries, days: [Int], profiles: [ValidityProfile], inHand: HoursInHand?) throws {
        let offset = series.target.offsetMinutes
        let read = try connection.statement("SELECT hour, value FROM hourly WHERE station_id = ?1 AND pollutant = ?2 AND hour BETWEEN ?3 AND ?4")
        let write = try connection.statement("""
            INSERT INTO daily(scope_id, pollutant, profile, day, observed, expected, sum, mean, min, max, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT(scope_id, pollutant, profile, day) DO UPDATE SET observed = excluded.observed, expected = excluded.expected,
                sum = excluded.sum, mean = excluded.mean, min = excluded.min, max = excluded.max, valid = excluded.valid
            """)
        let remove = try connection.statement("DELETE FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND day = ?4")
        // Hours after this one are all in hand (none when nothing is in hand).
        let tableThrough = inHand.map { $0.storedThrough ?? Int.min } ?? Int.max
        // Days after this one had no hours before the batch, so they hold no row to remove.
        let lastStoredDay = tableThrough == Int.min ? Int.min : tableThrough == Int.max ? Int.max : UTCHour(tableThrough).localDayNumber(offsetMinutes: offset)
        var next = 0 // index into the hours in hand
        var values: [Double?] = []
        for run in DayRanges.runs(of: days) {
            // Hours whose start lies in [firstDay, lastDay] local: ceil((d·1440 − offset) / 60).
            let fromHour = -((-(run.lowerBound * 1440 - offset)).floorDiv(60))
            let toHour = -((-((run.upperBound + 1) * 1440 - offset)).floorDiv(60))
            values.removeAll(keepingCapacity: true)
            values.append(contentsOf: repeatElement(nil, count: toHour - fromHour))
            let readTo = min(toHour - 1, tableThrough)
            if readTo >= fromHour {
                read.bind(1, series.target.stationID); read.bind(2, series.pollutant.rawValue); read.bind(3, fromHour); read.bind(4, readTo)
                while try read.step() { values[read.int(0) - fromHour] = read.double(1) }
                read.reset()
            }
            if let inHand {
                while next < inHand.count && inHand.hour(next) < fromHour { next += 1 }
                var i = next
                while i < inHand.count, case let hour = inHand.hour(i), hour < toHour {
                    values[hour - fromHour] = inHand.value(i)
                    i += 1
                }
            }
            var hour = fromHour
            while hour < toHour {
                let day = UTCHour(hour).localDayNumber(offsetMinutes: offset)
                var count = 0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity
                while hour < toHour && UTCHour(hour).localDayNumber(offsetMinutes: offset) == day {
                    if let v = values[hour - fromHour] { count += 1; sum += v; lo = min(lo, v); hi = max(hi, v) }
                    hour += 1
                }
                for profile in profiles {
                    if count == 0 {
                        // A day that lost all its hours must not keep a row.
                        guard day <= lastStoredDay else { continue }
                        remove.bind(1, series.target.scopeID); remove.bind(2, series.pollutant.rawValue); remove.bind(3, profile.name); remove.bind(4, day)
                        try remove.run()
                        continue
                    }
                    let summary = DaySummary.station(dayNumber: day, hours: count, sum: sum, minimum: lo, maximum: hi, profile: profile)
                    write.bind(1, series.target.scopeID); write.bind(2, series.pollutant.rawValue); write.bind(3, profile.name)
                    write.bind(4, day); write.bind(5, summary.observed); write.bind(6, summary.expected); write.bind(7, sum)
                    write.bind(8, summary.mean); write.bind(9, lo); write.bind(10, hi); write.bind(11, summary.valid ? 1 : 0)
                    try write.run()
                }
            }
        }
    }

    /// Re-derives a year's monthly rows and its annual row from its daily rows, writing only the rows that changed.
    private func rebuildYear(_ key: YearKey, profile: ValidityProfile) throws {
        let first = CivilDate.dayNumber(year: key.year, month: 1, day: 1)
        let last = CivilDate.dayNumber(year: key.year, month: 12, day: 31)
        let days = try store.days(scope: key.scopeID, pollutant: key.pollutant, profile: profile, from: first, to: last)
        let storedMonths = try connection.statement("""
            SELECT month, valid_days, expected_days, required_days, mean, valid FROM monthly
            WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND year = ?4
            """)
        storedMonths.bind(1, key.scopeID); storedMonths.bind(2, key.pollutant.rawValue); storedMonths.bind(3, profile.name); storedMonths.bind(4, key.year)
        var stored: [Int: MonthStatistics] = [:]
        while try storedMonths.step() {
            let s = storedMonths
            stored[s.int(0)] = MonthStatistics(year: key.year, month: s.int(0), validDays: s.int(1), expectedDays: s.int(2),
                                               requiredDays: s.int(3), mean: s.optionalDouble(4), valid: s.int(5) != 0)
        }
        storedMonths.reset()
        let m = try connection.statement("""
            INSERT INTO monthly(scope_id, pollutant, profile, year, month, valid_days, expected_days, required_days, mean, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT(scope_id, pollutant, profile, year, month) DO UPDATE SET valid_days = excluded.valid_days,
                expected_days = excluded.expected_days, required_days = excluded.required_days, mean = excluded.mean, valid = excluded.valid
            """)
        let removeMonth = try connection.statement("DELETE FROM monthly WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND year = ?4 AND month = ?5")
        let months = days.isEmpty ? [] : PeriodStatistics.months(year: key.year, days: days, profile: profile)
        for month in months where stored[month.month] != month {
            m.bind(1, key.scopeID); m.bind(2, key.pollutant.rawValue); m.bind(3, profile.name); m.bind(4, key.year)
            m.bind(5, month.month); m.bind(6, month.validDays); m.bind(7, month.expectedDays); m.bind(8, month.requiredDays)
            m.bind(9, month.mean); m.bind(10, month.valid ? 1 : 0)
            try m.run()
        }
        for month in Set(stored.keys).subtracting(months.map(\.month)) {
            removeMonth.bind(1, key.scopeID); removeMonth.bind(2, key.pollutant.rawValue); removeMonth.bind(3, profile.name)
            removeMonth.bind(4, key.year); removeMonth.bind(5, month)
            try removeMonth.run()
        }
        guard !days.isEmpty else {
            let d = try connection.statement("DELETE FROM annual WHERE scope_id = ? AND pollutant = ? AND profile = ? AND year = ?")
            d.bind(1, key.scopeID); d.bind(2, key.pollutant.rawValue); d.bind(3, profile.name); d.bind(4, key.year)
            try d.run()
            return
        }
        let y = PeriodStatistics.year(key.year, days: days, profile: profile)
        let a = try connection.statement("""
            INSERT INTO annual(scope_id, pollutant, profile, year, valid_days, expected_days, valid_months, mean, p95, days_over_limit, complete)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT(scope_id, pollutant, profile, year) DO UPDATE SET valid_days = excluded.valid_days,
                expected_days = excluded.expected_days, valid_months = excluded.valid_months, mean = excluded.mean, p95 = excluded.p95,
                days_over_limit = excluded.days_over_limit, complete = excluded.complete
            """)
        a.bind(1, key.scopeID); a.bind(2, key.pollutant.rawValue); a.bind(3, profile.name); a.bind(4, key.year)
        a.bind(5, y.validDays); a.bind(6, y.expectedDays); a.bind(7, y.validMonths); a.bind(8, y.mean); a.bind(9, y.percentile)
        a.bind(10, y.daysOverLimit); a.bind(11, y.complete ? 1 : 0)
        try a.run()
    }
}
