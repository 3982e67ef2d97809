import AirtrendDomain
import AirtrendStore
import Foundation

/// Gathers everything a scope's HTML page shows from the store.
///
/// The page needs at least an annual figure (with the baseline year): without one it is
/// ``ChartError/notEnoughData(_:)`` and no page is made, except for a region whose rows exist but have
/// no regional figure (member cities missing), whose page says so in place of the annual chart. The monthly chart and the calendar are
/// left out, with the reason on the page, when their data is missing.
public struct HTMLReportQuery {
    let store: any ReportStore
    let regions: [Region]
    /// The configured published figures: the page's table and annual chart show its scope's.
    let published: [PublishedFigure]

    public init(store: any ReportStore, regions: [Region], published: [PublishedFigure] = []) {
        self.store = store
        self.regions = regions
        self.published = published
    }

    /// The page of a scope.
    /// - Parameters:
    ///   - now: when the page is made (printed on it); injected so pages are reproducible.
    ///   - generator: what made it, e.g. `airtrend 0.1.0`.
    public func page(scope: ReportScope, baseline: Int, profile: ValidityProfile, now: Date, generator: String,
                     targetPercent: Double? = nil, published: [PublishedFigure] = []) throws(ChartError) -> HTMLReport {
        let charts = ChartQuery(store: store, regions: regions, published: self.published)
        let report = try charts.reduction(scope: scope, baseline: baseline, from: nil, to: nil, profile: profile, targetPercent: targetPercent)
        let name = charts.scopeName(scope)
        var missing: [String: String] = [:]
        var annual: AnnualChart?
        do throws(ChartError) {
            annual = try charts.annual(report: report, scope: scope, targetPercent: targetPercent, published: published)
        } catch {
            // A region whose member cities are not all in the store has rows but no figure: the page still shows
            // the table (which says why), the monthly means and the calendar of its cities' days.
            guard case .notEnoughData = error, report.rows.contains(where: { $0.regionNoFigure != nil }) else { throw error }
            missing["annual"] = error.message
        }
        var monthly: MonthlyChart?
        do throws(ChartError) { monthly = try charts.monthly(scope: scope, from: nil, to: nil, profile: profile) } catch {
            missing["monthly"] = error.message
        }
        var calendar: CalendarChart?
        var calendarDays: [SeriesPoint] = []
        // The last complete year, as the report judges it; the last year with a valid day otherwise.
        let year = report.rows.last(where: \.statistics.complete)?.year ?? report.rows.last(where: { $0.statistics.validDays > 0 })?.year
        if let year {
            do throws(ChartError) {
                calendar = try charts.calendar(scope: scope, year: year, profile: profile, scale: .hj633)
                calendarDays = try charts.wrapped {
                    try SeriesQuery(store: store, regions: regions).points(kind: .daily, window: nil, scope: scope,
                                                                           from: CivilDate(year: year, month: 1, day: 1),
                                                                           to: CivilDate(year: year, month: 12, day: 31), profile: profile)
                }
            } catch {
                missing["calendar"] = error.message
            }
        } else {
            missing["calendar"] = "no year with a valid day"
        }
        var trends: [TrendReport] = []
        var trendProblems: [TrendReport.Series: String] = [:]
        for series in TrendReport.Series.allCases {
            do {
                trends.append(try TrendQuery(store: store, regions: regions).report(.init(scope: scope, series: series, profile: profile)))
            } catch {
                trendProblems[series] = (error as? TrendError)?.message ?? "\(error)"
            }
        }
        let (stations, cities) = try charts.wrapped { try members(scope) }
        let sources = try charts.wrapped { try store.importSources(stations: stations.map(\.id), pollutant: .pm25) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return HTMLReport(scope: scope, scopeName: name, report: report, annual: annual, monthly: monthly, calendar: calendar,
                          trends: trends, trendProblems: trendProblems, calendarDays: calendarDays, missing: missing,
                          stations: stations.map(\.station),
                          regionCities: cities, sources: sources, generatedAt: formatter.string(from: now), generator: generator)
    }

    /// The stations behind a scope, and a region's member cities.
    private func members(_ scope: ReportScope) throws -> ([StoredStation], [String]) {
        let all = try store.stations()
        switch scope {
        case .station(let id): return (all.filter { $0.station.id == id }, [])
        case .city(let name): return (all.filter { $0.station.city == name }, [])
        case .region(let id):
            let cities = regions.first { $0.id == id }?.cities ?? []
            return (all.filter { $0.station.city.map(cities.contains) ?? false }, cities)
        }
    }
}
