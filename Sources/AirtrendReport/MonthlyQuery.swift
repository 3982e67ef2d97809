import AirtrendDomain
import AirtrendStore

/// Monthly means of a station, city or region (`airtrend query monthly`): each month with any day, its
/// valid days against the calendar and the profile's minimum, and whether it is valid.
///
/// A station's or city's months are the stored monthly rows (a city's from its assessment stations'
/// days). A region's month has a mean only when every member city has one (the equal-weight mean of
/// theirs), and is valid only when every member city's is, as its year is.
public struct MonthlyQuery {
    /// One month of a scope.
    public struct Month: Sendable, Equatable {
        public var statistics: MonthStatistics
        /// Stations (city) or cities (region) with a valid day that month; nil for a station.
        public var members: Int?
        /// Mean over the month's days of observed ÷ expected; nil for a region.
        public var meanCoverage: Double?
    }

    let store: any ReportStore
    let regions: [Region]

    public init(store: any ReportStore, regions: [Region]) {
        self.store = store
        self.regions = regions
    }

    /// The months in `[from, to]` (years; nil = all), oldest first.
    public func months(scope: ReportScope, from: Int?, to: Int?, profile: ValidityProfile) throws -> [Month] {
        try store.ensureProfile(profile)
        let lookup = ScopeLookup(store: store, regions: regions)
        let inRange = { (m: MonthStatistics) in m.year >= (from ?? Int.min) && m.year <= (to ?? Int.max) }
        switch scope {
        case .station, .city:
            let scopeID = try lookup.storedScope(scope)
            let months = try store.monthlyStatistics(scope: scopeID, pollutant: .pm25, profile: profile).filter(inRange)
            guard let first = months.first, let last = months.last else { return [] }
            let days = try store.days(scope: scopeID, pollutant: .pm25, profile: profile,
                                      from: CivilDate.dayNumber(year: first.year, month: first.month, day: 1),
                                      to: CivilDate.dayNumber(year: last.year, month: last.month, day: CivilDate.daysInMonth(year: last.year, month: last.month)))
            var coverage: [Int: (Double, Int)] = [:]
            for day in days {
                let date = CivilDate(dayNumber: day.dayNumber)
                let key = date.year * 12 + date.month
                coverage[key, default: (0, 0)].0 += Double(day.observed) / Double(max(day.expected, 1))
                coverage[key, default: (0, 0)].1 += 1
            }
            // A city's stations and their service, read once for all its months.
            var stations: [CityMember]?
            if case .city(let name) = scope { stations = try store.cityStations(city: name, pollutant: .pm25, profile: profile) }
            return try months.map { month in
                var members: Int?
                if let stations {
                    let first = CivilDate.dayNumber(year: month.year, month: month.month, day: 1)
                    let span = first...(first + month.expectedDays - 1)
                    members = try store.cityMembers(stations, pollutant: .pm25, profile: profile, days: span).count
                }
                return Month(statistics: month, members: members,
                             meanCoverage: coverage[month.year * 12 + month.month].map { $0.0 / Double($0.1) })
            }
        case .region(let id):
            let region = try lookup.region(id)
            var byCity: [String: [Int: MonthStatistics]] = [:]
            for (city, scopeID) in try lookup.cityScopes(of: region) {
                for month in try store.monthlyStatistics(scope: scopeID, pollutant: .pm25, profile: profile) where inRange(month) {
                    byCity[city, default: [:]][month.year * 12 + month.month] = month
                }
            }
            let keys = Set(byCity.values.flatMap(\.keys)).sorted()
            return keys.map { key in
                let cities = region.cities.map { byCity[$0]?[key] }
                let any = cities.compactMap { $0 }.first!
                let means = cities.map { $0?.mean }
                let whole = means.allSatisfy { $0 != nil }
                let statistics = MonthStatistics(
                    year: any.year, month: any.month, validDays: cities.map { $0?.validDays ?? 0 }.min() ?? 0,
                    expectedDays: any.expectedDays, requiredDays: any.requiredDays,
                    mean: whole ? means.compactMap { $0 }.reduce(0, +) / Double(means.count) : nil,
                    valid: whole && cities.allSatisfy { $0?.valid == true }
                )
                return Month(statistics: statistics, members: means.compactMap { $0 }.count, meanCoverage: nil)
            }
        }
    }
}
