import AirtrendFetch
import ArgumentParser

/// The `airtrend` command: import archives, run feeds, report reductions against a baseline year.
@main
struct Airtrend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airtrend",
        abstract: "PM2.5 time series: import, clean, aggregate by GB 3095 / HJ 663, and report the reduction against a baseline year.",
        version: AirtrendVersion.string,
        subcommands: [ImportCommand.self, IngestCommand.self, ReportCommand.self, RunCommand.self, StatusCommand.self, QuarantineCommand.self, ConfigCommand.self, FeedsCommand.self, VerifyCommand.self, QueryCommand.self, ChartCommand.self]
    )
}
