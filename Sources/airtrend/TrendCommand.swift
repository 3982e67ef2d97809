import AirtrendDomain
import AirtrendIngest
import AirtrendReport
import AirtrendService
import ArgumentParser

extension TrendReport.Series: ExpressibleByArgument {}

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Sen's slope with its 95 % interval and the Mann–Kendall test of a scope's annual or monthly PM2.5.",
        discussion: """
            annual (default): the complete years' annual figures (--include-provisional adds incomplete years, marked *;
            a year with data in fewer than 12 months never counts) → Theil–Sen slope, Sen (1968) interval, intercept
            median(y − slope·x), Mann–Kendall S, Var(S) with ties, Z with continuity correction, two-sided p, tau.
            monthly: the valid months' means, missing months skipped → seasonal Sen slope (per year) and the seasonal
            Kendall test (Hirsch, Slack & Smith 1982). A trend needs at least 3 points: with fewer the command prints no
            figures, says what was left out, and exits 65. --target -60 --baseline 2013 adds the year the trend line
            reaches 40 % of 2013's annual figure at this pace.
            CSV: scope,series,from,to,n,slope,slope_lower,slope_upper,intercept,slope_pct,mk_s,mk_var_s,mk_z,mk_p,kendall_tau,
            trend,profile,provisional,target_pct,baseline_year,baseline_value,target_level,target_year (unrounded figures).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Station to analyse.")
    var station: String?

    @Option(help: "City to analyse (the mean over its stations).")
    var city: String?

    @Option(help: "Region to analyse (configured under regions:).")
    var region: String?

    @Option(help: "annual or monthly.")
    var series: TrendReport.Series = .annual

    @Option(help: "First year to use.")
    var from: Int?

    @Option(help: "Last year to use.")
    var to: Int?

    @Option(help: "Validity profile: \(ValidityProfile.all.map(\.name).joined(separator: ", ")).")
    var profile: String?

    @Flag(help: "Also use incomplete years that have data in all 12 months (marked provisional).")
    var includeProvisional = false

    // Unconditional, so the negative number after --target is its value, not another option.
    @Option(parsing: .unconditional, help: "Reduction target in percent of the baseline year's annual figure, e.g. -60.")
    var target: Double?

    @Option(help: "Baseline year of --target (default: the config's report.baseline, else 2013).")
    var baseline: Int?

    @Option(help: "Where the target's baseline comes from: auto (measured when the store has an annual figure for the year, else published), measured or published.")
    var baselineSource: ReductionReport.BaselineSource = .auto

    @Option(help: "table, csv or json.")
    var format: ReportFormat = .table

    func run() throws {
        let configuration = try store.loadConfiguration()
        let scope = try chosenScope(station: station, city: city, region: region, configuration: configuration, command: "trend")
        let validity: ValidityProfile
        do throws(DomainError) { validity = try ValidityProfile.named(profile ?? configuration.profile) } catch { throw CommandFailure(error.message, .usage) }
        let request = TrendQuery.Request(
            scope: scope, series: series, from: from, to: to, profile: validity, includeProvisional: includeProvisional,
            targetPercent: target, baselineYear: baseline ?? target.map { _ in configuration.report?.baseline ?? 2013 },
            baselineSource: baselineSource)
        let sqlite = try store.readStore(configuration)
        do {
            let report = try TrendQuery(store: sqlite, regions: configuration.regions, published: configuration.published).report(request)
            printRendered(TrendRenderer().render(report, format: format), format: format)
        } catch let error as TrendError {
            switch error {
            case .invalidRequest: throw CommandFailure(error.message, .usage)
            case .notEnoughData, .noData: throw CommandFailure(error.message, .dataError)
            }
        } catch {
            throw StoreFailure.failure(error, path: configuration.database)
        }
    }
}
