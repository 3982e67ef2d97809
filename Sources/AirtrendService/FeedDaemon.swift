import AirtrendConfig
import AirtrendIngest
import AirtrendStore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
/// glibc's malloc_trim(3), which the Glibc module does not export: returns freed heap to the kernel.
@_silgen_name("malloc_trim")
private func airtrendMallocTrim(_ pad: Int) -> Int32
#endif

/// The long-running `airtrend run`: fetches every feed on its schedule until told to stop.
///
/// - A feed never overlaps itself: a cycle runs its due feeds, under the same lock as
///   `airtrend ingest`, so cron and the daemon never ingest at once.
/// - A failing feed backs off (exponential, capped at its interval) without delaying others, and
///   never runs again before a server's `Retry-After` (``FeedRunResult/notBefore``).
/// - Runs missed while the machine slept or the daemon was down are caught up once; a feed whose
///   last run never finished (the daemon died during it) runs at once on start.
/// - SIGHUP re-reads the configuration: a valid one is applied without a restart, a broken
///   one is logged and the old one kept. SIGTERM/SIGINT stop scheduling; a cycle in flight
///   may finish within `shutdownTimeout`, after which it is cancelled: its waits end and its
///   import stops at the next line with the open batch rolled back.
/// - Under systemd it sends READY=1 once the store is open, STATUS= after every cycle,
///   WATCHDOG=1 every half `WATCHDOG_USEC`, RELOADING=1/READY=1 around a reload and STOPPING=1.
///
/// Every activity is a child task of the service group's task (see ``LaneExecutor`` for the
/// concurrency model); the scheduler sleeps on the injected clock until the next feed is due or a
/// reload or shutdown wakes it.
public actor FeedDaemon: Service {
    /// Plain settings with their defaults.
    public struct Settings: Sendable {
        public var shutdownTimeout: Duration = .seconds(20)
        /// Shortest back-off after a failure.
        public var minimumBackoff: TimeInterval = 30
        /// How long to wait before retrying when another run holds the lock.
        public var lockRetry: TimeInterval = 30
        /// The longest single sleep: schedules are wall-clock times, so the scheduler looks at the
        /// wall clock again at least this often (it may have been corrected meanwhile).
        public var longestSleep: Duration = .seconds(300)
        /// What the `html_report:` pages say made them, e.g. `airtrend 0.1.0`.
        public var generator = "airtrend"
        public init() {}
    }

    private var configuration: AirtrendConfiguration
    private var schedules: [String: Schedule] = [:]
    private var nextRun: [String: Date] = [:]
    private var failures: [String: Int] = [:]
    private var lastStatus = "starting"
    private var writer: StoreWriter?
    private let load: @Sendable () throws -> AirtrendConfiguration
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let settings: Settings
    private let now: @Sendable () -> Date
    private let clock: ContinuousClock
    private let shutdown = Latch()
    private let wakeup = Wakeup()
    private var random = SystemRandomNumberGenerator()

    /// - Parameters:
    ///   - load: re-reads and validates the configuration (for SIGHUP).
    ///   - now: wall time, which schedules are written in.
    ///   - clock: what waits are measured on.
    public init(configuration: AirtrendConfiguration, load: @escaping @Sendable () throws -> AirtrendConfiguration,
                notifier: SystemdNotifier, logger: Logger, settings: Settings = Settings(),
                now: @escaping @Sendable () -> Date = Date.init, clock: ContinuousClock = ContinuousClock()) throws {
        self.configuration = configuration
        self.load = load
        self.notifier = notifier
        self.logger = logger
        self.settings = settings
        self.now = now
        self.clock = clock
        self.schedules = try Self.schedules(for: configuration)
    }

    /// Every feed's schedule, or a ``ServiceError`` naming the feeds whose schedule is invalid.
    static func schedules(for configuration: AirtrendConfiguration) throws -> [String: Schedule] {
        var result: [String: Schedule] = [:]
        var problems: [String] = []
        for feed in configuration.feeds {
            do {
                result[feed.id] = try Schedule(feed.schedule ?? "hourly", timeZone: feed.scheduleTimeZone ?? "UTC", jitterSeconds: feed.jitterSeconds ?? 0)
            } catch {
                problems.append("feeds.\(feed.id).schedule: \(error)")
            }
        }
        if !problems.isEmpty { throw ServiceError(problems.joined(separator: "\n")) }
        return result
    }

    public func run() async throws {
        let writer = StoreWriter(try SQLiteStore(path: configuration.database, now: now))
        self.writer = writer
        let history = await lastRuns(writer)
        plan(lastRuns: history.started, unfinished: history.unfinished)
        if !history.unfinished.isEmpty {
            logger.notice("feeds whose last run did not finish run now", metadata: ["feeds": "\(history.unfinished.sorted().joined(separator: ","))"])
        }
        notifier.notify("READY=1\nSTATUS=store open, \(configuration.feeds.count) feeds scheduled")
        logger.info("daemon ready", metadata: ["feeds": "\(configuration.feeds.count)", "db": "\(configuration.database)"])

        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.watchdog() }
                group.addTask { await self.reloads() }
                try await self.schedule(writer)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await self.beginShutdown() }
        }
        notifier.notify("STOPPING=1")
        logger.info("daemon stopped")
    }

    private func beginShutdown() async {
        guard !(await shutdown.isFired) else { return }
        notifier.notify("STOPPING=1\nSTATUS=stopping")
        logger.notice("stopping: no new cycles; a cycle in flight has \(settings.shutdownTimeout) to finish")
        await shutdown.fire()
        await wakeup.signal()
    }

    /// The main loop: sleep until the next due feed (or a wake-up), run the due ones, repeat.
    private func schedule(_ writer: StoreWriter) async throws {
        while !Task.isCancelled, !(await shutdown.isFired) {
            let current = now()
            let due = configuration.feeds.map(\.id).filter { (nextRun[$0] ?? .distantFuture) <= current }
            if !due.isEmpty {
                try await runCycle(due, writer: writer)
                continue
            }
            let wakeAt = nextRun.values.min() ?? current.addingTimeInterval(3600)
            let delay = min(Duration.milliseconds(Int64(max(wakeAt.timeIntervalSince(current), 0) * 1000)), settings.longestSleep)
            await sleep(for: delay)
        }
    }

    /// Sleeps on the clock for `delay`, or until a reload or shutdown wakes the scheduler.
    private func sleep(for delay: Duration) async {
        let (clock, wakeup) = (self.clock, self.wakeup)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(for: delay) }
            group.addTask { await wakeup.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func runCycle(_ due: [String], writer: StoreWriter) async throws {
        let started = now()
        let lock = IngestLock(databasePath: configuration.database)
        guard try lock.tryAcquire() else {
            logger.warning("another airtrend run holds the lock; retrying", metadata: ["retry_s": "\(Int(settings.lockRetry))"])
            for id in due { nextRun[id] = started.addingTimeInterval(settings.lockRetry) }
            return
        }
        defer { lock.release() }
        let configuration = self.configuration
        let pipeline = IngestPipeline(configuration: configuration, writer: writer, logger: logger, now: now, clock: clock)
        try await pipeline.syncStations()
        let results = await runUntilShutdownDeadline(pipeline, due: due)
        // How long the feeds took in the running daemon (no process start): `Scripts/bench anchors` reads it.
        let cycleMilliseconds = Int((self.now().timeIntervalSince(started) * 1000).rounded())
        let now = self.now
        let generator = settings.generator
        let storedHours = results.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.counts.stored } }
        let (metricsProblem, hours, report) = await writer.write { store -> (String?, Int, HTMLReportPublisher.Outcome?) in
            let problem = MetricsWriter.writeIfConfigured(configuration, store: store, now: now())
            // Pages follow the data: rewritten after a cycle that stored hours (or when the index is missing).
            let report = HTMLReportPublisher.publishIfDue(configuration, store: store, storedHours: storedHours, now: now(),
                                                          generator: generator)
            // An idle daemon should not sit on a cycle's page cache and freed heap for an hour.
            try? store.releaseMemory()
            #if canImport(Glibc)
            _ = airtrendMallocTrim(0)
            #endif
            return (problem, (try? store.summary().hours) ?? 0, report)
        }
        if let metricsProblem { logger.warning("metrics not written", metadata: ["error": "\(metricsProblem)"]) }
        if let report {
            for problem in report.problems { logger.warning("html report", metadata: ["error": "\(problem)"]) }
            logger.info("html report", metadata: ["files": "\(report.written.count)", "path": "\(configuration.htmlReport?.path ?? "")"])
        }
        var stored = 0
        var failed: [String] = []
        for result in results {
            let feedStored = result.files.reduce(0) { $0 + $1.counts.stored }
            stored += feedStored
            let ok = result.outcome == .ok
            if ok { failures[result.feed] = 0 } else { failures[result.feed, default: 0] += 1; failed.append(result.feed) }
            var metadata: Logger.Metadata = ["feed": "\(result.feed)", "readings": "\(feedStored)", "outcome": "\(result.outcome)",
                                             "cycle_ms": "\(cycleMilliseconds)"]
            if let error = result.failure ?? result.files.compactMap(\.failure).first { metadata["error"] = "\(error)" }
            if let notBefore = result.notBefore { metadata["not_before"] = "\(ISO8601DateFormatter().string(from: notBefore))" }
            logger.log(level: ok ? .info : .warning, "feed run", metadata: metadata)
            reschedule(result.feed, after: self.now(), failed: !ok, notBefore: result.notBefore)
        }
        lastStatus = "cycle \(ISO8601DateFormatter().string(from: started)): \(results.count) feeds, \(stored) hours stored, "
            + (failed.isEmpty ? "no failures" : "failing: \(failed.joined(separator: ","))") + "; store holds \(hours) hours"
        notifier.notify("STATUS=\(lastStatus)")
    }

    /// Runs the cycle; once shutdown has begun and `shutdownTimeout` passed, cancels it and returns what it finished.
    private func runUntilShutdownDeadline(_ pipeline: IngestPipeline, due: [String]) async -> [FeedRunResult] {
        let (shutdown, clock, timeout) = (self.shutdown, self.clock, settings.shutdownTimeout)
        return await withTaskGroup(of: [FeedRunResult]?.self) { group in
            group.addTask { await pipeline.run(only: due, trigger: "daemon") }
            group.addTask {
                await shutdown.wait()
                if !Task.isCancelled { try? await clock.sleep(for: timeout) }
                return nil
            }
            var results: [FeedRunResult] = []
            while let next = await group.next() {
                group.cancelAll()
                if let next {
                    results = next
                    break
                }
            }
            return results
        }
    }

    /// Next run: the schedule's next fire, or a back-off after a failure (exponential, capped at the interval);
    /// never before `notBefore`, when the server asked not to be asked again sooner.
    private func reschedule(_ feed: String, after instant: Date, failed: Bool, notBefore: Date? = nil) {
        defer { if let notBefore, let next = nextRun[feed], next < notBefore { nextRun[feed] = notBefore } }
        guard let schedule = schedules[feed] else { return }
        let nominal = schedule.fireTime(after: instant, using: &random)
        if failed, let count = failures[feed], count > 0 {
            let cap = schedule.interval ?? nominal.timeIntervalSince(instant)
            let backoff = min(settings.minimumBackoff * pow(2, Double(count - 1)), max(cap, settings.minimumBackoff))
            nextRun[feed] = min(nominal, instant.addingTimeInterval(backoff))
        } else {
            nextRun[feed] = nominal
        }
    }

    /// When each feed last started a run (for catching up after downtime), and the feeds whose last
    /// run never finished (the process died during it: the `runs` row has no `finished_at`).
    private func lastRuns(_ writer: StoreWriter) async -> (started: [String: Date], unfinished: Set<String>) {
        let runs = (try? await writer.write { try $0.runs(feed: nil, limit: 10_000) }) ?? []
        var started: [String: Date] = [:]
        var unfinished: Set<String> = []
        let formatter = ISO8601DateFormatter()
        for run in runs where started[run.feed] == nil {
            guard let date = formatter.date(from: run.startedAt) else { continue }
            started[run.feed] = date
            if run.finishedAt == nil { unfinished.insert(run.feed) }
        }
        return (started, unfinished)
    }

    /// First runs: feeds whose last run missed a fire, or never finished (`unfinished`: a crash or
    /// `kill -9` during it), are due now (once), the others at their next fire.
    private func plan(lastRuns: [String: Date], unfinished: Set<String> = []) {
        let current = now()
        for feed in configuration.feeds {
            guard let schedule = schedules[feed.id] else { continue }
            if nextRun[feed.id] != nil { continue }
            let due = unfinished.contains(feed.id) || Catchup.due(schedule: schedule, lastRun: lastRuns[feed.id], now: current)
            nextRun[feed.id] = due ? current : schedule.fireTime(after: current, using: &random)
        }
        for id in nextRun.keys where !configuration.feeds.contains(where: { $0.id == id }) { nextRun[id] = nil }
    }

    private func watchdog() async throws {
        guard let interval = notifier.watchdogInterval else { return }
        while !Task.isCancelled {
            notifier.notify("WATCHDOG=1")
            try await clock.sleep(for: interval)
        }
    }

    private func reloads() async {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups {
            if await shutdown.isFired { break }
            await reload()
        }
    }

    /// Re-reads the configuration; applies it when valid, keeps the old one otherwise.
    func reload() async {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(DispatchTime.now().uptimeNanoseconds / 1000)")
        do {
            let fresh = try load()
            let freshSchedules = try Self.schedules(for: fresh)
            let problems = ConfigurationChecker().problems(in: fresh)
            guard problems.isEmpty else { throw ServiceError(problems.map(\.description).joined(separator: "\n")) }
            for feed in fresh.feeds {
                let old = configuration.feeds.first { $0.id == feed.id }
                if old != feed || schedules[feed.id] != freshSchedules[feed.id] { nextRun[feed.id] = nil }
            }
            configuration = fresh
            schedules = freshSchedules
            // Not `unfinished`: during a reload the runs without an end may be this daemon's own, in flight.
            if let writer { plan(lastRuns: await lastRuns(writer).started) }
            logger.notice("configuration reloaded", metadata: ["feeds": "\(fresh.feeds.count)"])
            notifier.notify("READY=1\nSTATUS=configuration reloaded; \(lastStatus)")
        } catch {
            logger.error("reload failed, keeping the previous configuration", metadata: ["error": "\(error)"])
            notifier.notify("READY=1\nSTATUS=reload failed (kept the previous configuration): \(String(describing: error).prefix(200))")
        }
        await wakeup.signal()
    }
}
