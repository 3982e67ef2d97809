import AirtrendConfig
import AirtrendFetch
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendStore
import Foundation
import Logging

/// What `ingest` and `run --once` share: the lock and the per-feed reporting.
enum OneShotRun {
    /// Takes the ingest lock beside the database, or exits: 75 when another run holds it, 70 on an error.
    static func lock(databasePath: String, waitSeconds: Double) -> IngestLock {
        let lock = IngestLock(databasePath: databasePath)
        do {
            guard try lock.acquire(waitSeconds: waitSeconds) else {
                let holder = (try? String(contentsOfFile: lock.path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                fail("another airtrend run holds \(lock.path) (pid \(holder)); try again later or give --wait SECONDS", .tempFail)
            }
        } catch {
            fail("\(error)", .software)
        }
        return lock
    }

    /// Writes the `html_report:` pages when the run stored data (or a page is missing); prints problems,
    /// and unless `quiet` what was written.
    static func publishReports(_ configuration: AirtrendConfiguration, store: any ReportStore, results: [FeedRunResult], quiet: Bool) {
        let stored = results.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.counts.stored } }
        guard let outcome = HTMLReportPublisher.publishIfDue(configuration, store: store, storedHours: stored, now: Date(),
                                                             generator: "airtrend \(AirtrendVersion.string)") else { return }
        for problem in outcome.problems { printError("airtrend: warning: \(problem)") }
        if !quiet && !outcome.written.isEmpty, let path = configuration.htmlReport?.path {
            print("html report: \(outcome.written.count) files written to \(path)")
        }
    }

    /// Prints each feed's files and problems (warnings once per run), logs one event per feed when
    /// given a logger, and returns the worst exit status.
    static func report(_ feeds: [FeedRunResult], quiet: Bool, logger: Logger?) -> ExitStatus {
        var status = ExitStatus.ok
        var warned: Set<String> = []
        for feed in feeds {
            for var file in feed.files {
                file.warnings = file.warnings.filter { warned.insert($0).inserted }
                printImportResult(file, quiet: quiet)
            }
            if !quiet && !feed.skipped.isEmpty { print("\(feed.feed): \(feed.skipped.count) unchanged files skipped") }
            for warning in feed.warnings { printError("airtrend: warning: \(warning)") }
            if let failure = feed.failure { printError("airtrend: \(failure)") }
            if let logger {
                // One structured event per feed run: with `<N>` priorities under systemd, for the journal.
                var metadata: Logger.Metadata = [
                    "feed": "\(feed.feed)", "files": "\(feed.files.count)", "skipped": "\(feed.skipped.count)",
                    "readings": "\(feed.files.reduce(0) { $0 + $1.counts.stored })",
                    "quarantined": "\(feed.files.reduce(0) { $0 + $1.counts.quarantined })",
                    "rejected": "\(feed.files.reduce(0) { $0 + $1.counts.rejected })", "status": "\(feed.status.rawValue)",
                ]
                if let error = feed.failure ?? feed.files.compactMap(\.failure).first { metadata["error"] = "\(error)" }
                logger.log(level: feed.status == .ok ? .info : .warning, "feed run", metadata: metadata)
            }
            // A file that vanished between listing and reading is the feed being unavailable.
            status = status.worst(feed.status == .noInput || feed.status == .software ? .unavailable : feed.status)
        }
        return status
    }
}
