import AirtrendConfig
import AirtrendIngest
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// The long-running `airtrend run`: fetches every feed on its schedule until told to stop.
///
/// - A feed never overlaps itself: a cycle runs its due feeds one after another, under
///   the same lock as `airtrend ingest`, so cron and the daemon never ingest at once.
/// - A failing feed backs off (exponential, capped at its interval) without delaying others.
/// - Runs missed while the machine slept or the daemon was down are caught up once.
/// - SIGHUP re-reads the configuration: a valid one is applied without a restart, a broken
///   one is logged and the old one kept. SIGTERM/SIGINT stop scheduling; a cycle in flight
///   may finish within `shutdownTimeout`, after which its import is interrupted at the next
///   line and the open batch rolled back.
/// - Under systemd it sends READY=1 once the store is open, STATUS= after every cycle,
///   WATCHDOG=1 every half `WATCHDOG_USEC`, RELOADING=1/READY=1 around a reload and STOPPING=1.
public actor FeedDaemon: Service {
    /// Plain settings with their defaults.
    public struct Settings: Sendable {
        public var shutdownTimeout: Duration = .seconds(20)
        /// Shortest back-off after a failure.
        public var minimumBackoff: TimeInterval = 30
        /// How long to wait before retrying when another run holds the lock.
        public var lockRetry: TimeInterval = 30
        public init() {}
    }

    private var configuration: AirtrendConfiguration
    private var schedules: [String: Schedule] = [:]
    private var nextRun: [String: Date] = [:]
    private var failures: [String: Int] = [:]
    private var lastStatus = "starting"
    private var shuttingDown = false
    private let load: @Sendable () throws -> AirtrendConfiguration
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let settings: Settings
    private let now: @Sendable () -> Date
    private let runner: CycleRunner
    private let stop = StopFlag()
    private var random = SystemRandomNumberGenerator()

    /// - Parameters:
    ///   - load: re-reads and validates the configuration (for SIGHUP).
    public init(configuration: AirtrendConfiguration, load: @escaping @Sendable () throws -> AirtrendConfiguration,
                notifier: SystemdNotifier, logger: Logger, settings: Settings = Settings(), now: @escaping @Sendable () -> Date = Date.init) throws {
        self.configuration = configuration
        self.load = load
        self.notifier = notifier
        self.logger = logger
        self.settings = settings
        self.now = now
        self.runner = CycleRunner(databasePath: configuration.database, now: now)
        self.schedules = try Self.schedules(for: configuration)
    }

    /// Every feed's schedule, or a ``DaemonError`` naming the feeds whose schedule is invalid.
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
        if !problems.isEmpty { throw DaemonError(problems.joined(separator: "\n")) }
        return result
    }

    public func run() async throws {
        try await runner.open()
        let last = try await runner.lastRuns()
        plan(lastRuns: last)
        notifier.notify("READY=1\nSTATUS=store open, \(configuration.feeds.count) feeds scheduled")
        logger.info("daemon ready", metadata: ["feeds": "\(configuration.feeds.count)", "db": "\(configuration.database)"])

        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.watchdog() }
                group.addTask { await self.reloads() }
                try await self.schedule()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await self.beginShutdown() }
        }
        notifier.notify("STOPPING=1")
        logger.info("daemon stopped")
    }

    private func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        notifier.notify("STOPPING=1\nSTATUS=stopping")
        logger.notice("stopping: no new cycles; a cycle in flight has \(settings.shutdownTimeout) to finish")
        let timeout = settings.shutdownTimeout
        let stop = self.stop
        Task {
            try? await Task.sleep(for: timeout)
            stop.set()
        }
    }

    /// The main loop: sleep until the next due feed, run the due ones, repeat.
    private func schedule() async throws {
        while !shuttingDown && !Task.isCancelled {
            let current = now()
            let due = configuration.feeds.map(\.id).filter { (nextRun[$0] ?? .distantFuture) <= current }
            if !due.isEmpty {
                try await runCycle(due)
                continue
            }
            let wakeAt = nextRun.values.min() ?? current.addingTimeInterval(3600)
            // Sleep in slices so a reload or shutdown is noticed promptly.
            let slice = min(max(wakeAt.timeIntervalSince(current), 0.05), 1.0)
            try? await Task.sleep(for: .milliseconds(Int(slice * 1000)))
        }
    }

    private func runCycle(_ due: [String]) async throws {
        let started = now()
        guard let results = try await runner.cycle(configuration: configuration, feeds: due, stop: stop) else {
            logger.warning("another airtrend run holds the lock; retrying", metadata: ["retry_s": "\(Int(settings.lockRetry))"])
            for id in due { nextRun[id] = started.addingTimeInterval(settings.lockRetry) }
            return
        }
        var stored = 0
        var failed: [String] = []
        // How long the cycle took in the running daemon (no process start): `Scripts/bench anchors` reads it.
        let cycleMilliseconds = Int((now().timeIntervalSince(started) * 1000).rounded())
        for result in results {
            let feedStored = result.files.reduce(0) { $0 + $1.counts.stored }
            stored += feedStored
            let ok = result.status == .ok
            if ok { failures[result.feed] = 0 } else { failures[result.feed, default: 0] += 1; failed.append(result.feed) }
            let level: Logger.Level = ok ? .info : .warning
            var metadata: Logger.Metadata = ["feed": "\(result.feed)", "readings": "\(feedStored)", "status": "\(result.status.rawValue)",
                                          "cycle_ms": "\(cycleMilliseconds)"]
            if let error = result.failure ?? result.files.compactMap(\.failure).first { metadata["error"] = "\(error)" }
            logger.log(level: level, "feed run", metadata: metadata)
            reschedule(result.feed, after: now(), failed: !ok)
        }
        let hours = (try? await runner.storedHours()) ?? 0
        lastStatus = "cycle \(ISO8601DateFormatter().string(from: started)): \(results.count) feeds, \(stored) hours stored, "
            + (failed.isEmpty ? "no failures" : "failing: \(failed.joined(separator: ","))") + "; store holds \(hours) hours"
        notifier.notify("STATUS=\(lastStatus)")
    }

    /// Next run: the schedule's next fire, or a back-off after a failure (exponential, capped at the interval).
    private func reschedule(_ feed: String, after instant: Date, failed: Bool) {
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

    /// First runs: feeds whose last run missed a fire are due now (once), the others at their next fire.
    private func plan(lastRuns: [String: Date]) {
        let current = now()
        for feed in configuration.feeds {
            guard let schedule = schedules[feed.id] else { continue }
            if nextRun[feed.id] != nil { continue }
            nextRun[feed.id] = Catchup.due(schedule: schedule, lastRun: lastRuns[feed.id], now: current)
                ? current : schedule.fireTime(after: current, using: &random)
        }
        for id in nextRun.keys where !configuration.feeds.contains(where: { $0.id == id }) { nextRun[id] = nil }
    }

    private func watchdog() async throws {
        guard let interval = notifier.watchdogInterval else { return }
        while !Task.isCancelled {
            notifier.notify("WATCHDOG=1")
            try await Task.sleep(for: interval)
        }
    }

    private func reloads() async {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups {
            if shuttingDown { break }
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
            guard problems.isEmpty else { throw DaemonError(problems.map(\.description).joined(separator: "\n")) }
            for feed in fresh.feeds {
                let old = configuration.feeds.first { $0.id == feed.id }
                if old != feed || schedules[feed.id] != freshSchedules[feed.id] { nextRun[feed.id] = nil }
            }
            configuration = fresh
            schedules = freshSchedules
            plan(lastRuns: (try? await runner.lastRuns()) ?? [:])
            logger.notice("configuration reloaded", metadata: ["feeds": "\(fresh.feeds.count)"])
            notifier.notify("READY=1\nSTATUS=configuration reloaded; \(lastStatus)")
        } catch {
            logger.error("reload failed, keeping the previous configuration", metadata: ["error": "\(error)"])
            notifier.notify("READY=1\nSTATUS=reload failed (kept the previous configuration): \(String(describing: error).prefix(200))")
        }
    }
}
