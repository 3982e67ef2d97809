import AirtrendFetch
import ArgumentParser
import AirtrendStore
import Foundation

/// The `airtrend` command: import archives, run feeds, report reductions against a baseline year.
@main
struct Airtrend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airtrend",
        abstract: "PM2.5 time series: import, clean, aggregate by GB 3095 / HJ 663, and report the reduction against a baseline year.",
        version: AirtrendVersion.string,
        subcommands: [ImportCommand.self, IngestCommand.self, ReportCommand.self, ProfileCommand.self, StationCommand.self, TrendCommand.self, RunCommand.self, StatusCommand.self, QuarantineCommand.self, ConfigCommand.self, FeedsCommand.self, VerifyCommand.self, QueryCommand.self, ChartCommand.self]
    )

    /// Parses, runs, and turns the outcome into the process's exit status: the only place airtrend exits.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            printError("airtrend: " + failure.message)
            Foundation.exit(failure.status.rawValue)
        } catch let error as SQLiteError {
            printError("airtrend: store: \(error)")
            Foundation.exit(StoreFailure.status(error).rawValue)
        } catch let error as StoreError {
            printError("airtrend: \(error)")
            Foundation.exit(StoreFailure.status(error).rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
