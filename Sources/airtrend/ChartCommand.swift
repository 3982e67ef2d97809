import AirtrendDomain
import AirtrendIngest
import AirtrendReport
import ArgumentParser

extension ChartKind: ExpressibleByArgument {}
extension CategoryScale: ExpressibleByArgument {}

struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw a standalone SVG chart (800 × 450): annual means, monthly means, a year's calendar, or rolling means.",
        discussion: """
            annual: a bar per year (provisional years hatched, years without an annual figure grey), the baseline (the measured
            figure, else the configured published one; --baseline-source), the target (--target -60: 60 % below the baseline),
            the annual limit, the configured published figures of the scope as diamonds and the Theil–Sen trend with its 95 % band.
            monthly: monthly means, broken at months that are not valid. calendar: one --year (default: the last complete year)
            of days coloured by HJ 633-2012 category (--scale epa for the US EPA AQI), invalid days grey. rolling: the 24-hour
            mean and NowCast of a station, hour by hour from --from to --to (UTC days, at most 31; default its last 14 days).
            Dates are YYYY-MM-DD, YYYY-MM or YYYY. Every mark carries data-* attributes and a tooltip.
            Exit status: 65 when the scope or period has too little data (nothing is written); 73 when --output cannot be
            written (no partial file is left); 64 for bad options.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "annual, monthly, calendar or rolling.")
    var kind: ChartKind

    @Option(help: "Station to draw.")
    var station: String?

    @Option(help: "City to draw (the mean over its stations).")
    var city: String?

    @Option(help: "Configured region to draw.")
    var region: String?

    @Option(help: "The calendar's year (default: the last complete year).")
    var year: Int?

    @Option(help: "First date, YYYY-MM-DD (or YYYY-MM, YYYY).")
    var from: String?

    @Option(help: "Last date, inclusive.")
    var to: String?

    @Option(help: "Baseline year of the annual chart (default: the config's report.baseline, else 2013).")
    var baseline: Int?

    @Option(parsing: .unconditional, help: "Target as a change against the baseline in %, e.g. -60.")
    var target: Double?

    @Option(help: "Where the annual chart's baseline comes from: auto (measured, else published), measured or published.")
    var baselineSource: ReductionReport.BaselineSource = .auto

    @Option(help: "AQI categories: hj633 (default) or epa.")
    var scale: CategoryScale = .hj633

    @Option(help: "Validity profile.")
    var profile: String?

    @Option(help: "Write the SVG to this file (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        let configuration = try store.loadConfiguration()
        let scopes = [station.map(ReportScope.station), city.map(ReportScope.city), region.map(ReportScope.region)].compactMap { $0 }
        guard scopes.count == 1, let scope = scopes.first else { throw CommandFailure("give one of --station, --city or --region", .usage) }
        let chosen: ValidityProfile
        do throws(DomainError) { chosen = try ValidityProfile.named(profile ?? configuration.profile) } catch {
            throw CommandFailure(error.message, .usage)
        }
        let request: ChartRequest
        do throws(ChartError) {
            request = ChartRequest(kind: kind, scope: scope, profile: chosen, year: year,
                                   from: try from.map { text throws(ChartError) in try ChartRequest.date(text, option: "--from", end: false) },
                                   to: try to.map { text throws(ChartError) in try ChartRequest.date(text, option: "--to", end: true) },
                                   baseline: baseline ?? configuration.report?.baseline ?? 2013, targetPercent: target, scale: scale,
                                   baselineSource: baselineSource)
            try request.validate()
        } catch {
            throw CommandFailure(error.message, .usage)
        }
        let sqlite = try store.readStore(configuration)
        let svg: String
        do throws(ChartError) { svg = try ChartQuery(store: sqlite, regions: configuration.regions, published: configuration.published).svg(request) } catch {
            throw CommandFailure(error)
        }
        try writeOutput(svg, to: output)
    }
}

extension CommandFailure {
    /// The exit status a chart error calls for: 65 too little data, 64 a request that cannot be drawn, 70 the store.
    init(_ error: ChartError) {
        switch error {
        case .notEnoughData(let message): self.init(message, .dataError)
        case .invalidRequest(let message): self.init(message, .usage)
        case .storeFailure(let message): self.init(message, .software)
        }
    }
}

/// Prints `text`, or writes it atomically to `path`; 73 when the file cannot be written (nothing is left behind).
///
/// - Parameter forPeople: a table for the terminal (control characters from data escaped); false
///   prints the text exactly (CSV, JSON, SVG, HTML).
func writeOutput(_ text: String, to path: String?, forPeople: Bool = false) throws {
    guard let path else {
        if forPeople { printText(text, terminator: "") } else { print(text, terminator: "") }
        return
    }
    do throws(OutputError) { try AtomicFile.write(text, to: path) } catch { throw CommandFailure(error.message, .cannotCreate) }
}
