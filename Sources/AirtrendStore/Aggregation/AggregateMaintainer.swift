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
    /// back), then each touched year from its daily rows; then the cities the stations count in.
    /// - Parameter cities: false while every station is recomputed, after which each city is rebuilt once
    ///   (``recomputeAll(profiles:)``).
    func update(changes: [SeriesChange], profiles: [ValidityProfile], cities: Bool = true) throws {
        var cityDays: [CityKey: Set<Int>] = [:]
        for change in changes.sorted(by: { ($0.series.target.stationID, $0.series.pollutant.rawValue) < ($1.series.target.stationID, $1.series.pollutant.rawValue) }) {
            let series = change.series
            guard !change.days.isEmpty, let firstProfile = profiles.first else { continue }
            // Only an assessment station's target names a city (StationTarget): other stations never touch one.
            let city = cities ? series.target.city : nil
            // A city day expects the stations in service that day (by default from their first to their last
            // day with data), so the days a changed span gains or loses are the city's to rebuild too.
            let before = city == nil ? nil : try dataSpan(scope: series.target.scopeID, pollutant: series.pollutant, profile: firstProfile)
            let moved = try rebuildDays(series, days: change.days, profiles: profiles, inHand: change.inHand)
            for year in Set(change.days.map { CivilDate(dayNumber: $0).year }).sorted() {
                for (index, profile) in profiles.enumerated() where moved.contains(ProfileYear(profile: index, year: year)) {
                    try rebuildYear(YearKey(scopeID: series.target.scopeID, pollutant: series.pollutant, year: year), profile: profile)
                }
            }
            if let city {
                var days = Set(change.days)
                // Days strictly inside the old span cannot move its ends; only a change at or beyond an end can.
                if before == nil || change.days.first! <= before!.lowerBound || change.days.last! >= before!.upperBound {
                    let after = try dataSpan(scope: series.target.scopeID, pollutant: series.pollutant, profile: firstProfile)
                    if after != before { days.formUnion(Self.daysBetween(before, after)) }
                }
                cityDays[CityKey(city: city, pollutant: series.pollutant, offsetMinutes: series.target.offsetMinutes), default: []].formUnion(days)
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

    /// The first and last day a scope has daily rows for (under one profile; every profile has rows on the
    /// same days, since a day row exists whenever the day has an hour), or nil.
    func dataSpan(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> ClosedRange<Int>? {
        // Two index seeks: min() and max() together would scan the scope's rows.
        let s = try connection.statement("""
            SELECT (SELECT day FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 ORDER BY day LIMIT 1),
                   (SELECT day FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 ORDER BY day DESC LIMIT 1)
            """)
        s.bind(1, scope); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        return try s.firstRow { row -> ClosedRange<Int>? in
            guard let first = row.optionalInt(0), let last = row.optionalInt(1) else { return nil }
            return first...last
        } ?? nil
    }

    /// The days in exactly one of two spans (those a station entered or left service on).
    static func daysBetween(_ a: ClosedRange<Int>?, _ b: ClosedRange<Int>?) -> [Int] {
        switch (a, b) {
        case (nil, nil): return []
        case let (x?, nil), let (nil, x?): return Array(x)
        case let (a?, b?):
            let low = Array(min(a.lowerBound, b.lowerBound)..<max(a.lowerBound, b.lowerBound))
            let high = Array((min(a.upperBound, b.upperBound) + 1)..<(max(a.upperBound, b.upperBound) + 1))
            return low + high
        }
    }

    /// Rebuilds every aggregate of one station from its hours.
    func recomputeStation(_ stationID: Int64) throws {
        let station = try connection.statement("SELECT scope_id, utc_offset_minutes, CASE WHEN role = 'assessment' THEN city END FROM stations WHERE id = ?")
        station.bind(1, stationID)
        guard let target = try station.firstRow({
            StationTarget(stationID: stationID, scopeID: Int64($0.int(0)), offsetMinutes: $0.int(1), city: $0.string(2))
        }) else { return }
        try recompute(targets: [target], profiles: try store.materializedProfiles())
    }

    /// Rebuilds every aggregate under the given profiles from the hours: each station's series, then each city once.
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
        try recompute(targets: targets, profiles: profiles, cities: false)
        try rebuildAllCities(profiles: profiles)
    }

    /// Rebuilds every city's series from its stations' daily rows (a city day depends on every station of the city).
    func rebuildAllCities(profiles: [ValidityProfile]) throws {
        let s = try connection.statement("SELECT DISTINCT city FROM stations WHERE city IS NOT NULL ORDER BY city")
        var cities: [String] = []
        while try s.step() { cities.append(s.string(0) ?? "") }
        for city in cities { try rebuildCity(city, profiles: profiles) }
    }

    private func recompute(targets: [StationTarget], profiles: [ValidityProfile], cities: Bool = true) throws {
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
                try update(changes: [SeriesChange(series: series, days: Array(firstDay...lastDay), inHand: nil)], profiles: profiles, cities: cities)
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

    /// City day = mean of its assessment stations' valid daily means ("station-days first"); valid with one station.
    /// The one place a city day is computed: every path (batches, a station changing city or role, a full
    /// recomputation, the migration that introduced roles) comes here.
    ///
    /// `expected` counts the assessment stations in service that day (``CityMember``: a stated
    /// `in_service` period, else the station's first to last day with data) and `observed` those of them
    /// with a valid day, so a silent station lowers the coverage instead of vanishing from it. A day
    /// exists when at least one station is in service. Days of a station outside its service period
    /// never enter the mean.
    private func rebuildCityDays(scope: Int64, key: CityKey, days: [Int], profiles: [ValidityProfile]) throws {
        let query = try connection.statement("""
            SELECT d.scope_id, d.day, d.valid, d.mean FROM stations s
            JOIN daily d ON d.scope_id = s.scope_id AND d.pollutant = ?2 AND d.profile = ?3 AND d.day BETWEEN ?4 AND ?5
            WHERE s.city = ?1 AND s.role = 'assessment'
            """)
        let remove = try connection.statement("DELETE FROM daily WHERE scope_id = ?1 AND pollutant = ?2 AND profile = ?3 AND day BETWEEN ?4 AND ?5")
        let write = try connection.statement("""
            INSERT OR REPLACE INTO daily(scope_id, pollutant, profile, day, observed, expected, sum, mean, min, max, valid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        let runs = DayRanges.runs(of: days)
        var expected: [Int] = [], used: [Int] = [], sums: [Double] = [], lows: [Double] = [], highs: [Double] = []
        for profile in profiles {
            let members = try cityMembers(key.city, pollutant: key.pollutant, profile: profile)
            var spans: [Int64: ClosedRange<Int>] = [:]
            for member in members { if let span = member.inService { spans[member.scopeID] = span } }
            for run in runs {
                remove.bind(1, scope); remove.bind(2, key.pollutant.rawValue); remove.bind(3, profile.name)
                remove.bind(4, run.lowerBound); remove.bind(5, run.upperBound)
                try remove.run()
                let count = run.count
                expected.removeAll(keepingCapacity: true); expected.append(contentsOf: repeatElement(0, count: count))
                used.removeAll(keepingCapacity: true); used.append(contentsOf: repeatElement(0, count: count))
                sums.removeAll(keepingCapacity: true); sums.append(contentsOf: repeatElement(0, count: count))
                lows.removeAll(keepingCapacity: true); lows.append(contentsOf: repeatElement(.infinity, count: count))
                highs.removeAll(keepingCapacity: true); highs.append(contentsOf: repeatElement(-.infinity, count: count))
                for span in spans.values where span.overlaps(run) {
                    for day in max(span.lowerBound, run.lowerBound)...min(span.upperBound, run.upperBound) { expected[day - run.lowerBound] += 1 }
                }
                query.bind(1, key.city); query.bind(2, key.pollutant.rawValue); query.bind(3, profile.name)
                query.bind(4, run.lowerBound); query.bind(5, run.upperBound)
                while try query.step() {
                    let day = query.int(1)
                    guard query.int(2) == 1, !query.isNull(3), spans[Int64(query.int(0))]?.contains(day) == true else { continue }
                    let mean = query.double(3), i = day - run.lowerBound
                    used[i] += 1
                    sums[i] += mean
                    lows[i] = min(lows[i], mean)
                    highs[i] = max(highs[i], mean)
                }
                query.reset()
                for i in 0..<count where expected[i] > 0 {
                    write.bind(1, scope); write.bind(2, key.pollutant.rawValue); write.bind(3, profile.name); write.bind(4, run.lowerBound + i)
                    write.bind(5, used[i]); write.bind(6, expected[i]); write.bind(7, sums[i])
                    write.bind(8, used[i] > 0 ? sums[i] / Double(used[i]) : nil)
                    write.bind(9, used[i] > 0 ? lows[i] : nil); write.bind(10, used[i] > 0 ? highs[i] : nil)
                    write.bind(11, used[i] > 0 ? 1 : 0)
                    try write.run()
                }
            }
        }
    }

    /// The stations of a city with their role and service period under a profile, in station order.
    ///
    /// A stated period (`in_service`) overrides the data: its missing `from` is the first day with data,
    /// its missing `to` the newest day any assessment station of the city has data for ("still in service").
    /// Without one a station serves from its first to its last day with data.
    func cityMembers(_ city: String, pollutant: Pollutant, profile: ValidityProfile, allRoles: Bool = false) throws -> [CityMember] {
        let s = try connection.statement("""
            SELECT s.scope_id, s.code, s.role, s.in_service_from, s.in_service_to,
                   (SELECT day FROM daily WHERE scope_id = s.scope_id AND pollutant = ?2 AND profile = ?3 ORDER BY day LIMIT 1),
                   (SELECT day FROM daily WHERE scope_id = s.scope_id AND pollutant = ?2 AND profile = ?3 ORDER BY day DESC LIMIT 1)
            FROM stations s WHERE s.city = ?1 AND (?4 OR s.role = 'assessment') ORDER BY s.id
            """)
        s.bind(1, city); s.bind(2, pollutant.rawValue); s.bind(3, profile.name); s.bind(4, allRoles ? 1 : 0)
        var rows: [(scope: Int64, code: String, role: StationRole, from: Int?, to: Int?, data: ClosedRange<Int>?)] = []
        while try s.step() {
            let data: ClosedRange<Int>? = s.isNull(5) || s.isNull(6) ? nil : s.int(5)...s.int(6)
            rows.append((Int64(s.int(0)), s.string(1) ?? "", StationRole(rawValue: s.string(2) ?? "") ?? .assessment,
                         s.optionalInt(3), s.optionalInt(4), data))
        }
        let newest = rows.filter { $0.role == .assessment }.compactMap { $0.data?.upperBound }.max()
        return rows.map { row in
            var span = row.data
            if row.from != nil || row.to != nil {
                let first = row.from ?? row.data?.lowerBound, last = row.to ?? newest
                span = first.flatMap { f in last.flatMap { l in f <= l ? f...l : nil } }
            }
            return CityMember(scopeID: row.scope, code: row.code, role: row.role, inService: row.role == .assessment ? span : nil,
                              dataSpan: row.data, stated: row.from != nil || row.to != nil)
        }
    }

    /// Rebuilds a city's whole series from its stations (after a station joins or leaves it, changes role or
    /// service period), under the given profiles.
    func rebuildCity(_ city: String, profiles: [ValidityProfile]) throws {
        let existing = try connection.statement("SELECT id FROM scopes WHERE kind = 'city' AND code = ?")
        existing.bind(1, city)
        if let id = try existing.firstRow({ $0.int(0) }) {
            for profile in profiles {
                for table in ["daily", "monthly", "annual"] {
                    let d = try connection.statement("DELETE FROM \(table) WHERE scope_id = ? AND profile = ?")
                    d.bind(1, id); d.bind(2, profile.name)
                    try d.run()
                }
            }
        }
        let pollutants = try connection.statement("""
            SELECT DISTINCT d.pollutant, s.utc_offset_minutes FROM stations s JOIN daily d ON d.scope_id = s.scope_id
            WHERE s.city = ? AND s.role = 'assessment' GROUP BY d.pollutant
            """)
        pollutants.bind(1, city)
        var series: [(Pollutant, Int)] = []
        while try pollutants.step() {
            if let pollutant = Pollutant(rawValue: pollutants.int(0)) { series.append((pollutant, pollutants.int(1))) }
        }
        for (pollutant, offset) in series {
            var span: ClosedRange<Int>?
            for profile in profiles {
                for member in try cityMembers(city, pollutant: pollutant, profile: profile) {
                    guard let s = member.inService else { continue }
                    span = span.map { min($0.lowerBound, s.lowerBound)...max($0.upperBound, s.upperBound) } ?? s
                }
            }
            guard let span else { continue }
            let key = CityKey(city: city, pollutant: pollutant, offsetMinutes: offset)
            let scope = try cityScope(city, offsetMinutes: offset)
            try rebuildCityDays(scope: scope, key: key, days: Array(span), profiles: profiles)
            for year in CivilDate(dayNumber: span.lowerBound).year...CivilDate(dayNumber: span.upperBound).year {
                for profile in profiles { try rebuildYear(YearKey(scopeID: scope, pollutant: pollutant, year: year), profile: profile) }
            }
        }
    }

    private struct YearKey: Hashable {
        var scopeID: Int64
        var pollutant: Pollutant
        var year: Int
    }

    /// A profile (by index) and a year whose monthly and annual rows may have to change.
    private struct ProfileYear: Hashable {
        var profile: Int
        var year: Int
    }

    /// Re-derives the daily rows of `days` (sorted) from the series' hours: those after `inHand.storedThrough`
    /// from memory, the others (the edge of a day the batch continues, revisions) from the hourly table.
    ///
    /// - Returns: the profiles and years whose months or year may have changed (see ``partInPeriods(_:)``): a
    ///   day's row is read before it is replaced, and a live feed's hour usually changes neither its presence
    ///   nor its part (a day is not valid until its 20th hour), which saves reading the year's 366 daily rows.
    private func rebuildDays(_ series: DirtySeries, days: [Int], profiles: [ValidityProfile], inHand: HoursInHand?) throws -> Set<ProfileYear> {
        var moved: Set<ProfileYear> = []
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
                let year = CivilDate(dayNumber: day).year
                for (index, profile) in profiles.enumerated() {
                    if count == 0 {
                        // A day that lost all its hours must not keep a row.
                        guard day <= lastStoredDay else { continue }
                        remove.bind(1, series.target.scopeID); remove.bind(2, series.pollutant.rawValue); remove.bind(3, profile.name); remove.bind(4, day)
                        try remove.run()
                        moved.insert(ProfileYear(profile: index, year: year))
                        continue
                    }
                    let summary = DaySummary.station(dayNumber: day, hours: count, sum: sum, minimum: lo, maximum: hi, profile: profile)
                    // Days after the last stored one had no row: the row appears. Otherwise the stored row (nil: none)
                    // is read the way the year reads it.
                    let before = try day > lastStoredDay ? nil
                        : store.days(scope: series.target.scopeID, pollutant: series.pollutant, profile: profile, from: day, to: day).first
                    if before.map(Self.partInPeriods) != Optional(Self.partInPeriods(summary)) { moved.insert(ProfileYear(profile: index, year: year)) }
                    write.bind(1, series.target.scopeID); write.bind(2, series.pollutant.rawValue); write.bind(3, profile.name)
                    write.bind(4, day); write.bind(5, summary.observed); write.bind(6, summary.expected); write.bind(7, sum)
                    write.bind(8, summary.mean); write.bind(9, lo); write.bind(10, hi); write.bind(11, summary.valid ? 1 : 0)
                    try write.run()
                }
            }
        }
        return moved
    }

    /// What a day contributes to its month and year (``PeriodStatistics``): its mean when it is valid, else nothing.
    /// A day whose row stays and whose part stays changes neither.
    static func partInPeriods(_ day: DaySummary) -> Double? {
        day.valid ? day.mean : nil
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
