import AirtrendDaemon
import AirtrendDomain
import AirtrendStore

/// Looks up a scope's annual statistics and renders the reduction report, or exits with a clear message.
struct ReportBuilder {
    let store: SQLiteStore

    func stationReport(station: String, baseline: Int, from: Int?, to: Int?, profile: ValidityProfile, format: ReportFormat) throws -> String {
        guard try store.station(code: station) != nil, let scope = try store.scopeID(kind: "station", code: station) else {
            let known = try store.stations().map(\.station.id)
            fail("unknown station '\(station)'; the store has: \(known.isEmpty ? "no stations (import data first)" : known.joined(separator: ", "))", .dataError)
        }
        try store.ensureProfile(profile)
        let years = try store.annualStatistics(scope: scope, pollutant: .pm25, profile: profile)
        do throws(DomainError) {
            let report = try ReductionReport(scope: "station:\(station)", profile: profile, baselineYear: baseline, years: years, from: from, to: to)
            return ReportRenderer().render(report, format: format)
        } catch {
            fail(error.message, .dataError)
        }
    }
}
