import AirtrendConfig
import AirtrendDomain
import AirtrendFetch
import AirtrendNormalize
import AirtrendStore
import Foundation

/// Runs configured feeds once: locate or download, normalise, store.
///
/// A failing feed never stops another. Archive files a feed has imported in
/// full are skipped while their size and modification time are unchanged.
public final class IngestPipeline {
    private let configuration: AirtrendConfiguration
    private let store: SQLiteStore
    private let importer: ArchiveImporter
    private let temporaryDirectory: String

    /// - Parameter now: the clock, for the future rule and run records.
    public init(configuration: AirtrendConfiguration, store: SQLiteStore, temporaryDirectory: String = NSTemporaryDirectory(),
                now: @escaping () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        self.importer = ArchiveImporter(store: store, qualityControl: QualityControl(plausibleMaximum: configuration.plausibleMaximum),
                                        now: { UTCHour(Int(now().timeIntervalSince1970).floorDiv(3600)) })
        self.temporaryDirectory = temporaryDirectory
    }

    /// Writes the configured stations to the store (creating or updating them).
    public func syncStations() throws {
        for station in configuration.stations { try store.saveStation(station) }
    }

    /// Runs the named feeds (all when `only` is empty), in config order, recording each in the `runs` table.
    ///
    /// - Parameter trigger: what started the run (`ingest`, `run-once`, `daemon`), kept with it.
    public func runOnce(only: [String] = [], trigger: String = "run-once", stop: StopFlag? = nil) -> [FeedRunResult] {
        let feeds = configuration.feeds.filter { only.isEmpty || only.contains($0.id) }
        let downloads = prefetch(feeds.filter { !ArchiveLocator.isFileURL($0.url) })
        defer { for case .success(let path) in downloads.values { try? FileManager.default.removeItem(atPath: path) } }
        return feeds.map { feed in
            let runID = try? store.beginRun(feed: feed.id, trigger: trigger)
            let result = run(feed, stop: stop, download: downloads[feed.id])
            if let runID {
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

    private func run(_ feed: FeedConfiguration, stop: StopFlag?, download: Result<String, FetchError>?) -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let options: LayoutOptions
        do {
            _ = try LayoutRegistry.layout(named: feed.kind)
            options = try Self.layoutOptions(for: feed, base: configuration.baseDirectory)
        } catch {
            result.failure = "feed \(feed.id): \(error)"
            result.status = .config
            return result
        }
        var request = ImportRequest(layout: feed.kind, options: options, feed: feed.id)
        request.cityAliases = configuration.cityAliases
        request.stop = stop
        request.qualityControl = Self.qualityControl(for: feed, configuration: configuration)
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
                let state = Self.fileState(file)
                if let state, let seen = try? store.sourceState(feed: feed.id, source: file), seen == state {
                    result.skipped.append(file)
                    continue
                }
                let imported = importer.importFile(file, request: request)
                result.files.append(imported)
                result.status = result.status.worst(imported.status)
                if imported.status == .ok, let state {
                    try? store.recordSourceState(feed: feed.id, kind: feed.kind, source: file, size: state.size, modified: state.modified)
                }
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

    /// Writes the metrics file, when the configuration names one; errors are returned, not thrown,
    /// because a monitoring file must never fail an ingest.
    @discardableResult
    public func writeMetrics(now: Date) -> String? {
        guard let path = configuration.metricsFile else { return nil }
        do {
            let health = try FeedHealth.assess(configuration: configuration, store: store, now: now)
            try MetricsWriter(path: path).write(health, storeBytes: try store.fileSize(), hours: try store.summary().hours, now: now)
            return nil
        } catch {
            return "cannot write metrics to \(path): \(error)"
        }
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
        return qc
    }

    /// A feed's config keys as layout options; errors name the key.
    static func layoutOptions(for feed: FeedConfiguration, base: String) throws -> LayoutOptions {
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

    static func fileState(_ path: String) -> (size: Int, modified: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return nil }
        return (size.intValue, Int(date.timeIntervalSince1970 * 1000))
    }
}
