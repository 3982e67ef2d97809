import AirtrendConfig
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendStore
import AirtrendDomain
import AirtrendFetch
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Annual PM2.5 and its change against a baseline year, by the profile's validity rules.",
        discussion: """
            A city's day is the mean of its stations' valid days (each needing 20 hours); its months and years follow the
            profile's rules. A region's annual mean is the equal-weight mean of its member cities' annual means, complete only
            when every member city's year is. CSV and JSON also count each year's valid days by HJ 633-2012 and US EPA (2024)
            AQI category of their daily means, with the HJ 633 good-days share (none for a region, which has no daily series).
            --format html writes one self-contained page (inline CSS and SVG, no network): this table, the trend, the annual
            and monthly charts, the calendar of the last complete year, the data behind each chart and the method.
            A change is made only between two figures of the same kind: a year with data in all 12 months (a --months figure
            with data in each of its months) against the baseline's. --baseline-source auto (default) takes the measured figure
            when the store has one for the baseline year, else the configured published one (published:, e.g.
            Config/published/jingjinji.yaml); the table, CSV (baseline_source) and JSON name which. --target -60 judges each
            change (meets_target) and states the answer for the latest year in one line; a positive target is a rise.
            --months 1, 1-3 or 11,12,1,2 replaces each year by the mean of those months' valid days (valid when each month
            meets its minimum; a winter across the year end is labelled by the year it ends in) and compares it with the
            baseline's same months.
            Exit status 65 when the scope or the baseline year has no data (or an explicit --baseline-source has no figure);
            64 for bad options (--months 0 or 13, --months with --baseline-source published); 73 when --output cannot be
            written (no partial file is left).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Baseline year (default: the config's report.baseline, else 2013).")
    var baseline: Int?

    @Option(help: "Station to report.")
    var station: String?

    @Option(help: "City to report (the mean over its stations).")
    var city: String?

    @Option(help: "Region to report (configured under regions:, e.g. jingjinji).")
    var region: String?

    @Option(help: "First year to list.")
    var from: Int?

    @Option(help: "Last year to list.")
    var to: Int?

    @Option(help: "Validity profile: \(ValidityProfile.all.map(\.name).joined(separator: ", ")).")
    var profile: String?

    @Option(help: "Where the baseline figure comes from: auto (measured when the store has an annual figure for the year, else published), measured or published.")
    var baselineSource: ReductionReport.BaselineSource = .auto

    // Unconditional, so the negative number after --target is its value, not another option.
    @Option(parsing: .unconditional, help: "Target as a per cent change against the baseline, e.g. -60 (a fall of 60 %); a positive number is a rise target.")
    var target: Double?

    @Option(help: "Same-month comparison: the months each year's figure takes, e.g. 1, 1-3 or 11,12,1,2 (a winter, labelled by the year it ends in).")
    var months: String?

    @Option(help: "table, csv, json or html.")
    var format: OutputFormat = .table

    @Option(help: "Write to this file (atomically: a temporary file in the same folder, then a rename) instead of standard output.")
    var output: String?

    /// The report's formats plus the HTML page, which needs the store (charts), not just the report.
    enum OutputFormat: String, ExpressibleByArgument {
        case table, csv, json, html
    }

    func run() throws {
        let configuration = try store.loadConfiguration()
        let scope = try chosenScope(station: station, city: city, region: region, configuration: configuration, command: "report")
        let sqlite = try store.readStore(configuration)
        let baselineYear = baseline ?? configuration.report?.baseline ?? 2013
        let profileName = profile ?? configuration.profile
        var selection: MonthSelection?
        if let months {
            do throws(DomainError) { selection = try MonthSelection(parsing: months) } catch { throw CommandFailure(error.message, .usage) }
            if baselineSource == .published {
                throw CommandFailure("--months compares the same months of two years; published figures are annual means, so use --baseline-source auto or measured", .usage)
            }
        }
        if let target, !(target.isFinite && target >= -100) {
            throw CommandFailure("--target: expected a per cent change against the baseline of at least -100 (e.g. -60), got \(target)", .usage)
        }
        let text: String
        if let plain = ReportFormat(rawValue: format.rawValue) {
            text = try renderReport(store: sqlite, configuration: configuration, scope: scope, baseline: baselineYear,
                                    from: from ?? configuration.report?.from, to: to ?? configuration.report?.to,
                                    profileName: profileName, format: plain, baselineSource: baselineSource, months: selection, target: target)
        } else {
            let chosen: ValidityProfile
            do throws(DomainError) { chosen = try ValidityProfile.named(profileName) } catch { throw CommandFailure(error.message, .usage) }
            if selection != nil { throw CommandFailure("--format html shows calendar years; --months goes with table, csv or json", .usage) }
            do throws(ChartError) {
                text = try HTMLReportQuery(store: sqlite, regions: configuration.regions, published: configuration.published)
                    .page(scope: scope, baseline: baselineYear, profile: chosen, now: Date(), generator: "airtrend \(AirtrendVersion.string)",
                          targetPercent: target)
                    .render()
            } catch {
                throw CommandFailure(error)
            }
        }
        try writeOutput(text, to: output, forPeople: format == .table)
    }
}

/// The scope named by `--station`, `--city` or `--region`, else by the config's `report:`; exit 64 for none or several.
func chosenScope(station: String?, city: String?, region: String?, configuration: AirtrendConfiguration, command: String) throws -> ReportScope {
    let chosen = [station.map(ReportScope.station), city.map(ReportScope.city), region.map(ReportScope.region)].compactMap { $0 }
    guard chosen.count <= 1 else { throw CommandFailure("give one of --station, --city or --region", .usage) }
    guard let scope = chosen.first ?? configuration.report.flatMap(ReportScope.init) else {
        throw CommandFailure("\(command) needs --station ID, --city NAME or --region ID (or report: in the config)", .usage)
    }
    return scope
}

extension ReductionReport.BaselineSource: ExpressibleByArgument {}

extension ReportScope {
    /// The scope a config's `report:` names, if any.
    init?(_ report: ReportConfiguration) {
        if let station = report.station { self = .station(station) }
        else if let city = report.city { self = .city(city) }
        else if let region = report.region { self = .region(region) }
        else { return nil }
    }
}

/// The rendered report, or a failure (exit 65) with the reason there is none.
func renderReport(store: any ReportStore, configuration: AirtrendConfiguration, scope: ReportScope, baseline: Int,
                  from: Int?, to: Int?, profileName: String, format: ReportFormat, baselineSource: ReductionReport.BaselineSource = .auto,
                  months: MonthSelection? = nil, target: Double? = nil) throws -> String {
    let profile: ValidityProfile
    do throws(DomainError) { profile = try ValidityProfile.named(profileName) } catch { throw CommandFailure(error.message, .usage) }
    do {
        let report = try ReductionQuery(store: store, regions: configuration.regions, published: configuration.published)
            .report(.init(scope: scope, baselineYear: baseline, from: from, to: to, profile: profile, baselineSource: baselineSource,
                          months: months, targetPercent: target))
        return ReportRenderer().render(report, format: format)
    } catch let error as DomainError {
        throw CommandFailure(error.message, .dataError)
    } catch {
        throw StoreFailure.failure(error, path: configuration.database)
    }
}
