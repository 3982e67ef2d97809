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
/// A failing feed never stops another. Archive files a feed has imported in
/// full are skipped while their size and modification time are unchanged.
public final class IngestPipeline {
    private let configuration: AirtrendConfiguration
    private let store: any IngestStore
    private let importer: ArchiveImporter
    private let temporaryDirectory: String
    private let storeGate = NSLock()
    private let liveRunner: LiveFeedRunner
    private let now: () -> Date

    /// - Parameter now: the clock, for the future rule and run records.
    /// - Parameters:
    ///   - environment: where live feeds' `api_key_env` variables are read.
    public init(configuration: AirtrendConfiguration, store: any IngestStore, temporaryDirectory: String = NSTemporaryDirectory(),
                environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger? = nil,
                now: @escaping () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        let importer = ArchiveImporter(store: store, qualityControl: QualityControl(plausibleMaximum: configuration.plausibleMaximum),
                                       now: { UTCHour(Int(now().timeIntervalSince1970).floorDiv(3600)) })
        self.importer = importer
        self.temporaryDirectory = temporaryDirectory
        self.now = now
        self.liveRunner = LiveFeedRunner(configuration: configuration, store: store, importer: importer, storeGate: storeGate,
                                         environment: environment, now: now, logger: logger)
    }

    /// `feeds test`: one page of a live feed, decoded, nothing written.
    public func preview(feed: FeedConfiguration) -> LiveFeedRunner.Preview { liveRunner.preview(feed) }

    /// Writes the configured stations to the store (creating or updating them).
    public func syncStations() throws {
        for station in configuration.stations { try store.saveStation(station) }
    }

    /// Runs the named feeds (all when `only` is empty), recording each in the `runs` table.
    ///
    /// Live feeds fetch on their own threads while archive feeds import here; every write goes
    /// through one gate, because the store has one writer. Results come back in config order.
    ///
    /// - Parameter trigger: what started the run (`ingest`, `run-once`, `daemon`), kept with it.
    public func runOnce(only: [String] = [], trigger: String = "run-once", stop: StopFlag? = nil) -> [FeedRunResult] {
        let feeds = configuration.feeds.filter { only.isEmpty || only.contains($0.id) }
        let live = feeds.filter { FeedRegistry.isLiveKind($0.kind) }
        let archives = feeds.filter { !FeedRegistry.isLiveKind($0.kind) }
        var runIDs: [String: Int64] = [:]
        for feed in feeds { runIDs[feed.id] = try? store.beginRun(feed: feed.id, trigger: trigger) }

        final class Box: @unchecked Sendable { var results: [FeedRunResult] = [] }
        let liveBox = Box()
        let liveDone = DispatchSemaphore(value: 0)
        if !live.isEmpty {
            let runner = liveRunner
            // Built here, on the caller's thread: the live threads then touch nothing of this pipeline.
            let requests = Dictionary(uniqueKeysWithValues: live.map { ($0.id, importRequest(for: $0, stop: stop)) })
            Thread.detachNewThread {
                liveBox.results = runner.run(live, stop: stop) { requests[$0.id]! }
                liveDone.signal()
            }
        }
        let downloads = prefetch(archives.filter { !ArchiveLocator.isFileURL($0.url) && !DatedArchiveRunner.isTemplate($0.url) })
        defer { for case .success(let path) in downloads.values { try? FileManager.default.removeItem(atPath: path) } }
        var results: [String: FeedRunResult] = [:]
        for feed in archives {
            if DatedArchiveRunner.isTemplate(feed.url) {
                // Downloads outside the gate, imports inside it, one day at a time.
                results[feed.id] = runDated(feed, stop: stop)
            } else {
                results[feed.id] = storeGate.withLock { run(feed, stop: stop, download: downloads[feed.id]) }
            }
        }
        if !live.isEmpty {
            liveDone.wait()
            for result in liveBox.results { results[result.feed] = result }
        }
        return feeds.map { feed in
            let result = results[feed.id] ?? FeedRunResult(feed: feed.id)
            if let runID = runIDs[feed.id] {
                let stored = result.files.reduce(0) { $0 + $1.counts.stored }
                let outcome = result.status == .ok ? "ok" : (stored > 0 ? "partial" : "failed")
                let error = result.failure ?? result.files.compactMap(\.failure).first
                try? store.finishRun(runID, outcome: outcome, files: result.files.count, skipped: result.skipped.count, stored: stored,
                                     quarantined: result.files.reduce(0) { $0 + $1.counts.quarantined },
                                     rejected: result.files.reduce(0) { $0 + $1.counts.rejected }, error: error)
            }
            return result
        }
    }

    /// The import settings of a live feed's pages: its kind, quality rules, zone and city aliases.
    func importRequest(for feed: FeedConfiguration, stop: StopFlag?) -> ImportRequest {
        var options = LayoutOptions()
        if let zone = feed.options["timezone"]?.stringValue { options.timeZone = try? StationTimeZone(zone) }
        return importRequest(for: feed, options: options, stop: stop)
    }

    /// The settings every import of a feed shares, live or archive: its kind, options, rules and city aliases.
    private func importRequest(for feed: FeedConfiguration, options: LayoutOptions, stop: StopFlag?) -> ImportRequest {
        var request = ImportRequest(layout: feed.kind, options: options, feed: feed.id)
        request.cityAliases = configuration.cityAliases
        request.stop = stop
        request.qualityControl = Self.qualityControl(for: feed, configuration: configuration)
        return request
    }

    /// Downloads the remote feeds' archives, at most `maxConcurrentFeeds` at once. Imports then run one
    /// after another, because the store has one writer; the network waits overlap, the writes do not.
    private func prefetch(_ feeds: [FeedConfiguration]) -> [String: Result<String, FetchError>] {
        guard !feeds.isEmpty else { return [:] }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [String: Result<String, FetchError>] = [:]
        }
        let results = Results()
        let gate = DispatchSemaphore(value: max(1, configuration.maxConcurrentFeeds))
        let group = DispatchGroup()
        let directory = temporaryDirectory
        let pid = getpid()
        for feed in feeds {
            gate.wait()
            group.enter()
            Thread.detachNewThread {
                defer { gate.signal(); group.leave() }
                let local = directory + "/airtrend-\(feed.id)-\(pid).download"
                let outcome: Result<String, FetchError>
                do throws(FetchError) {
                    try CurlDownloader().download(feed.url, to: local)
                    outcome = .success(local)
                } catch {
                    try? FileManager.default.removeItem(atPath: local)
                    outcome = .failure(error)
                }
                results.lock.lock()
                results.values[feed.id] = outcome
                results.lock.unlock()
            }
        }
        group.wait()
        return results.values
    }

    /// The import settings of an archive feed: its layout and options, quality rules and city aliases.
    private func archiveRequest(for feed: FeedConfiguration, stop: StopFlag?) throws -> ImportRequest {
        _ = try LayoutRegistry.layout(named: feed.kind)
        return importRequest(for: feed, options: try Self.layoutOptions(for: feed, base: configuration.baseDirectory), stop: stop)
    }

    private func runDated(_ feed: FeedConfiguration, stop: StopFlag?) -> FeedRunResult {
        let request: ImportRequest
        do {
            request = try archiveRequest(for: feed, stop: stop)
        } catch {
            var result = FeedRunResult(feed: feed.id)
            result.failure = "feed \(feed.id): \(error)"
            result.status = .config
            return result
        }
        return DatedArchiveRunner(configuration: configuration, store: store, importer: importer, live: liveRunner, storeGate: storeGate,
                                  temporaryDirectory: temporaryDirectory, now: now).run(feed, request: request, stop: stop)
    }

    private func run(_ feed: FeedConfiguration, stop: StopFlag?, download: Result<String, FetchError>?) -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let request: ImportRequest
        do {
            request = try archiveRequest(for: feed, stop: stop)
        } catch {
            result.failure = "feed \(feed.id): \(error)"
            result.status = .config
            return result
        }
        if ArchiveLocator.isFileURL(feed.url) {
            let files: [String]
            do {
                files = try ArchiveLocator(baseDirectory: configuration.baseDirectory).files(for: feed.url, pattern: feed.match)
            } catch {
                result.failure = "feed \(feed.id): \(error)"
                result.status = .unavailable
                return result
            }
            for file in files {
                if let stop, stop.isSet { break }
                guard let imported = importer.importUnlessUnchanged(file, request: request) else {
                    result.skipped.append(file)
                    continue
                }
                result.files.append(imported)
                result.status = result.status.worst(imported.status)
            }
        } else {
            switch download {
            case .success(let local):
                var imported = importer.importFile(local, request: request)
                imported.file = CurlDownloader.redacted(feed.url)
                result.files.append(imported)
                result.status = imported.status
            case .failure(let error):
                result.failure = "feed \(feed.id): \(error)"
                result.status = .unavailable
            case nil:
                result.failure = "feed \(feed.id): not downloaded"
                result.status = .unavailable
            }
        }
        return result
    }

    /// The rules for a feed: the defaults for its kind, then its `quality:` settings.
    static func qualityControl(for feed: FeedConfiguration, configuration: AirtrendConfiguration) -> QualityControl {
        var qc = QualityControl.defaults(forKind: feed.kind, plausibleMaximum: configuration.plausibleMaximum)
        let q = feed.quality
        if let maximum = q.plausibleMaximum { qc.plausibleMaximum = maximum }
        if let tolerance = q.negativeTolerance { qc.negativeTolerance = tolerance > 0 ? tolerance : nil }
        if let future = q.future { qc.rejectFuture = future }
        if let spike = q.spike { qc.spike = spike ? SeriesRules.Spike(factor: q.spikeFactor ?? 4, floor: q.spikeFloor ?? 100) : nil }
        if let hours = q.flatLineHours { qc.flatLineHours = hours > 0 ? hours : nil }
        if let duplicate = q.duplicate { qc.quarantineDuplicates = duplicate }
        return qc
    }

    /// A feed's config keys as layout options; errors name the key.
    public static func layoutOptions(for feed: FeedConfiguration, base: String) throws -> LayoutOptions {
        var options = LayoutOptions()
        options.station = feed.station
        func text(_ key: String) -> String? { feed.options[key]?.stringValue }
        func list(_ key: String) -> [String]? {
            switch feed.options[key] {
            case .list(let items): items
            case .string(let s): [s]
            default: nil
            }
        }
        options.valueColumn = text("value_column")
        options.timeColumn = text("time_column")
        options.timeFormat = text("time_format")
        options.dateColumns = list("date_columns")
        options.missing = list("missing")
        options.stationColumn = text("station_column")
        options.delimiter = text("delimiter")
        options.stations = text("station_list").map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        if case .bool(let flag) = feed.options["hour_ending"] { options.hourEnding = flag }
        if let zone = text("timezone") {
            do throws(DomainError) { options.timeZone = try StationTimeZone(zone) } catch {
                throw ConfigurationError(problems: [.init(file: "config", line: feed.line, key: "feeds.\(feed.id).timezone", message: error.message)])
            }
        }
        return options
    }
}
