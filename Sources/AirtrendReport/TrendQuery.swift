import AirtrendDomain
import AirtrendStore

/// Builds a ``TrendReport`` for a station, city or region from the store.
///
/// - `annual`: the scope's annual figures under the profile. Only complete years count, unless
///   `includeProvisional` admits incomplete years, which are then marked. A year with data in
///   fewer than 12 months never counts (it has no annual figure, as in `report`).
/// - `monthly`: the means of the valid months (the profile's monthly minimum of valid days);
///   other months are left out, as gaps.
/// - A region's annual figure is the equal-weight mean of its cities' (as in `report`); its month
///   is the equal-weight mean of the valid monthly means of the member cities that have one.
///
/// Throws ``TrendError``: `noData` for an unknown scope, `notEnoughData` below 3 points (the message
/// lists what was left out and how to get more), `invalidRequest` for a contradictory request.
public struct TrendQuery {
    /// What to compute.
    public struct Request: Sendable, Equatable {
        public var scope: ReportScope
        public var series: TrendReport.Series
        /// First and last year to use (inclusive); nil = all.
        public var from: Int?
        public var to: Int?
        public var profile: ValidityProfile
        public var includeProvisional: Bool
        /// A reduction target in percent (e.g. −60) against `baselineYear`'s annual figure.
        public var targetPercent: Double?
        public var baselineYear: Int?
        /// Where the target's baseline figure comes from (as `report --baseline-source`).
        public var baselineSource: ReductionReport.BaselineSource

        public init(scope: ReportScope, series: TrendReport.Series = .annual, from: Int? = nil, to: Int? = nil,
                    profile: ValidityProfile = .default, includeProvisional: Bool = false,
                    targetPercent: Double? = nil, baselineYear: Int? = nil, baselineSource: ReductionReport.BaselineSource = .auto) {
            self.scope = scope
            self.series = series
            self.from = from
            self.to = to
            self.profile = profile
            self.includeProvisional = includeProvisional
            self.targetPercent = targetPercent
            self.baselineYear = baselineYear
            self.baselineSource = baselineSource
        }
    }

    let store: any ReportStore
    let regions: [Region]
    /// The configured published figures, for a published baseline of `--target`.
    let published: [PublishedFigure]

    public init(store: any ReportStore, regions: [Region], published: [PublishedFigure] = []) {
        self.store = store
        self.regions = regions
        self.published = published
    }

    /// One year of the scope as `report` shows it, with the months that hold any valid day.
    private struct AnnualFigure {
        var statistics: YearStatistics
        var monthsWithData: Int
        var year: Int { statistics.year }
        /// A year with data in fewer than 12 months has no annual figure at all.
        var hasFigure: Bool { statistics.mean != nil && monthsWithData == 12 }
    }

    public func report(_ request: Request) throws -> TrendReport {
        try validate(request)
        try store.ensureProfile(request.profile)
        let lookup = ScopeLookup(store: store, regions: regions)
        let name = request.scope.label
        let annual: [AnnualFigure]
        do {
            annual = try annualFigures(request.scope, profile: request.profile, lookup: lookup)
        } catch let error as DomainError {
            throw TrendError.noData(error.message)
        }
        let target = request.targetPercent.map { percent in
            self.target(percent: percent, baselineYear: request.baselineYear!, annual: annual, scope: name, profile: request.profile,
                        source: request.baselineSource)
        }
        let inRange = { (year: Int) in year >= (request.from ?? Int.min) && year <= (request.to ?? Int.max) }
        switch request.series {
        case .annual:
            let years = annual.filter { inRange($0.year) }
            let points = years.filter { $0.hasFigure && ($0.statistics.complete || request.includeProvisional) }.map {
                TrendReport.Point(year: $0.year, value: $0.statistics.mean!, provisional: !$0.statistics.complete)
            }
            let (notes, shortage) = annualNotes(years, request: request)
            return try TrendReport(scope: name, series: .annual, profile: request.profile, points: points, target: target,
                                   notes: notes, shortage: shortage)
        case .monthly:
            let months = try monthlyStatistics(request.scope, profile: request.profile, lookup: lookup).filter { inRange($0.year) }
            let points = months.compactMap { month in
                month.valid ? month.mean.map { TrendReport.Point(year: month.year, month: month.month, value: $0) } : nil
            }
            let invalid = months.count - points.count
            let minimum = request.profile.yearRule == .daysAndEveryMonth ? "27 valid days (25 in February)" : "75 % of its days valid"
            let rule = "a month counts with at least \(minimum) under \(request.profile.name)"
            let notes = invalid > 0 ? ["\(invalid) month\(invalid == 1 ? "" : "s") with data but too few valid days left out (\(rule))"] : []
            return try TrendReport(scope: name, series: .monthly, profile: request.profile, points: points, target: target,
                                   notes: notes, shortage: rule.prefix(1).uppercased() + rule.dropFirst()
                                       + (invalid > 0 ? "; \(invalid) months with data fall short" : "") + ". Import more data or widen --from/--to.")
        }
    }

    private func validate(_ request: Request) throws(TrendError) {
        if let from = request.from, let to = request.to, from > to {
            throw .invalidRequest("--from \(from) is after --to \(to)")
        }
        if request.baselineYear != nil && request.targetPercent == nil {
            throw .invalidRequest("--baseline goes with --target PCT (e.g. --target -60 --baseline 2013)")
        }
        if let percent = request.targetPercent {
            guard percent < 0, percent >= -100 else {
                throw .invalidRequest("--target is a reduction in percent of the baseline figure: a negative number down to -100, e.g. --target -60 (got \(percent))")
            }
            guard request.baselineYear != nil else { throw .invalidRequest("--target needs --baseline YEAR") }
        }
    }

    private func annualFigures(_ scope: ReportScope, profile: ValidityProfile, lookup: ScopeLookup) throws -> [AnnualFigure] {
        if case .region(let id) = scope {
            let region = try lookup.region(id)
            let (years, months) = try lookup.cityYears(of: region, profile: profile)
            return RegionYear.combine(members: region.cities, years: years, monthsWithData: months).map {
                AnnualFigure(statistics: $0.statistics, monthsWithData: $0.monthsWithData)
            }
        }
        let scopeID = try lookup.storedScope(scope)
        let months = try store.monthsWithData(scope: scopeID, pollutant: .pm25, profile: profile)
        return try store.annualStatistics(scope: scopeID, pollutant: .pm25, profile: profile).map {
            AnnualFigure(statistics: $0, monthsWithData: months[$0.year] ?? 0)
        }
    }

    /// The scope's months; a region's month is valid when any member city's is, with the mean of those cities' means.
    func monthlyStatistics(_ scope: ReportScope, profile: ValidityProfile, lookup: ScopeLookup) throws -> [MonthStatistics] {
        do {
            guard case .region(let id) = scope else {
                return try store.monthlyStatistics(scope: lookup.storedScope(scope), pollutant: .pm25, profile: profile)
            }
            var byMonth: [Int: (first: MonthStatistics, sum: Double, valid: Int)] = [:]
            for (_, scopeID) in try lookup.cityScopes(of: lookup.region(id)) {
                for month in try store.monthlyStatistics(scope: scopeID, pollutant: .pm25, profile: profile) {
                    let key = month.year * 12 + month.month
                    var entry = byMonth[key] ?? (month, 0, 0)
                    if month.valid, let mean = month.mean {
                        entry.sum += mean
                        entry.valid += 1
                    }
                    byMonth[key] = entry
                }
            }
            return byMonth.keys.sorted().map { key in
                var month = byMonth[key]!.first
                let (sum, valid) = (byMonth[key]!.sum, byMonth[key]!.valid)
                month.valid = valid > 0
                month.mean = valid > 0 ? sum / Double(valid) : nil
                return month
            }
        } catch let error as DomainError {
            throw TrendError.noData(error.message)
        }
    }

    /// Notes on the years left out or admitted, and what to do when too few remain.
    private func annualNotes(_ years: [AnnualFigure], request: Request) -> (notes: [String], shortage: String) {
        let profile = request.profile
        let partial = years.filter { !$0.hasFigure && $0.statistics.validDays > 0 }
        let incomplete = years.filter { $0.hasFigure && !$0.statistics.complete }
        var notes: [String] = []
        if !partial.isEmpty {
            notes.append("no annual figure (data in fewer than 12 months): "
                         + partial.map { "\($0.year) (\($0.monthsWithData) months)" }.joined(separator: ", "))
        }
        let incompleteYears = incomplete.map { String($0.year) }.joined(separator: ", ")
        if !incomplete.isEmpty {
            notes.append(request.includeProvisional
                ? "provisional, marked *: \(incompleteYears) (incomplete under \(profile.name): \(profile.yearRuleDescription))"
                : "left out as incomplete under \(profile.name) (add --include-provisional to use them): \(incompleteYears)")
            if case .region = request.scope {
                notes.append("a region's year is complete only when every member city's year is complete under \(profile.name)")
            }
        }
        var advice: [String] = []
        if !incomplete.isEmpty && !request.includeProvisional {
            advice.append("add --include-provisional to use the incomplete years \(incompleteYears)")
        }
        if request.from != nil || request.to != nil { advice.append("widen --from/--to") }
        advice.append("try --series monthly, which uses every valid month")
        let leftOut = notes.map { $0.prefix(1).uppercased() + $0.dropFirst() + ". " }.joined()
        let shortage = leftOut + "To get a trend: " + advice.joined(separator: ", or ")
        return (notes, shortage)
    }

    /// The target against the baseline `report` would use: the measured annual figure, else (`auto`) the published one.
    private func target(percent: Double, baselineYear: Int, annual: [AnnualFigure], scope: String,
                        profile: ValidityProfile, source: ReductionReport.BaselineSource) -> TrendReport.Target {
        let measured = annual.first { $0.year == baselineYear && $0.hasFigure }
        let official = published.of(scope: scope)[baselineYear]
        if source != .published, let measured {
            return TrendReport.Target(percent: percent, baselineYear: baselineYear, baselineValue: measured.statistics.mean,
                                      baselineProvisional: !measured.statistics.complete, baselineSource: "measured")
        }
        if source != .measured, let official {
            return TrendReport.Target(percent: percent, baselineYear: baselineYear, baselineValue: official.value, baselineSource: "published")
        }
        let held = annual.first { $0.year == baselineYear }
        let why = held.map { "data in \($0.monthsWithData) of 12 months" } ?? "no data that year"
        let what = source == .published ? "no published figure for \(scope) in \(baselineYear)"
            : "no annual figure for \(scope) in the baseline year \(baselineYear) under \(profile.name) (\(why))"
            + (source == .measured ? "" : " and nothing published for it")
        return TrendReport.Target(percent: percent, baselineYear: baselineYear, baselineValue: nil, missingBaseline: "\(what); choose another --baseline")
    }
}
