import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendNormalize
import AirtrendStore
import Foundation
import Logging

/// Runs configured feeds once: locate or download, normalise, store.
///
/// Feeds run as child tasks, at most `daemon.max_concurrent_feeds` at once; every store access goes
/// through the one ``StoreWriter``, so downloads and requests overlap while writes take turns. A
/// failing feed never stops another. Cancelling the calling task stops the run: waits end at once,
/// and an import in progress stops at its next line with its open batch rolled back.
public struct IngestPipeline: Sendable {
    private let configuration: AirtrendConfiguration
    private let services: FeedServices

    /// - Parameters:
    ///   - environment: where live feeds' `api_key_env` variables are read.
    ///   - now: wall time, for the future rule, cursors, windows and run records.
    ///   - clock: for rate limits, backoff and `Retry-After` waits.
    public init(configuration: AirtrendConfiguration, writer: StoreWriter, temporaryDirectory: String = NSTemporaryDirectory(),
                environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, clock: ContinuousClock = ContinuousClock(),
                retryPolicy: RetryPolicy = RetryPolicy()) {
        self.configuration = configuration
        let hour: @Sendable () -> UTCHour = { UTCHour(Int(now().timeIntervalSince1970).floorDiv(3600)) }
        let defaults = QualityControl(plausibleMaximum: configuration.plausibleMaximum)
        let rules = ImportRules(qualityControl: defaults, now: hour)
        services = FeedServices(writer: writer, hosts: HostLimiter(perHost: 2), files: FileImporter(rules: rules), pages: PageImporter(rules: rules), retryPolicy: retryPolicy, clock: clock,
                                now: now, environment: environment, temporaryDirectory: temporaryDirectory, logger: logger)
    }

    /// Writes the configured stations to the store (creating or updating them).
    public func syncStations() async throws {
        let stations = configuration.stations
        try await services.writer.write { store in
            for station in stations { try store.saveStation(station) }
        }
    }

    /// Runs the named feeds (all when `only` is empty), recording each in the `runs` table; results in config order.
    ///
    /// - Parameter trigger: what started the run (`ingest`, `run-once`, `daemon`), kept with it.
    public func run(only: [String] = [], trigger: String) async -> [FeedRunResult] {
        let feeds = configuration.feeds.filter { only.isEmpty || only.contains($0.id) }
        let writer = services.writer
        var runIDs: [String: Int64] = [:]
        for feed in feeds { runIDs[feed.id] = try? await writer.write { try $0.beginRun(feed: feed.id, trigger: trigger) } }
        // Blocking imports cannot see task cancellation; the flag carries it to them.
        let stop = StopFlag()
        let results = await withTaskCancellationHandler {
            await runBounded(feeds, stop: stop)
        } onCancel: {
            stop.set()
        }
        var ordered: [FeedRunResult] = []
        for feed in feeds {
            let result = results[feed.id] ?? FeedRunResult(feed: feed.id)
            if let runID = runIDs[feed.id] {
                let stored = result.files.reduce(0) { $0 + $1.counts.stored }
                let outcome = result.outcome == .ok ? "ok" : (stored > 0 ? "partial" : "failed")
                let error = result.failure ?? result.files.compactMap(\.failure).first
                let quarantined = result.files.reduce(0) { $0 + $1.counts.quarantined }
                let rejected = result.files.reduce(0) { $0 + $1.counts.rejected }
                let (files, skipped) = (result.files.count, result.skipped.count)
                _ = try? await writer.write {
                    try $0.finishRun(runID, outcome: outcome, files: files, skipped: skipped, stored: stored, quarantined: quarantined,
                                     rejected: rejected, error: error)
                }
            }
            ordered.append(result)
        }
        return ordered
    }

    /// Runs each feed in a child task, at most `maxConcurrentFeeds` at a time.
    private func runBounded(_ feeds: [FeedConfiguration], stop: StopFlag) async -> [String: FeedRunResult] {
        await withTaskGroup(of: FeedRunResult.self) { group in
            var results: [String: FeedRunResult] = [:]
            var pending = feeds[...]
            for _ in 0..<max(1, configuration.maxConcurrentFeeds) {
                guard let feed = pending.popFirst() else { break }
                group.addTask { await runFeed(feed, stop: stop) }
            }
            for await result in group {
                results[result.feed] = result
                if let feed = pending.popFirst() { group.addTask { await runFeed(feed, stop: stop) } }
            }
            return results
        }
    }

    private func runFeed(_ feed: FeedConfiguration, stop: StopFlag) async -> FeedRunResult {
        if FeedRegistry.isLiveKind(feed.kind) {
            let request = FeedImportSettings.liveRequest(for: feed, configuration: configuration, stop: stop)
            return await LiveFeedRun(feed: feed, configuration: configuration, request: request, services: services).run()
        }
        let request: ImportRequest
        do {
            request = try FeedImportSettings.archiveRequest(for: feed, configuration: configuration, stop: stop)
        } catch {
            var result = FeedRunResult(feed: feed.id)
            result.failure = "feed \(feed.id): \(error)"
            result.outcome = .configuration
            return result
        }
        if DatedArchiveRun.isTemplate(feed.url) {
            return await DatedArchiveRun(feed: feed, configuration: configuration, request: request, services: services).run()
        }
        return await ArchiveFeedRun(feed: feed, configuration: configuration, request: request, services: services).run()
    }

    /// `feeds test`: one page of a live feed, decoded, nothing written.
    public func preview(feed: FeedConfiguration) async -> FeedPreview {
        await FeedPreview.fetch(feed, configuration: configuration, services: services)
    }
}
