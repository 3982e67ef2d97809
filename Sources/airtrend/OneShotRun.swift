import AirtrendFetch
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendConfig
import AirtrendStore
import Foundation
import Logging

/// What `ingest` and `run --once` share: the lock and the per-feed reporting.
enum OneShotRun {
    /// Takes the ingest lock beside the database (waiting up to `wait`), runs the feeds, prints what each
    /// did, writes the metrics file, then gives the store to `afterward` (the report of `run --once`)
    /// before the lock is released. Returns the worst outcome as an exit status.
    ///
    /// - Throws: ``CommandFailure`` with 75 when another run holds the lock, 70 when the store cannot be opened.
    static func run(_ configuration: AirtrendConfiguration, options: StoreOptions, only feeds: [String] = [], trigger: String,
                    wait: Double, quiet: Bool, logger: Logger?,
                    afterward: @Sendable (any ReportStore) throws -> Void = { _ in }) async throws -> ExitStatus {
        let lock = IngestLock(databasePath: configuration.database)
        defer { lock.release() }
        do {
            guard try await lock.acquire(waiting: .milliseconds(Int64(max(0, wait) * 1000))) else {
                throw CommandFailure("another airtrend run holds \(lock.path) (pid \(lock.holder)); try again later or give --wait SECONDS", .tempFail)
            }
        } catch let error as IngestError {
            throw CommandFailure(error.message, .software)
        }
        let writer = StoreWriter(try options.openStore(configuration))
        let pipeline = IngestPipeline(configuration: configuration, writer: writer, logger: logger)
        do {
            try await pipeline.syncStations()
        } catch {
            throw StoreFailure.failure(error, path: configuration.database)
        }
        let results = await pipeline.run(only: feeds, trigger: trigger)
        let status = report(results, quiet: quiet, logger: logger)
        try await writer.write { store in
            if let problem = MetricsWriter.writeIfConfigured(configuration, store: store, now: Date()) {
                printError("airtrend: warning: \(problem)")
            }
            publishReports(configuration, store: store, results: results, quiet: quiet)
            try afterward(store)
        }
        return status
    }

    /// Writes the `html_report:` pages when the run stored data (or the index is missing); prints problems,
    /// and unless `quiet` what was written.
    static func publishReports(_ configuration: AirtrendConfiguration, store: any ReportStore, results: [FeedRunResult], quiet: Bool) {
        let stored = results.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.counts.stored } }
        guard let outcome = HTMLReportPublisher.publishIfDue(configuration, store: store, storedHours: stored, now: Date(),
                                                             generator: "airtrend \(AirtrendVersion.string)") else { return }
        for problem in outcome.problems { printError("airtrend: warning: \(problem)") }
        if !quiet && !outcome.written.isEmpty, let path = configuration.htmlReport?.path {
            printText("html report: \(outcome.written.count) files written to \(path)")
        }
    }

    /// Prints each feed's files and problems (warnings once per run), logs one event per feed when
    /// given a logger, and returns the worst exit status.
    static func report(_ feeds: [FeedRunResult], quiet: Bool, logger: Logger?) -> ExitStatus {
        var outcome = IngestOutcome.ok
        var warned: Set<String> = []
        for feed in feeds {
            for var file in feed.files {
                file.warnings = file.warnings.filter { warned.insert($0).inserted }
                printImportResult(file, quiet: quiet)
            }
            if !quiet && !feed.skipped.isEmpty { printText("\(feed.feed): \(feed.skipped.count) unchanged files skipped") }
            for warning in feed.warnings { printError("airtrend: warning: \(oneLine(warning))") }
            if let failure = feed.failure { printError("airtrend: \(oneLine(failure))") }
            if let logger {
                // One structured event per feed run: with `<N>` priorities under systemd, for the journal.
                var metadata: Logger.Metadata = [
                    "feed": "\(feed.feed)", "files": "\(feed.files.count)", "skipped": "\(feed.skipped.count)",
                    "readings": "\(feed.files.reduce(0) { $0 + $1.counts.stored })",
                    "quarantined": "\(feed.files.reduce(0) { $0 + $1.counts.quarantined })",
                    "rejected": "\(feed.files.reduce(0) { $0 + $1.counts.rejected })", "outcome": "\(feed.outcome)",
                ]
                if let error = feed.failure ?? feed.files.compactMap(\.failure).first { metadata["error"] = "\(error)" }
                logger.log(level: feed.outcome == .ok ? .info : .warning, "feed run", metadata: metadata)
            }
            // A file that vanished between listing and reading is the feed being unavailable.
            outcome = outcome.worst(feed.outcome == .missingInput ? .unavailable : feed.outcome)
        }
        return ExitStatus(outcome)
    }
}
