import AirtrendIngest
import AirtrendReport
import AirtrendService
import ArgumentParser
import Foundation
import Logging

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run every configured feed (or the named ones) once and exit: the one-shot for cron and systemd timers.",
        discussion: """
            Takes an exclusive lock beside the database (<db>.lock), so two runs, or a run and the daemon, never ingest at once.
            Exit status: 0 done; 65 input rejected (some rows or files); 69 a feed unavailable; 75 try later: the lock is held
            (or give --wait), retries ran out, the server asked to wait over 60 s, or the run reached its byte or reading cap;
            76 a feed's upstream broke its protocol (repeated a page, paged past max_pages, answered outside the window);
            78 configuration error. Every feed run is recorded in the store's runs table.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("feed"), help: "Only this feed (repeatable).")
    var feeds: [String] = []

    @Option(help: "Seconds to wait for the lock before giving up with exit 75 (default: do not wait).")
    var wait: Double = 0

    @Flag(help: "Print only problems.")
    var quiet = false

    @Option(help: "Level of the per-feed log events on standard error: trace … critical (default info).")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandFailure("--log-level: expected trace, debug, info, notice, warning, error or critical", .usage)
        }
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, level: level, environment: environment) }
        let logger = Logger(label: "airtrend.ingest")
        let configuration = try store.loadConfiguration()
        let unknown = feeds.filter { id in !configuration.feeds.contains { $0.id == id } }
        if !unknown.isEmpty {
            throw CommandFailure("no feed \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(configuration.file ?? "the configuration"); configured feeds: \(configuration.feeds.map(\.id).joined(separator: ", "))", .config)
        }
        let status = try await OneShotRun.run(configuration, options: store, only: feeds, trigger: "ingest", wait: wait, quiet: quiet,
                                              logger: logger)
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
