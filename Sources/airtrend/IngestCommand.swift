import AirtrendDaemon
import ArgumentParser
import Foundation
import Logging

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run every configured feed (or the named ones) once and exit: the one-shot for cron and systemd timers.",
        discussion: """
            Takes an exclusive lock beside the database (<db>.lock), so two runs, or a run and the daemon, never ingest at once.
            Exit status: 0 done; 65 input rejected (some rows or files); 69 a feed unavailable; 75 the lock is held (try later,
            or give --wait); 78 configuration error. Every feed run is recorded in the store's runs table.
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

    func run() throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            fail("--log-level: expected trace, debug, info, notice, warning, error or critical", .usage)
        }
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, level: level, environment: environment) }
        let logger = Logger(label: "airtrend.ingest")
        let configuration = try store.loadConfiguration()
        let unknown = feeds.filter { id in !configuration.feeds.contains { $0.id == id } }
        if !unknown.isEmpty {
            fail("no feed \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(configuration.file ?? "the configuration"); configured feeds: \(configuration.feeds.map(\.id).joined(separator: ", "))", .config)
        }
        let lock = IngestLock(databasePath: configuration.database)
        do {
            guard try lock.acquire(waitSeconds: wait) else {
                let holder = (try? String(contentsOfFile: lock.path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                fail("another airtrend run holds \(lock.path) (pid \(holder)); try again later or give --wait SECONDS", .tempFail)
            }
        } catch {
            fail("\(error)", .software)
        }
        defer { lock.release() }
        let sqlite = try store.openStore(configuration)
        let pipeline = IngestPipeline(configuration: configuration, store: sqlite)
        try pipeline.syncStations()
        var status = ExitStatus.ok
        var warned: Set<String> = []
        for feed in pipeline.runOnce(only: feeds, trigger: "ingest") {
            for var file in feed.files {
                file.warnings = file.warnings.filter { warned.insert($0).inserted }
                report(file, quiet: quiet)
            }
            if !quiet && !feed.skipped.isEmpty { print("\(feed.feed): \(feed.skipped.count) unchanged files skipped") }
            if let failure = feed.failure { printError("airtrend: \(failure)") }
            // One structured event per feed run: with `<N>` priorities under systemd, for the journal.
            var metadata: Logger.Metadata = [
                "feed": "\(feed.feed)", "files": "\(feed.files.count)", "skipped": "\(feed.skipped.count)",
                "readings": "\(feed.files.reduce(0) { $0 + $1.counts.stored })",
                "quarantined": "\(feed.files.reduce(0) { $0 + $1.counts.quarantined })",
                "rejected": "\(feed.files.reduce(0) { $0 + $1.counts.rejected })", "status": "\(feed.status.rawValue)",
            ]
            if let error = feed.failure ?? feed.files.compactMap(\.failure).first { metadata["error"] = "\(error)" }
            logger.log(level: feed.status == .ok ? .info : .warning, "feed run", metadata: metadata)
            // A file that vanished between listing and reading is the feed being unavailable.
            status = status.worst(feed.status == .noInput || feed.status == .software ? .unavailable : feed.status)
        }
        if let problem = pipeline.writeMetrics(now: Date()) { printError("airtrend: warning: \(problem)") }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
