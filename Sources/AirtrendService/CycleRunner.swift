import AirtrendConfig
import AirtrendIngest
import AirtrendReport
import AirtrendStore
import Dispatch
import Foundation

#if canImport(Glibc)
/// glibc's malloc_trim(3), which the Glibc module does not export: returns freed heap to the kernel.
@_silgen_name("malloc_trim")
private func airtrendMallocTrim(_ pad: Int) -> Int32
#endif

/// Owns the store on one serial queue and runs ingest cycles there, off Swift's cooperative threads.
///
/// The store is a plain (non-`Sendable`) SQLite connection; keeping every use of it on
/// this queue is what makes sharing it with the async daemon safe.
final class CycleRunner: @unchecked Sendable {
    private let queue = DispatchQueue(label: "airtrend.cycle")
    private var store: SQLiteStore?
    private let databasePath: String
    private let now: @Sendable () -> Date
    /// What HTML pages say made them.
    private let generator: String

    /// A cycle's feed runs and, when `html_report:` was due, what publishing the pages did.
    struct Outcome: Sendable {
        var results: [FeedRunResult]
        var report: HTMLReportPublisher.Outcome?
    }

    init(databasePath: String, now: @escaping @Sendable () -> Date, generator: String = "airtrend") {
        self.databasePath = databasePath
        self.now = now
        self.generator = generator
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Opens and migrates the store; called once before READY=1.
    func open() async throws {
        try await onQueue { [self] in
            store = try SQLiteStore(path: databasePath, now: now)
        }
    }

    /// When each feed last finished a run (for catching up after downtime).
    func lastRuns() async throws -> [String: Date] {
        try await onQueue { [self] in
            var result: [String: Date] = [:]
            let formatter = ISO8601DateFormatter()
            for run in try store!.runs(limit: 10_000) where result[run.feed] == nil {
                if let date = formatter.date(from: run.startedAt) { result[run.feed] = date }
            }
            return result
        }
    }

    /// Runs the given feeds once under the ingest lock; nil when another process holds the lock.
    func cycle(configuration: AirtrendConfiguration, feeds: [String], stop: StopFlag) async throws -> Outcome? {
        try await onQueue { [self] in
            let lock = IngestLock(databasePath: databasePath)
            guard try lock.acquire(waitSeconds: 0) else { return nil }
            defer { lock.release() }
            let pipeline = IngestPipeline(configuration: configuration, store: store!, now: now)
            try pipeline.syncStations()
            let results = pipeline.runOnce(only: feeds, trigger: "daemon", stop: stop)
            MetricsWriter.writeIfConfigured(configuration, store: store!, now: now())
            // Pages follow the data: rewritten after a cycle that stored hours (or when one is missing).
            let stored = results.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.counts.stored } }
            let report = HTMLReportPublisher.publishIfDue(configuration, store: store!, storedHours: stored, now: now(), generator: generator)
            // An idle daemon should not sit on a cycle's page cache and freed heap for an hour.
            try? store!.connection.execute("PRAGMA shrink_memory")
            #if canImport(Glibc)
            _ = airtrendMallocTrim(0)
            #endif
            return Outcome(results: results, report: report)
        }
    }

    /// Hours stored, for the status line.
    func storedHours() async throws -> Int {
        try await onQueue { [self] in try store!.summary().hours }
    }
}
