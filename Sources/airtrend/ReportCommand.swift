import AirtrendDaemon
import AirtrendDomain
import ArgumentParser

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Annual PM2.5 and its change against a baseline year, by the profile's validity rules."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Baseline year (default: the config's report.baseline, else 2013).")
    var baseline: Int?

    @Option(help: "Station to report (default: the config's report.station).")
    var station: String?

    @Option(help: "First year to list.")
    var from: Int?

    @Option(help: "Last year to list.")
    var to: Int?

    @Option(help: "Validity profile: \(ValidityProfile.all.map(\.name).joined(separator: ", ")).")
    var profile: String?

    @Option(help: "table, csv or json.")
    var format: ReportFormat = .table

    func run() throws {
        let configuration = try store.loadConfiguration()
        guard let stationID = station ?? configuration.report?.station else {
            fail("report needs --station ID (or report.station in the config)", .usage)
        }
        let chosen: ValidityProfile
        do throws(DomainError) { chosen = try ValidityProfile.named(profile ?? configuration.profile) } catch { fail(error.message, .usage) }
        let sqlite = try store.openStore(configuration)
        try print(ReportBuilder(store: sqlite).stationReport(
            station: stationID, baseline: baseline ?? configuration.report?.baseline ?? 2013,
            from: from ?? configuration.report?.from, to: to ?? configuration.report?.to, profile: chosen, format: format
        ), terminator: "")
    }
}
