import AirtrendDomain
import AirtrendStore

/// Assembles the reduction report for a station, city or region from the store and the published figures.
///
/// Regions come from the configuration, not the store: their figure is computed here from the member
/// cities' stored rows, so changing a region's membership never needs a recomputation. Published figures
/// come from the configuration too (`published:`); they are set beside the measured figures and can be
/// the baseline (``ReductionReport/BaselineSource``).
public struct ReductionQuery {
    /// What to report.
    public struct Request: Sendable {
        public var scope: ReportScope
        public var baselineYear: Int
        /// First and last year (or season label) to list; the baseline is always looked up.
        public var from: Int?
        public var to: Int?
        public var profile: ValidityProfile
        public var baselineSource: ReductionReport.BaselineSource
        /// Same-month comparison: each row is the mean of these months' valid days (nil: calendar years).
        public var months: MonthSelection?
        /// Per cent change to judge each change against (negative for a fall).
        public var targetPercent: Double?

        public init(scope: ReportScope, baselineYear: Int, from: Int? = nil, to: Int? = nil, profile: ValidityProfile = .default,
                    baselineSource: ReductionReport.BaselineSource = .auto, months: MonthSelection? = nil, targetPercent: Double? = nil) {
            self.scope = scope
            self.baselineYear = baselineYear
            self.from = from
            self.to = to
            self.profile = profile
            self.baselineSource = baselineSource
            self.months = months
            self.targetPercent = targetPercent
        }
    }

    let store: any ReportStore
    let regions: [Region]
    let published: [PublishedFigure]

    public init(store: any ReportStore, regions: [Region], published: [PublishedFigure] = []) {
        self.store = store
        self.regions = regions
        self.published = published
    }

    private var lookup: ScopeLookup { ScopeLookup(store: store, regions: regions) }

    /// The report of calendar years against a baseline chosen by `auto`.
    public func report(scope: ReportScope, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile) throws -> ReductionReport {
        try report(Request(scope: scope, baselineYear: baseline, from: from, to: to, profile: profile))
    }

    /// The report, or a ``DomainError`` that says what is missing and what to do.
    public func report(_ request: Request) throws -> ReductionReport {
        try store.ensureProfile(request.profile)
        if request.months != nil && request.baselineSource == .published {
            throw DomainError("published figures are annual means: a same-month comparison (--months) takes a measured baseline")
        }
        switch request.scope {
        case .station(let id):
            return try scopeReport(kind: .station, code: id, scopeID: try lookup.storedScope(request.scope), request: request)
        case .city(let name):
            return try scopeReport(kind: .city, code: name, scopeID: try lookup.storedScope(request.scope), request: request)
        case .region(let id):
            return try regionReport(id: id, request: request)
        }
    }

    // MARK: - Stations and cities

    private func scopeReport(kind: ReductionReport.ScopeKind, code: String, scopeID: Int64, request: Request) throws -> ReductionReport {
        let label = "\(kind.rawValue):\(code)"
        var rows = try figures(scopeID: scopeID, profile: request.profile, months: request.months)
        let ownPublished = published.of(scope: label)
        if request.months == nil {
            for index in rows.indices { rows[index].published = ownPublished[rows[index].year] }
        }
        var otherStations: [(String, StationRole)] = []
        if kind == .city {
            let stations = try store.cityStations(city: code, pollutant: .pm25, profile: request.profile)
            otherStations = stations.filter { $0.role != .assessment }.map { ($0.code, $0.role) }
            let assessment = stations.filter { $0.role == .assessment }
            // The series simply stops at the newest day: for a live network that is today, not a station leaving.
            let newest = assessment.compactMap { $0.dataSpan?.upperBound }.max()
            for index in rows.indices {
                let periods = Self.periods(of: rows[index].year, months: request.months)
                let days = periods.first!.lowerBound...periods.last!.upperBound
                rows[index].members = .init(used: try store.cityMembers(stations, pollutant: .pm25, profile: request.profile, days: days))
                rows[index].stationSetChanges = Self.setChanges(assessment, periods: periods, newest: newest)
            }
        }
        let baseline = try chooseBaseline(request, scope: label, rows: rows, published: ownPublished[request.baselineYear])
        var report = ReductionReport(scope: label, kind: kind, profile: request.profile, baseline: baseline, rows: rows,
                                     from: request.from, to: request.to, months: request.months, targetPercent: request.targetPercent)
        report.otherStations = otherStations
        return report
    }

    /// One row per year (or season label) with data: statistics, months with data, AQI day counts and mean day coverage.
    private func figures(scopeID: Int64, profile: ValidityProfile, months: MonthSelection?) throws -> [ReductionReport.Row] {
        guard let span = try store.daySpan(scope: scopeID, pollutant: .pm25, profile: profile) else { return [] }
        let days = try store.days(scope: scopeID, pollutant: .pm25, profile: profile, from: span.lowerBound, to: span.upperBound)
        var rows: [ReductionReport.Row] = []
        if let months {
            let labels = Set(days.compactMap { day -> Int? in
                let date = CivilDate(dayNumber: day.dayNumber)
                return months.label(year: date.year, month: date.month)
            })
            for label in labels.sorted() {
                let (statistics, withData) = PeriodStatistics.season(months, labelled: label, days: days, profile: profile)
                rows.append(.init(year: label, statistics: statistics, monthsWithData: withData))
            }
        } else {
            let withData = try store.monthsWithData(scope: scopeID, pollutant: .pm25, profile: profile)
            rows = try store.annualStatistics(scope: scopeID, pollutant: .pm25, profile: profile).map {
                .init(year: $0.year, statistics: $0, monthsWithData: withData[$0.year] ?? 0)
            }
        }
        // Each reported period's valid days by AQI category, and its mean day coverage, from one read of the daily rows.
        var hj633: [Int: AQIDayCounts] = [:], epa: [Int: AQIDayCounts] = [:]
        var coverage: [Int: (sum: Double, days: Int)] = [:]
        for day in days {
            let date = CivilDate(dayNumber: day.dayNumber)
            guard let label = months.map({ $0.label(year: date.year, month: date.month) }) ?? date.year else { continue }
            coverage[label, default: (0, 0)].sum += Double(day.observed) / Double(max(day.expected, 1))
            coverage[label, default: (0, 0)].days += 1
            guard day.valid, let mean = day.mean else { continue }
            hj633[label, default: AQIDayCounts(scale: .hj633_2012)].add(dailyMean: mean)
            epa[label, default: AQIDayCounts(scale: .epa2024)].add(dailyMean: mean)
        }
        for index in rows.indices {
            let label = rows[index].year
            rows[index].hj633Days = hj633[label] ?? AQIDayCounts(scale: .hj633_2012)
            rows[index].epaDays = epa[label] ?? AQIDayCounts(scale: .epa2024)
            rows[index].meanCoverage = coverage[label].map { $0.sum / Double($0.days) }
        }
        return rows
    }

    /// The calendar months of a row as local day ranges: its year, or its season's months.
    static func periods(of label: Int, months: MonthSelection?) -> [ClosedRange<Int>] {
        guard let months else {
            return [CivilDate.dayNumber(year: label, month: 1, day: 1)...CivilDate.dayNumber(year: label, month: 12, day: 31)]
        }
        return months.periods(labelled: label).map { period -> ClosedRange<Int> in
            let last = CivilDate.daysInMonth(year: period.year, month: period.month)
            return CivilDate.dayNumber(year: period.year, month: period.month, day: 1)...CivilDate.dayNumber(year: period.year, month: period.month, day: last)
        }
    }

    /// Assessment stations whose service starts or ends inside the periods (an end on the city's newest day
    /// is where the data stops, not a station leaving).
    static func setChanges(_ members: [CityMember], periods: [ClosedRange<Int>], newest: Int?) -> [ReductionReport.StationSetChange] {
        var changes: [ReductionReport.StationSetChange] = []
        for member in members {
            guard let span = member.inService else { continue }
            if periods.contains(where: { $0.contains(span.lowerBound) }) {
                changes.append(.init(station: member.code, event: .starts, date: CivilDate(dayNumber: span.lowerBound)))
            }
            if span.upperBound != newest, periods.contains(where: { $0.contains(span.upperBound) }) {
                changes.append(.init(station: member.code, event: .ends, date: CivilDate(dayNumber: span.upperBound)))
            }
        }
        return changes
    }

    // MARK: - Baselines

    /// The baseline a request asks for, or a ``DomainError`` when an explicit source has none (or, for
    /// `auto`, when the baseline year holds no valid day and nothing is published for it).
    private func chooseBaseline(_ request: Request, scope: String, rows: [ReductionReport.Row], published: PublishedFigure?,
                                failing: Bool = true) throws -> ReductionReport.Baseline {
        let year = request.baselineYear
        let period = request.months?.months.count ?? 12
        let what = request.months.map { "\($0) \(year)" } ?? String(year)
        let row = rows.first { $0.year == year }
        let measured = row.flatMap { ReductionReport.hasFigure($0, period: period) ? $0 : nil }
        let publishedBaseline = request.months == nil ? published.map {
            ReductionReport.Baseline(year: year, kind: .published, value: $0.value, complete: true, source: $0.source, note: $0.note)
        } : nil
        let measuredBaseline = measured.map {
            ReductionReport.Baseline(year: year, kind: .measured, value: $0.statistics.mean, complete: $0.statistics.complete)
        }
        // Why the store's own figure is not one.
        let why: String
        if let row, let region = row.regionNoFigure {
            why = "\(scope) has \(region.replacingOccurrences(of: ": ", with: " for \(what) (")))"
        } else if let row, row.statistics.validDays > 0 {
            why = "\(scope) has no \(request.months == nil ? "annual " : "")figure for \(what) (data in \(row.monthsWithData ?? 0) of \(period) months)"
        } else {
            why = "the store has no valid day of \(scope) in \(what)"
        }
        let noData = row == nil || row!.statistics.validDays == 0
        func fail(_ message: String) throws -> ReductionReport.Baseline {
            guard failing else { return .init(year: year, kind: nil, value: nil, complete: false, missing: message) }
            throw DomainError(message)
        }
        switch request.baselineSource {
        case .measured:
            if let measuredBaseline { return measuredBaseline }
            if noData && failing {
                throw ReductionReport.noBaseline(scope: scope, year: year, profile: request.profile, years: rows.map(\.statistics),
                                                 period: request.months.map { "\($0) \($0.months.count == 1 ? "month" : "season")" })
            }
            return try fail("\(why): no change can be made against it; use --baseline-source auto or published, or choose another --baseline")
        case .published:
            if let publishedBaseline { return publishedBaseline }
            let years = self.published.filter { $0.scope == scope }.map { String($0.year) }
            return try fail("no published figure for \(scope) in \(year) (published: \(years.isEmpty ? "none" : years.joined(separator: ", "))); add it under published: in the config, or use --baseline-source measured")
        case .auto:
            if let measuredBaseline { return measuredBaseline }
            if let publishedBaseline { return publishedBaseline }
            if noData && failing {
                throw ReductionReport.noBaseline(scope: scope, year: year, profile: request.profile, years: rows.map(\.statistics),
                                                 period: request.months.map { "\($0) \($0.months.count == 1 ? "month" : "season")" },
                                                 published: request.months != nil)
            }
            let advice = request.months == nil ? "; add its published figure under published: in the config or choose another --baseline"
                : "; choose another --baseline"
            return .init(year: year, kind: nil, value: nil, complete: false,
                         missing: "\(why)\(request.months == nil ? " and nothing is published for it" : "")\(advice)")
        }
    }

    // MARK: - Regions

    private func regionReport(id: String, request: Request) throws -> ReductionReport {
        let region = try lookup.region(id)
        let scopes = try lookup.cityScopes(of: region)
        guard !scopes.isEmpty else {
            throw DomainError("no annual figure for region '\(id)': none of its \(region.cities.count) cities has any data in the store; import station data with a city: (\(region.cities.joined(separator: ", ")))")
        }
        // Each member city's figures by the same rules as its own report: years or seasons, with months with data.
        var cityRows: [String: [ReductionReport.Row]] = [:]
        for (city, scope) in scopes {
            cityRows[city] = try figures(scopeID: scope, profile: request.profile, months: request.months)
        }
        let period = request.months?.months.count ?? 12
        let combined = RegionYear.combine(
            members: region.cities, years: cityRows.mapValues { $0.map(\.statistics) },
            monthsWithData: cityRows.mapValues { Dictionary($0.map { ($0.year, $0.monthsWithData ?? 0) }, uniquingKeysWith: max) },
            periodMonths: period
        )
        let label = "region:\(id)"
        let ownPublished = published.of(scope: label)
        let rows = combined.map { year -> ReductionReport.Row in
            var row = ReductionReport.Row(year: year.year, statistics: year.statistics, monthsWithData: year.monthsWithData,
                                          members: .init(used: year.present, incomplete: year.incomplete))
            row.regionNoFigure = year.noFigure
            if request.months == nil { row.published = ownPublished[year.year] }
            return row
        }
        let baseline = try chooseBaseline(request, scope: label, rows: rows, published: ownPublished[request.baselineYear])
        var report = ReductionReport(scope: label, kind: .region, profile: request.profile, baseline: baseline, rows: rows,
                                     from: request.from, to: request.to, months: request.months, targetPercent: request.targetPercent)
        // The member block: the latest reported year in which some member city has a figure, each city against
        // its own baseline by the report's rules.
        let shown = report.rows.last { row in region.cities.contains { city in
            cityRows[city]?.first { $0.year == row.year }.map { ReductionReport.hasFigure($0, period: period) } ?? false
        } }?.year ?? report.rows.last?.year
        if let shown {
            report.memberLines = try region.cities.map { city in
                let rows = cityRows[city] ?? []
                let row = rows.first { $0.year == shown }
                var cityRequest = request
                cityRequest.scope = .city(city)
                let baseline = try chooseBaseline(cityRequest, scope: "city:\(city)", rows: rows,
                                                  published: published.of(scope: "city:\(city)")[request.baselineYear], failing: false)
                return ReductionReport.MemberLine(city: city, statistics: row?.statistics,
                                                  hasFigure: row.map { ReductionReport.hasFigure($0, period: period) } ?? false,
                                                  baseline: baseline, targetPercent: request.targetPercent)
            }
        }
        return report
    }
}
