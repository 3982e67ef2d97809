import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import ArgumentParser
import Foundation

extension SeriesQuery.Kind: ExpressibleByArgument {}
extension SeriesQuery.Window: ExpressibleByArgument {}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Hourly, daily, rolling or monthly PM2.5 of a station, city or region, with coverage, validity and AQI.",
        discussion: """
            CSV header: scope,time,value,coverage,valid,aqi_hj633,aqi_hj633_category,aqi_epa,aqi_epa_category,profile.
            `time` is ISO 8601 UTC with Z for hours and rolling hours, the local date for days and rolling days; a rolling value
            is labelled by the last hour (or day) of its trailing window. Rolling windows: 24h (valid with 18 of 24 hours),
            nowcast (EPA), 7d, 30d, 365d (valid with 75 % of the days' valid means). AQI: HJ 633-2012 IAQI and the US EPA AQI
            (2024 breakpoints) of the value; strictly they are defined on 24-hour means (and the NowCast for EPA).
            A city day's coverage is its assessment stations with a valid day ÷ those in service that day.
            monthly: \(MonthlyRenderer.header) — each month with any day, its valid days against the calendar and the
            profile's minimum; a region's month has a mean only when every member city has one (--from/--to take years).
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "hourly, daily, rolling or monthly.")
    var kind: SeriesQuery.Kind

    @Option(help: "Station to query.")
    var station: String?

    @Option(help: "City to query (daily and day windows).")
    var city: String?

    @Option(help: "Configured region to query (daily and day windows; the mean of its cities' days).")
    var region: String?

    @Option(help: "Rolling window: 24h, nowcast, 7d, 30d or 365d (default 24h).")
    var window: SeriesQuery.Window?

    @Option(help: "First date, YYYY-MM-DD (local for days, UTC for hours).")
    var from: String?

    @Option(help: "Last date, YYYY-MM-DD, inclusive.")
    var to: String?

    @Option(help: "Validity profile.")
    var profile: String?

    @Option(help: "table, csv or json.")
    var format: ReportFormat = .csv

    func run() throws {
        let configuration = try store.loadConfiguration()
        guard [station, city, region].compactMap({ $0 }).count == 1 else { throw CommandFailure("give one of --station, --city or --region", .usage) }
        let scope: ReportScope = station.map(ReportScope.station) ?? city.map(ReportScope.city) ?? .region(region!)
        func date(_ text: String?, _ flag: String) throws -> CivilDate? {
            guard let text else { return nil }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, let date = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else {
                throw CommandFailure("\(flag): expected a date YYYY-MM-DD, got '\(text)'", .usage)
            }
            return date
        }
        let chosen: ValidityProfile
        do throws(DomainError) { chosen = try ValidityProfile.named(profile ?? configuration.profile) } catch { throw CommandFailure(error.message, .usage) }
        let sqlite = try store.readStore(configuration)
        if kind == .monthly {
            func year(_ text: String?) -> Int? { text.flatMap { Int($0.prefix(4)) } }
            do {
                let months = try MonthlyQuery(store: sqlite, regions: configuration.regions)
                    .months(scope: scope, from: year(from), to: year(to), profile: chosen)
                printRendered(MonthlyRenderer.render(months, scope: scope.label, profile: chosen.name, format: format), format: format)
                return
            } catch let error as DomainError {
                throw CommandFailure(error.message, .dataError)
            }
        }
        let points: [SeriesPoint]
        do {
            points = try SeriesQuery(store: sqlite, regions: configuration.regions).points(kind: kind, window: window, scope: scope, from: try date(from, "--from"),
                                                           to: try date(to, "--to"), profile: chosen)
        } catch let error as DomainError {
            throw CommandFailure(error.message, .dataError)
        }
        printRendered(SeriesRenderer.render(points, scope: scope.label, profile: chosen.name, format: format), format: format)
    }
}
