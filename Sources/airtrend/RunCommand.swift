import AirtrendConfig
import AirtrendFetch
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the scheduled daemon (systemd Type=notify), or with --once fetch every feed once and print the report.",
        discussion: """
            The daemon fetches each feed on its `schedule` (every 15m, hourly, daily, or a cron expression in the feed's
            schedule_timezone, with optional jitter). SIGHUP re-reads the configuration (a broken one is logged and the old one
            kept); SIGTERM or SIGINT stop it cleanly (exit 0). Under systemd it sends READY=1, STATUS=, WATCHDOG=1,
            RELOADING=1 and STOPPING=1 over NOTIFY_SOCKET.
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Run every feed once, print the report and exit.")
    var once = false

    @Option(help: "table, csv or json, for the report (with --once).")
    var format: ReportFormat = .table

    @Flag(help: "Print only problems and the report (with --once).")
    var quiet = false

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        if once { try await runOnce() } else { try await runDaemon() }
    }

    private func runDaemon() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandFailure("--log-level: expected trace, debug, info, notice, warning, error or critical", .usage)
        }
        // A parent (a shell, a test runner) may have blocked these; the daemon must receive them.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)

        let configuration = try store.loadConfiguration()
        let problems = ConfigurationChecker().problems(in: configuration)
        guard problems.isEmpty else { throw CommandFailure("configuration error:\n" + problems.map(\.description).joined(separator: "\n"), .config) }
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, level: level, environment: environment) }
        let logger = Logger(label: "airtrend")
        var settings = FeedDaemon.Settings()
        settings.generator = "airtrend \(AirtrendVersion.string)"
        settings.shutdownTimeout = .milliseconds(Int(configuration.shutdownTimeoutSeconds * 1000))
        let options = store
        let daemon: FeedDaemon
        do {
            daemon = try FeedDaemon(configuration: configuration, load: { try options.reloadConfiguration() },
                                    notifier: SystemdNotifier(environment: environment), logger: logger, settings: settings)
        } catch {
            throw CommandFailure("configuration error:\n\(error)", .config)
        }
        var group = ServiceGroupConfiguration(services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = settings.shutdownTimeout + .seconds(10)
        try await ServiceGroup(configuration: group).run()
    }

    private func runOnce() async throws {
        let configuration = try store.loadConfiguration()
        let (quiet, format) = (self.quiet, self.format)
        // The same lock as `ingest`: a one-shot run never overlaps another run.
        let status = try await OneShotRun.run(configuration, options: store, trigger: "run-once", wait: 0, quiet: quiet, logger: nil) { store in
            guard let reportConfig = configuration.report, let scope = ReportScope(reportConfig) else { return }
            if !quiet { print("") }
            printRendered(try renderReport(store: store, configuration: configuration, scope: scope, baseline: reportConfig.baseline,
                                           from: reportConfig.from, to: reportConfig.to, profileName: configuration.profile, format: format),
                          format: format)
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
