import AirtrendDomain
import AirtrendStore

/// Reads what each chart needs from the store and builds it, so every figure a chart shows is the
/// one `airtrend report` and `airtrend query` print for the same store.
///
/// Errors are ``ChartError``s whose message says what is missing and what to try: a scope or
/// year without enough data is ``ChartError/notEnoughData(_:)``, never an empty chart.
public struct ChartQuery {
    let store: any ReportStore
    let regions: [Region]
    /// The configured published figures: the annual chart marks its scope's, and may take one as the baseline.
    let published: [PublishedFigure]

    public init(store: any ReportStore, regions: [Region], published: [PublishedFigure] = []) {
        self.store = store
        self.regions = regions
        self.published = published
    }

    /// The SVG a request asks for.
    public func svg(_ request: ChartRequest) throws(ChartError) -> String {
        try request.validate()
        switch request.kind {
        case .annual:
            return try annual(scope: request.scope, baseline: request.baseline, from: request.from?.year, to: request.to?.year,
                              profile: request.profile, targetPercent: request.targetPercent, published: request.published,
                              baselineSource: request.baselineSource).svg()
        case .monthly:
            return try monthly(scope: request.scope, from: request.from?.year, to: request.to?.year, profile: request.profile).svg()
        case .calendar:
            return try calendar(scope: request.scope, year: request.year, profile: request.profile, scale: request.scale).svg()
        case .rolling:
            return try rolling(scope: request.scope, from: request.from, to: request.to, profile: request.profile, scale: request.scale).svg()
        }
    }

    /// The annual chart, built from the same ``ReductionReport`` as `airtrend report` (the same baseline: measured when
    /// the store has an annual figure for it, else published).
    /// - Parameter published: figures to mark; empty marks the configured ones of the scope.
    public func annual(scope: ReportScope, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile, targetPercent: Double? = nil,
                       published: [PublishedFigure] = [], baselineSource: ReductionReport.BaselineSource = .auto) throws(ChartError) -> AnnualChart {
        let report = try reduction(scope: scope, baseline: baseline, from: from, to: to, profile: profile, baselineSource: baselineSource)
        return try annual(report: report, scope: scope, from: from, to: to, targetPercent: targetPercent, published: published)
    }

    /// The annual chart of a report already made (the HTML page reuses its report).
    /// - Parameter published: figures to mark; empty marks the configured ones of the report's scope.
    public func annual(report: ReductionReport, scope: ReportScope, from: Int? = nil, to: Int? = nil, targetPercent: Double? = nil,
                       published: [PublishedFigure] = []) throws(ChartError) -> AnnualChart {
        let marked = published.isEmpty
            ? self.published.filter { $0.scope == report.scope && $0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) }.sorted { $0.year < $1.year }
            : published
        let years = report.rows.map { row in
            AnnualChart.Year(year: row.year, mean: row.statistics.mean, validDays: row.statistics.validDays,
                             expectedDays: row.statistics.expectedDays, validMonths: row.statistics.validMonths,
                             monthsWithData: row.monthsWithData, complete: row.statistics.complete, changePercent: row.changePercent)
        }
        guard years.contains(where: { $0.mean != nil }) else {
            // A region with cities missing has rows but no figure: say why rather than "no data".
            if let why = report.rows.lazy.compactMap(\.regionNoFigure).last {
                throw .notEnoughData("no annual mean for \(report.scope) in the years asked for (\(why) in \(report.rows.last!.year)): a region has a figure only in years when every member city has an annual figure; import its cities' stations, or chart a city")
            }
            throw .notEnoughData("no annual mean for \(report.scope) in the years asked for; widen --from/--to or import data")
        }
        let (trend, note) = ChartTrends.annual(TrendQuery(store: store, regions: regions), scope: scope, from: from, to: to,
                                               profile: report.profile)
        let valid = years.reduce(0) { $0 + $1.validDays }, expected = years.reduce(0) { $0 + $1.expectedDays }
        let coverage = report.kind == .region
            ? "Each year is the equal-weight mean of the member cities' annual means (\(report.rows.last?.members?.used.count ?? 0) cities in \(report.rows.last?.year ?? 0))."
            : "\(valid) of \(expected) days valid over the years shown."
        return AnnualChart(scope: report.scope, scopeName: scopeName(scope), profile: report.profile, years: years,
                           baselineYear: report.baselineYear, baselineMean: report.baseline.value,
                           baselinePublished: report.baseline.kind == .published, targetPercent: targetPercent,
                           published: marked, trend: trend, trendNote: note, coverage: coverage)
    }

    /// The monthly chart: stored months of a station or city; a region's months from its daily series.
    public func monthly(scope: ReportScope, from: Int?, to: Int?, profile: ValidityProfile) throws(ChartError) -> MonthlyChart {
        let months = try wrapped { () throws -> [MonthStatistics] in
            try store.ensureProfile(profile)
            if case .region = scope {
                // A region's month as `airtrend trend --series monthly` takes it, so dots and trend agree.
                return try TrendQuery(store: store, regions: regions)
                    .monthlyStatistics(scope, profile: profile, lookup: ScopeLookup(store: store, regions: regions))
                    .filter { $0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) }
            }
            return try store.monthlyStatistics(scope: try scopeID(scope), pollutant: .pm25, profile: profile)
                .filter { $0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) }
        }
        let chartMonths = months.filter { $0.validDays > 0 }.map {
            MonthlyChart.Month(year: $0.year, month: $0.month, mean: $0.mean, validDays: $0.validDays, expectedDays: $0.expectedDays,
                               requiredDays: $0.requiredDays, valid: $0.valid)
        }
        guard chartMonths.contains(where: \.valid) else {
            throw .notEnoughData("no valid month for \(scope.label) under \(profile.name)\(Self.span(from, to)): a month needs "
                                 + "\(profile.minDaysPerMonth(month: 1)) valid days (\(profile.minDaysPerMonth(month: 2)) in February); import more data or widen --from/--to")
        }
        let (trend, note) = ChartTrends.monthly(TrendQuery(store: store, regions: regions), scope: scope, from: from, to: to, profile: profile)
        let valid = chartMonths.filter(\.valid).count
        let days = chartMonths.reduce(0) { $0 + $1.validDays }
        return MonthlyChart(scope: scope.label, scopeName: scopeName(scope), profile: profile, months: chartMonths, trend: trend,
                            trendNote: note, coverage: "\(valid) of \(chartMonths.count) months with data are valid; \(days) valid days in all.")
    }

    /// The calendar of one year; by default the last complete year, else the last year with a valid day.
    public func calendar(scope: ReportScope, year: Int?, profile: ValidityProfile, scale: CategoryScale) throws(ChartError) -> CalendarChart {
        let chosen: Int
        if let year { chosen = year } else { chosen = try lastCompleteYear(scope: scope, profile: profile) }
        let points = try wrapped {
            try SeriesQuery(store: store, regions: regions).points(kind: .daily, window: nil, scope: scope,
                                                                   from: CivilDate(year: chosen, month: 1, day: 1),
                                                                   to: CivilDate(year: chosen, month: 12, day: 31), profile: profile)
        }
        let days = points.compactMap { point -> CalendarChart.Day? in
            Self.date(point.time).map { CalendarChart.Day(date: $0, value: point.value, valid: point.valid, coverage: point.coverage) }
        }
        let valid = days.filter { $0.valid && $0.value != nil }.count
        guard valid > 0 else {
            throw .notEnoughData("no valid day for \(scope.label) in \(chosen) under \(profile.name); "
                                 + "choose a --year with data (see `airtrend report \(Self.flag(scope))`)")
        }
        return CalendarChart(scope: scope.label, scopeName: scopeName(scope), profile: profile, year: chosen, days: days, scale: scale,
                             coverage: "\(valid) of \(CivilDate.daysInYear(chosen)) days valid.")
    }

    /// The rolling chart of a station; by default its last 14 days with data.
    public func rolling(scope: ReportScope, from: CivilDate?, to: CivilDate?, profile: ValidityProfile,
                        scale: CategoryScale) throws(ChartError) -> RollingChart {
        guard case .station(let id) = scope else {
            throw .invalidRequest("rolling charts need hourly data, which is kept per station: give --station ID")
        }
        let newest = try wrapped { () throws -> UTCHour? in
            guard try store.station(code: id) != nil else { throw DomainError("unknown station '\(id)'; \(try knownStations())") }
            return try store.newestHour(station: id)
        }
        guard let newest else { throw .notEnoughData("station \(id) has no hourly data; import some first") }
        let last = to ?? from.map { CivilDate(dayNumber: min($0.dayNumber + 13, newest.date.dayNumber)) } ?? newest.date
        let first = from ?? CivilDate(dayNumber: last.dayNumber - 13)
        let request = ChartRequest(kind: .rolling, scope: scope, profile: profile, from: first, to: last)
        try request.validate()
        let query = SeriesQuery(store: store, regions: regions)
        let (mean, nowcast) = try wrapped {
            (try query.points(kind: .rolling, window: .h24, scope: scope, from: first, to: last, profile: profile),
             try query.points(kind: .rolling, window: .nowcast, scope: scope, from: first, to: last, profile: profile))
        }
        func points(_ list: [SeriesPoint]) -> [RollingChart.Point] {
            list.compactMap { p in Self.hour(p.time).map { RollingChart.Point(hour: $0, value: p.value, valid: p.valid, coverage: p.coverage) } }
        }
        let chartMean = points(mean), chartNowcast = points(nowcast)
        let validMeans = chartMean.filter(\.valid).count, validNowcasts = chartNowcast.filter { $0.valid && $0.value != nil }.count
        guard validMeans + validNowcasts > 0 else {
            throw .notEnoughData("station \(id) has no valid 24-hour mean or NowCast from \(first) to \(last) (UTC); its newest hour is \(newest)")
        }
        let hours = (last.dayNumber - first.dayNumber + 1) * 24
        return RollingChart(scope: scope.label, scopeName: scopeName(scope), profile: profile, from: first, to: last, mean24: chartMean,
                            nowcast: chartNowcast, scale: scale,
                            coverage: "\(validMeans) of \(hours) hours have a valid 24-hour mean, \(validNowcasts) a NowCast.")
    }

    // MARK: - Helpers

    /// The reduction report, with its errors as chart errors.
    public func reduction(scope: ReportScope, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile,
                          baselineSource: ReductionReport.BaselineSource = .auto, targetPercent: Double? = nil) throws(ChartError) -> ReductionReport {
        try wrapped {
            try ReductionQuery(store: store, regions: regions, published: published)
                .report(.init(scope: scope, baselineYear: baseline, from: from, to: to, profile: profile, baselineSource: baselineSource,
                              targetPercent: targetPercent))
        }
    }

    /// The last year the profile calls complete; else the last year with any valid day.
    func lastCompleteYear(scope: ReportScope, profile: ValidityProfile) throws(ChartError) -> Int {
        let years = try wrapped { () throws -> [YearStatistics] in
            try store.ensureProfile(profile)
            if case .region(let id) = scope {
                // A region's year combines its member cities' years, as in its report.
                guard let region = regions.first(where: { $0.id == id }) else { throw DomainError("unknown region '\(id)'") }
                let (cityYears, months) = try ScopeLookup(store: store, regions: regions).cityYears(of: region, profile: profile)
                return RegionYear.combine(members: region.cities, years: cityYears, monthsWithData: months).map(\.statistics)
            }
            return try store.annualStatistics(scope: try scopeID(scope), pollutant: .pm25, profile: profile)
        }
        if let complete = years.last(where: \.complete) { return complete.year }
        if let any = years.last(where: { $0.validDays > 0 }) { return any.year }
        throw .notEnoughData("no valid day for \(scope.label) under \(profile.name); import data first")
    }

    func scopeID(_ scope: ReportScope) throws -> Int64 {
        switch scope {
        case .station(let id):
            guard let station = try store.station(code: id) else { throw DomainError("unknown station '\(id)'; \(try knownStations())") }
            return station.scopeID
        case .city(let name):
            guard let id = try store.scopeID(kind: "city", code: name) else {
                let known = try store.cities().map(\.city)
                throw DomainError("no data for city '\(name)'; cities with stations: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            }
            return id
        case .region(let id):
            throw DomainError("region '\(id)' has no stored scope")
        }
    }

    private func knownStations() throws -> String {
        let known = try store.stations().map(\.station.id)
        return "the store has " + (known.isEmpty ? "no stations (import data first)" : known.joined(separator: ", "))
    }

    /// The name people know a scope by: the station's name, the city, the region's name.
    public func scopeName(_ scope: ReportScope) -> String? {
        switch scope {
        case .station(let id): (try? store.station(code: id))??.station.name
        case .city(let name): name
        case .region(let id): regions.first { $0.id == id }?.name
        }
    }

    /// Runs `body`, turning a ``DomainError`` into ``ChartError/notEnoughData(_:)`` and anything else into a store failure.
    func wrapped<T>(_ body: () throws -> T) throws(ChartError) -> T {
        do { return try body() }
        catch let error as ChartError { throw error }
        catch let error as DomainError { throw .notEnoughData(error.message) }
        // A profile the store does not keep is no data for it: the message says how to add it.
        catch let error as StoreError where error.kind == .profileNotKept { throw .notEnoughData(error.message) }
        catch { throw .storeFailure("\(error)") }
    }

    static func date(_ text: String) -> CivilDate? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }

    static func hour(_ text: String) -> UTCHour? {
        guard let date = date(text), text.count >= 13, let hour = Int(text.dropFirst(11).prefix(2)) else { return nil }
        return UTCHour(date: date, hour: hour)
    }

    static func span(_ from: Int?, _ to: Int?) -> String {
        switch (from, to) {
        case (nil, nil): ""
        case let (f?, nil): " from \(f)"
        case let (nil, t?): " up to \(t)"
        case let (f?, t?): " in \(f)–\(t)"
        }
    }

    static func flag(_ scope: ReportScope) -> String {
        switch scope {
        case .station(let id): "--station \(id)"
        case .city(let name): "--city \(name)"
        case .region(let id): "--region \(id)"
        }
    }
}
