import AirtrendDomain
import AirtrendStore

/// Hourly, daily and rolling series of a station or city, read from the store.
///
/// Rolling windows are computed when queried, from the stored hours and days, so they are
/// always exact; they are labelled by the last hour (or day) of their trailing window.
/// - `24h`: mean of the hours present in the 24 hours ending with the labelled one; valid
///   with at least 18 of them (75 %, the completeness EPA and the EU use for running means;
///   GB 3095's 20-hour rule is for calendar days, which `daily` applies).
/// - `nowcast`: the EPA NowCast of the 12 hours ending with the labelled one.
/// - `7d`, `30d`, `365d`: mean of the valid daily means in the window; valid with at least
///   75 % of its days.
public struct SeriesQuery {
    public enum Kind: String, Sendable, CaseIterable { case hourly, daily, rolling }
    public enum Window: String, Sendable, CaseIterable {
        case h24 = "24h", nowcast, d7 = "7d", d30 = "30d", d365 = "365d"
        var days: Int? { switch self { case .d7: 7; case .d30: 30; case .d365: 365; default: nil } }
    }

    let store: SQLiteStore

    public init(store: SQLiteStore) { self.store = store }

    /// The series, or a ``DomainError`` saying what is missing.
    ///
    /// - Parameters:
    ///   - from: first date (local for days, UTC for hours), inclusive; nil = the start of the data.
    ///   - to: last date, inclusive; nil = the end of the data.
    public func points(kind: Kind, window: Window?, scope: ReportScope, from: CivilDate?, to: CivilDate?, profile: ValidityProfile) throws -> [SeriesPoint] {
        try store.ensureProfile(profile)
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
        case .hourly, .rolling:
            let window = window ?? .h24
            if kind == .rolling, let days = window.days {
                return try rollingDays(scopeID: scopeID, window: days, firstDay: firstDay, lastDay: lastDay, profile: profile)
            }
            guard let station else {
                throw DomainError("hourly series are kept per station; query a city with `daily` or a day window (7d, 30d, 365d)")
            }
            let from = UTCHour(firstDay * 24), to = UTCHour((lastDay + 1) * 24)
            let lookback = kind == .rolling ? 24 : 0
            let values = try store.hourlyValues(station: station, pollutant: .pm25, from: from + (-lookback), to: to)
            if kind == .hourly {
                return values.map { SeriesPoint(time: "\($0.hour)", value: $0.value, coverage: 1, valid: true) }
            }
            return rollingHours(values, window: window, from: from, to: to)
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
            throw DomainError("regions have annual figures only: use `airtrend report --region`")
        }
    }

    private func rollingHours(_ values: [(hour: UTCHour, value: Double)], window: Window, from: UTCHour, to: UTCHour) -> [SeriesPoint] {
        var byHour: [Int: Double] = [:]
        for (hour, value) in values { byHour[hour.value] = value }
        var points: [SeriesPoint] = []
        var hour = from.value
        while hour < to.value {
            defer { hour += 1 }
            let last24 = (0..<24).map { byHour[hour - $0] }
            guard last24[0] != nil || last24.prefix(3).compactMap({ $0 }).count >= 2 else { continue }
            switch window {
            case .nowcast:
                let value = NowCast.pm25(newestFirst: Array(last24.prefix(12)))
                points.append(SeriesPoint(time: "\(UTCHour(hour))", value: value,
                                          coverage: Double(last24.prefix(12).compactMap { $0 }.count) / 12, valid: value != nil))
            default:
                let present = last24.compactMap { $0 }
                points.append(SeriesPoint(time: "\(UTCHour(hour))", value: present.isEmpty ? nil : present.reduce(0, +) / Double(present.count),
                                          coverage: Double(present.count) / 24, valid: present.count >= 18))
            }
        }
        return points
    }

    private func rollingDays(scopeID: Int64, window: Int, firstDay: Int, lastDay: Int, profile: ValidityProfile) throws -> [SeriesPoint] {
        let days = try store.days(scope: scopeID, pollutant: .pm25, profile: profile, from: firstDay - window + 1, to: lastDay)
        var means: [Int: Double] = [:]
        for day in days where day.valid { if let mean = day.mean { means[day.dayNumber] = mean } }
        var points: [SeriesPoint] = []
        var sum = 0.0, count = 0
        for day in (firstDay - window + 1)...lastDay {
            if let mean = means[day] { sum += mean; count += 1 }
            if let leaving = means[day - window] { sum -= leaving; count -= 1 }
            guard day >= firstDay, means[day] != nil || count > 0 else { continue }
            points.append(SeriesPoint(time: "\(CivilDate(dayNumber: day))", value: count > 0 ? sum / Double(count) : nil,
                                      coverage: Double(count) / Double(window), valid: Double(count) >= 0.75 * Double(window)))
        }
        return points
    }
}
