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
        abstract: "Hourly, daily or rolling PM2.5 of a station or city, with coverage, validity and AQI.",
        discussion: """
            CSV header: scope,time,value,coverage,valid,aqi_hj633,aqi_hj633_category,aqi_epa,aqi_epa_category,profile.
            `time` is ISO 8601 UTC with Z for hours and rolling hours, the local date for days and rolling days; a rolling value
            is labelled by the last hour (or day) of its trailing window. Rolling windows: 24h (valid with 18 of 24 hours),
            nowcast (EPA), 7d, 30d, 365d (valid with 75 % of the days' valid means). AQI: HJ 633-2012 IAQI and the US EPA AQI
            (2024 breakpoints) of the value; strictly they are defined on 24-hour means (and the NowCast for EPA).
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "hourly, daily or rolling.")
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
        let sqlite = try store.openStore(configuration)
        let points: [SeriesPoint]
        do {
            points = try SeriesQuery(store: sqlite, regions: configuration.regions).points(kind: kind, window: window, scope: scope, from: try date(from, "--from"),
                                                           to: try date(to, "--to"), profile: chosen)
        } catch let error as DomainError {
            throw CommandFailure(error.message, .dataError)
        }
        print(SeriesRenderer.render(points, scope: scope.label, profile: chosen.name, format: format), terminator: "")
    }
}

/// CSV, JSON and table forms of a queried series.
enum SeriesRenderer {
    static let header = "scope,time,value,coverage,valid,aqi_hj633,aqi_hj633_category,aqi_epa,aqi_epa_category,profile"

    static func render(_ points: [SeriesPoint], scope: String, profile: String, format: ReportFormat) -> String {
        func aqi(_ value: Double?) -> (Int?, String, Int?, String) {
            guard let value else { return (nil, "", nil, "") }
            let cn = AQIScale.hj633_2012.index(value), us = AQIScale.epa2024.index(value)
            return (cn, cn.map { AQIScale.hj633_2012.category($0) } ?? "", us, us.map { AQIScale.epa2024.category($0) } ?? "")
        }
        switch format {
        case .csv:
            var lines = [header]
            for p in points {
                let a = aqi(p.value)
                lines.append([scope, p.time, p.value.map { $0.formatted(decimals: 1) } ?? "", p.coverage.formatted(decimals: 3),
                              p.valid ? "true" : "false", a.0.map(String.init) ?? "", a.1, a.2.map(String.init) ?? "", a.3, profile]
                    .joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let rows = points.map { p -> [String: Any] in
                let a = aqi(p.value)
                return ["time": p.time, "value": p.value.map { ($0 * 10).rounded() / 10 } as Any? ?? NSNull(), "coverage": p.coverage,
                        "valid": p.valid, "aqi_hj633": a.0 as Any? ?? NSNull(), "aqi_hj633_category": a.1,
                        "aqi_epa": a.2 as Any? ?? NSNull(), "aqi_epa_category": a.3]
            }
            let data = (try? JSONSerialization.data(withJSONObject: ["scope": scope, "profile": profile, "points": rows], options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case .table:
            var out = "\(scope), profile \(profile)\n"
            for p in points {
                let a = aqi(p.value)
                out += "\(p.time)  \(p.value.map { $0.formatted(decimals: 1) } ?? "–")  coverage \(Int((p.coverage * 100).rounded())) %"
                out += p.valid ? "" : "  (not valid)"
                if let cn = a.0, let us = a.2 { out += "  AQI \(cn) CN (\(a.1)), \(us) US (\(a.3))" }
                out += "\n"
            }
            return out
        }
    }
}
