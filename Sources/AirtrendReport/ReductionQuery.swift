import AirtrendDomain
import AirtrendStore

/// Assembles the reduction report for a station, city or region from the store.
///
/// Regions come from the configuration, not the store: their annual figure is
/// computed here from the member cities' stored annual rows, so changing a
/// region's membership never needs a recomputation.
public struct ReductionQuery {
    let store: any ReportStore
    let regions: [Region]

    public init(store: any ReportStore, regions: [Region]) {
        self.store = store
        self.regions = regions
    }

    private var lookup: ScopeLookup { ScopeLookup(store: store, regions: regions) }

    /// The report, or a ``DomainError`` that says what is missing and what to do.
    public func report(scope: ReportScope, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile) throws -> ReductionReport {
        try store.ensureProfile(profile)
        switch scope {
        case .station(let id):
            let scopeID = try lookup.storedScope(scope)
            return try scopeReport(kind: .station, code: id, scopeID: scopeID, baseline: baseline, from: from, to: to, profile: profile)
        case .city(let name):
            let scopeID = try lookup.storedScope(scope)
            var report = try scopeReport(kind: .city, code: name, scopeID: scopeID, baseline: baseline, from: from, to: to, profile: profile)
            for index in report.rows.indices {
                report.rows[index].members = .init(used: try store.cityMembers(city: name, pollutant: .pm25, profile: profile, year: report.rows[index].year))
            }
            return report
        case .region(let id):
            return try regionReport(id: id, baseline: baseline, from: from, to: to, profile: profile)
        }
    }

    private func scopeReport(kind: ReductionReport.ScopeKind, code: String, scopeID: Int64, baseline: Int, from: Int?, to: Int?,
                             profile: ValidityProfile) throws -> ReductionReport {
        let years = try store.annualStatistics(scope: scopeID, pollutant: .pm25, profile: profile)
        var report = try ReductionReport(scope: "\(kind.rawValue):\(code)", profile: profile, baselineYear: baseline, years: years, from: from, to: to)
        report.kind = kind
        let months = try store.monthsWithData(scope: scopeID, pollutant: .pm25, profile: profile)
        for index in report.rows.indices { report.rows[index].monthsWithData = months[report.rows[index].year] ?? 0 }
        try countDaysByCategory(&report, scopeID: scopeID, profile: profile)
        return report
    }

    /// Counts each reported year's valid days by HJ 633 and EPA category, from the scope's stored
    /// daily means (one read of the daily rows over the reported years, never the hours).
    private func countDaysByCategory(_ report: inout ReductionReport, scopeID: Int64, profile: ValidityProfile) throws {
        guard let first = report.rows.first?.year, let last = report.rows.last?.year else { return }
        let days = try store.days(scope: scopeID, pollutant: .pm25, profile: profile,
                                  from: CivilDate.dayNumber(year: first, month: 1, day: 1),
                                  to: CivilDate.dayNumber(year: last, month: 12, day: 31))
        var hj633: [Int: AQIDayCounts] = [:]
        var epa: [Int: AQIDayCounts] = [:]
        for day in days where day.valid {
            guard let mean = day.mean else { continue }
            let year = CivilDate(dayNumber: day.dayNumber).year
            hj633[year, default: AQIDayCounts(scale: .hj633_2012)].add(dailyMean: mean)
            epa[year, default: AQIDayCounts(scale: .epa2024)].add(dailyMean: mean)
        }
        for index in report.rows.indices {
            let year = report.rows[index].year
            report.rows[index].hj633Days = hj633[year] ?? AQIDayCounts(scale: .hj633_2012)
            report.rows[index].epaDays = epa[year] ?? AQIDayCounts(scale: .epa2024)
        }
    }

    private func regionReport(id: String, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile) throws -> ReductionReport {
        let region = try lookup.region(id)
        let (cityYears, cityMonths) = try lookup.cityYears(of: region, profile: profile)
        guard !cityYears.isEmpty else {
            throw DomainError("no annual figure for region '\(id)': none of its \(region.cities.count) cities has any data in the store; import station data with a city: (\(region.cities.joined(separator: ", ")))")
        }
        let combined = RegionYear.combine(members: region.cities, years: cityYears, monthsWithData: cityMonths)
        var report = try ReductionReport(scope: "region:\(id)", profile: profile, baselineYear: baseline, years: combined.map(\.statistics), from: from, to: to)
        report.kind = .region
        for index in report.rows.indices {
            guard let year = combined.first(where: { $0.year == report.rows[index].year }) else { continue }
            report.rows[index].members = .init(used: year.contributing, incomplete: year.incomplete)
            report.rows[index].monthsWithData = year.monthsWithData
        }
        if let last = report.rows.last?.year {
            report.memberLines = region.cities.map { city in
                ReductionReport.MemberLine(city: city, statistics: cityYears[city]?.first { $0.year == last },
                                           baseline: cityYears[city]?.first { $0.year == baseline })
            }
        }
        return report
    }
}
