import AirtrendDomain
import AirtrendStore

/// Finds the stored scope of a station or city, or a configured region, for the queries that read them.
///
/// A scope that is not there is a ``DomainError`` naming what the store (or the configuration) does
/// hold, so every query answers an unknown scope the same way.
struct ScopeLookup {
    let store: any ReportStore
    let regions: [Region]

    /// The aggregate scope id of a station or city.
    func storedScope(_ scope: ReportScope) throws -> Int64 {
        switch scope {
        case .station(let id):
            guard try store.station(code: id) != nil, let scopeID = try store.scopeID(kind: "station", code: id) else {
                let known = try store.stations().map(\.station.id)
                throw DomainError("unknown station '\(id)'; the store has: \(known.isEmpty ? "no stations (import data first)" : known.joined(separator: ", "))")
            }
            return scopeID
        case .city(let name):
            guard let scopeID = try store.scopeID(kind: "city", code: name) else {
                let known = try store.cities().map { "\($0.city) (\($0.stations) stations)" }
                throw DomainError("no data for city '\(name)'; cities with stations: \(known.isEmpty ? "none (give stations a city: in the config, --city on import, or import a network file with --stations)" : known.joined(separator: ", "))")
            }
            return scopeID
        case .region(let id):
            throw DomainError("region '\(id)' has no stored scope of its own; its figures come from its cities")
        }
    }

    /// The configured region `id`.
    func region(_ id: String) throws -> Region {
        guard let region = regions.first(where: { $0.id == id }) else {
            throw DomainError("unknown region '\(id)'; configured regions: \(regions.isEmpty ? "none (add regions: to the config)" : regions.map(\.id).joined(separator: ", "))")
        }
        return region
    }

    /// The stored scopes of a region's cities that have any data, in the region's order.
    func cityScopes(of region: Region) throws -> [(city: String, scope: Int64)] {
        try region.cities.compactMap { city in try store.scopeID(kind: "city", code: city).map { (city, $0) } }
    }

    /// Each member city's stored annual statistics and, per year, its months with any valid day
    /// (cities without data are absent): what ``RegionYear/combine(members:years:monthsWithData:)`` takes.
    func cityYears(of region: Region, profile: ValidityProfile) throws -> (years: [String: [YearStatistics]], months: [String: [Int: Int]]) {
        var years: [String: [YearStatistics]] = [:]
        var months: [String: [Int: Int]] = [:]
        for (city, scope) in try cityScopes(of: region) {
            years[city] = try store.annualStatistics(scope: scope, pollutant: .pm25, profile: profile)
            months[city] = try store.monthsWithData(scope: scope, pollutant: .pm25, profile: profile)
        }
        return (years, months)
    }
}
