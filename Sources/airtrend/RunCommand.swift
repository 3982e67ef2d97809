import AirtrendDaemon
import AirtrendDomain
import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fetch every configured feed, store, and print the configured report.",
        discussion: "Only --once is available in this version: the scheduled daemon (systemd, Type=notify) is not built yet."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Run every feed once, print the report and exit.")
    var once = false

    @Option(help: "table, csv or json, for the report.")
    var format: ReportFormat = .table

    @Flag(help: "Print only problems and the report.")
    var quiet = false

    func run() throws {
        guard once else {
            fail("the scheduled daemon is not implemented yet; use `airtrend run --once` (or cron with it)", .usage)
        }
        let configuration = try store.loadConfiguration()
        // The same lock as `ingest`: a one-shot run never overlaps another run.
        let lock = IngestLock(databasePath: configuration.database)
        guard (try? lock.acquire(waitSeconds: 0)) == true else {
            fail("another airtrend run holds \(lock.path); try again later", .tempFail)
        }
        defer { lock.release() }
        let sqlite = try store.openStore(configuration)
        let pipeline = IngestPipeline(configuration: configuration, store: sqlite)
        try pipeline.syncStations()
        var status = ExitStatus.ok
        var warned: Set<String> = []
        for feed in pipeline.runOnce(trigger: "run-once") {
            for var file in feed.files {
                file.warnings = file.warnings.filter { warned.insert($0).inserted }
                report(file, quiet: quiet)
            }
            if !quiet && !feed.skipped.isEmpty { print("\(feed.feed): \(feed.skipped.count) unchanged files skipped") }
            if let failure = feed.failure { printError("airtrend: \(failure)") }
            status = status.worst(feed.status)
        }
        if let reportConfig = configuration.report, let scope = ReportScope(reportConfig) {
            if !quiet { print("") }
            print(renderReport(store: sqlite, configuration: configuration, scope: scope, baseline: reportConfig.baseline,
                               from: reportConfig.from, to: reportConfig.to, profileName: configuration.profile, format: format),
                  terminator: "")
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
