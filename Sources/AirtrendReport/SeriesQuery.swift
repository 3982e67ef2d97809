import AirtrendDomain
import AirtrendStore

/// Hourly, daily and rolling series of a station or city, read from the store.
///
/// Rolling windows are computed by the store when read, from the hours and daily rows (SQL tools see
/// the same values in the views `rolling_hourly_by_time` and `rolling_daily_by_date`); they are
/// labelled by the last hour (or day) of their trailing window.
/// - `24h`: mean of the hours present in the 24 hours ending with the labelled one; valid
///   with at least 18 of them (75 %, the completeness EPA and the EU use for running means;
///   GB 3095's 20-hour rule is for calendar days, which `daily` applies). Listed for every
///   hour with at least one value in its window.
/// - `nowcast`: the EPA NowCast of the 12 hours ending with the labelled one (valid with 2
///   of the 3 newest hours).
/// - `7d`, `30d`, `365d`: mean of the valid daily means in the window; valid with at least
///   75 % of its days. Listed from the scope's first to its last day with data.
public struct SeriesQuery {
    public enum Kind: String, Sendable, CaseIterable { case hourly, daily, rolling, monthly }
    public enum Window: String, Sendable, CaseIterable {
        case h24 = "24h", nowcast, d7 = "7d", d30 = "30d", d365 = "365d"
        var days: Int? { switch self { case .d7: 7; case .d30: 30; case .d365: 365; default: nil } }
    }

    let store: any ReportStore
    /// Configured regions, for `--region` (their series are derived from the member cities' stored days).
    let regions: [Region]

    public init(store: any ReportStore, regions: [Region] = []) {
        self.store = store
        self.regions = regions
    }

    /// The series, or a ``DomainError`` saying what is missing.
    ///
    /// - Parameters:
    ///   - from: first date (local for days, UTC for hours), inclusive; nil = the start of the data.
    ///   - to: last date, inclusive; nil = the end of the data.
    public func points(kind: Kind, window: Window?, scope: ReportScope, from: CivilDate?, to: CivilDate?, profile: ValidityProfile) throws -> [SeriesPoint] {
        try store.ensureProfile(profile)
        if kind == .monthly {
            // Months as points (`time` YYYY-MM, coverage = valid days ÷ calendar days); `MonthlyQuery` has the full rows.
            return try MonthlyQuery(store: store, regions: regions).months(scope: scope, from: from?.year, to: to?.year, profile: profile).map { item in
                let m = item.statistics
                return SeriesPoint(time: "\(m.year)-\(m.month.zeroPadded(2))", value: m.mean, coverage: Double(m.validDays) / Double(m.expectedDays), valid: m.valid)
            }
        }
        if case .region(let id) = scope {
            return try regionPoints(id: id, kind: kind, window: window, from: from, to: to, profile: profile)
        }
        let (scopeID, station) = try resolve(scope)
        guard let span = try store.daySpan(scope: scopeID, pollutant: .pm25, profile: profile) else { return [] }
        let firstDay = from?.dayNumber ?? span.lowerBound
        let lastDay = to?.dayNumber ?? span.upperBound
        switch kind {
        case .daily:
            return try store.days(scope: scopeID, pollutant: .pm25, profile: profile, from: firstDay, to: lastDay).map { day in
                SeriesPoint(time: "\(CivilDate(dayNumber: day.dayNumber))", value: day.mean,
                            coverage: Double(day.observed) / Double(max(day.expected, 1)), valid: day.valid)
            }
        case .monthly:
            return []
        case .hourly, .rolling:
            let window = window ?? .h24
            if kind == .rolling, let days = window.days {
                return try rollingDays(scopeID: scopeID, window: days, firstDay: firstDay, lastDay: lastDay, profile: profile)
            }
            guard let station else {
                throw DomainError("hourly series are kept per station; query a city with `daily` or a day window (7d, 30d, 365d)")
            }
            let from = UTCHour(firstDay * 24), to = UTCHour((lastDay + 1) * 24)
            if kind == .hourly {
                let values = try store.hourlyValues(station: station, pollutant: .pm25, from: from, to: to)
                return values.map { SeriesPoint(time: "\($0.hour)", value: $0.value, coverage: 1, valid: true) }
            }
            return try store.rollingHours(station: station, pollutant: .pm25, from: from, to: to).map { row in
                if window == .nowcast {
                    return SeriesPoint(time: "\(row.hour)", value: row.nowcast, coverage: Double(row.hours12) / 12, valid: row.nowcast != nil)
                }
                return SeriesPoint(time: "\(row.hour)", value: row.sum24 / Double(row.hours24), coverage: Double(row.hours24) / 24,
                                   valid: row.hours24 >= 18)
            }
        }
    }

    private func resolve(_ scope: ReportScope) throws -> (Int64, Int64?) {
        switch scope {
        case .station(let id):
            guard let station = try store.station(code: id) else { throw DomainError("unknown station '\(id)'") }
            return (station.scopeID, station.id)
        case .city(let name):
            guard let scope = try store.scopeID(kind: "city", code: name) else { throw DomainError("no data for city '\(name)'") }
            return (scope, nil)
        case .region:
            throw DomainError("regions are resolved by regionPoints")
        }
    }

    private func rollingDays(scopeID: Int64, window: Int, firstDay: Int, lastDay: Int, profile: ValidityProfile) throws -> [SeriesPoint] {
        guard let column = RollingDay.windows.firstIndex(of: window) else { return [] }
        return try store.rollingDays(scope: scopeID, pollutant: .pm25, profile: profile, from: firstDay, to: lastDay).compactMap { row in
            let count = row.counts[column]
            guard count > 0 else { return nil }
            return SeriesPoint(time: "\(CivilDate(dayNumber: row.dayNumber))", value: row.sums[column] / Double(count),
                               coverage: Double(count) / Double(window), valid: Double(count) >= 0.75 * Double(window))
        }
    }

    /// A region's days: the equal-weight mean of the member cities' valid daily means that exist,
    /// valid with at least one city; coverage is the share of member cities used, so a day resting on
    /// few cities shows it (a region's annual figure is stricter: every member city must have one). Day windows average these days like any other scope's. Computed when queried,
    /// because a region is configuration, not a stored scope: changing its cities needs no rebuild.
    private func regionPoints(id: String, kind: Kind, window: Window?, from: CivilDate?, to: CivilDate?,
                              profile: ValidityProfile) throws -> [SeriesPoint] {
        let region = try ScopeLookup(store: store, regions: regions).region(id)
        let days: Int
        switch (kind, window) {
        case (.daily, _): days = 1
        case (.rolling, let w?) where w.days != nil: days = w.days!
        default:
            throw DomainError("regions have daily series and day windows (7d, 30d, 365d) only; hours are kept per station")
        }
        var scopes: [Int64] = []
        var span: ClosedRange<Int>?
        for city in region.cities {
            guard let scope = try store.scopeID(kind: "city", code: city) else { continue }
            scopes.append(scope)
            if let s = try store.daySpan(scope: scope, pollutant: .pm25, profile: profile) {
                span = span.map { min($0.lowerBound, s.lowerBound)...max($0.upperBound, s.upperBound) } ?? s
            }
        }
        guard let span else { return [] }
        let firstDay = from?.dayNumber ?? span.lowerBound, lastDay = to?.dayNumber ?? span.upperBound
        guard firstDay <= lastDay else { return [] }
        let readFrom = firstDay - days + 1
        var sums: [Int: (sum: Double, used: Int)] = [:]
        for scope in scopes {
            for day in try store.days(scope: scope, pollutant: .pm25, profile: profile, from: readFrom, to: lastDay) where day.valid {
                guard let mean = day.mean else { continue }
                sums[day.dayNumber, default: (0, 0)].sum += mean
                sums[day.dayNumber, default: (0, 0)].used += 1
            }
        }
        let members = Double(max(region.cities.count, 1))
        if kind == .daily {
            return (firstDay...lastDay).compactMap { day in
                guard let entry = sums[day] else { return nil }
                return SeriesPoint(time: "\(CivilDate(dayNumber: day))", value: entry.sum / Double(entry.used),
                                   coverage: Double(entry.used) / members, valid: true)
            }
        }
        var points: [SeriesPoint] = []
        for label in firstDay...lastDay {
            let means = (label - days + 1...label).compactMap { day in sums[day].map { $0.sum / Double($0.used) } }
            guard !means.isEmpty else { continue }
            points.append(SeriesPoint(time: "\(CivilDate(dayNumber: label))", value: means.reduce(0, +) / Double(means.count),
                                      coverage: Double(means.count) / Double(days), valid: Double(means.count) >= 0.75 * Double(days)))
        }
        return points
    }
}
