import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendNormalize
import AirtrendStore
import Foundation
import Logging

/// Runs live feeds: requests window by window from each unit's cursor, with rate limits, retries
/// and conditional GET, and stores every page together with its cursor in one transaction.
///
/// Feeds fetch on their own threads (at most `max_concurrent_feeds` at once, at most
/// ``HostLimiter`` requests per host), so a feed that is down or backing off never holds up
/// another; the store has one writer, so pages are written one at a time under ``storeGate``.
/// A page that fails, in transport or in decoding, stores nothing and leaves the cursor where it was.
public final class LiveFeedRunner: @unchecked Sendable {
    private let configuration: AirtrendConfiguration
    private let store: any IngestStore
    private let importer: ArchiveImporter
    private let environment: [String: String]
    private let now: () -> Date
    private let sleep: (Double, StopFlag?) -> Bool
    let logger: Logger?
    private let hosts: HostLimiter
    /// Serialises every use of the store (one SQLite connection, one writer).
    let storeGate: NSLock
    /// How retries wait and how many there are (tests shorten it).
    public var retryPolicy = RetryPolicy()

    /// - Parameters:
    ///   - environment: where `api_key_env` variables are looked up.
    ///   - sleep: waits the given seconds unless the flag is set first; returns false when stopped.
    public init(configuration: AirtrendConfiguration, store: any IngestStore, importer: ArchiveImporter, storeGate: NSLock,
                environment: [String: String] = ProcessInfo.processInfo.environment, now: @escaping () -> Date,
                logger: Logger? = nil, sleep: @escaping (Double, StopFlag?) -> Bool = LiveFeedRunner.interruptibleSleep) {
        self.configuration = configuration
        self.store = store
        self.importer = importer
        self.storeGate = storeGate
        self.environment = environment
        self.now = now
        self.sleep = sleep
        self.logger = logger
        self.hosts = HostLimiter(perHost: 2)
    }

    /// Sleeps in short slices so a shutdown is noticed within a quarter second.
    public static func interruptibleSleep(_ seconds: Double, stop: StopFlag?) -> Bool {
        var left = seconds
        while left > 0 {
            if let stop, stop.isSet { return false }
            let slice = min(left, 0.25)
            Thread.sleep(forTimeInterval: slice)
            left -= slice
        }
        return !(stop?.isSet ?? false)
    }

    private var currentHour: UTCHour { UTCHour(Int(now().timeIntervalSince1970).floorDiv(3600)) }

    // MARK: Running feeds

    /// Runs the feeds concurrently (bounded) and returns their results in the given order.
    public func run(_ feeds: [FeedConfiguration], stop: StopFlag?, request: (FeedConfiguration) -> ImportRequest) -> [FeedRunResult] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [String: FeedRunResult] = [:]
        }
        let results = Results()
        let gate = DispatchSemaphore(value: max(1, configuration.maxConcurrentFeeds))
        let group = DispatchGroup()
        for feed in feeds {
            let importRequest = request(feed)
            gate.wait()
            group.enter()
            Thread.detachNewThread { [self] in
                defer { gate.signal(); group.leave() }
                let result = runFeed(feed, request: importRequest, stop: stop)
                results.lock.withLock { results.values[feed.id] = result }
            }
        }
        group.wait()
        return feeds.map { results.values[$0.id] ?? FeedRunResult(feed: $0.id) }
    }

    /// What fetching one request came to, after retries.
    enum Fetched {
        case body(HTTPResponse)
        case notModified
        /// A 404 on a request that marks it "not published yet".
        case notFound
        /// The run of this feed (or this unit, when `unitOnly`) ends here.
        case failed(message: String, status: ExitStatus, unitOnly: Bool)
        case stopped
    }

    /// One feed, every unit, every window from its cursor up to now.
    func runFeed(_ feed: FeedConfiguration, request: ImportRequest, stop: StopFlag?) -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let setup: LiveFeedSetup
        do {
            setup = try LiveFeedSetup(feed: feed, configuration: configuration, environment: environment, now: currentHour)
        } catch {
            result.failure = error.description
            result.status = .config
            return result
        }
        let client: HTTPClient
        do {
            client = try LiveFeedSetup.httpClient(caFile: setup.caFile)
        } catch {
            result.failure = "feed \(feed.id): \(error)"
            result.status = .software
            return result
        }
        // Capacity 1 spaces requests evenly: OpenAQ counts fixed minute windows, and a full bucket of N
        // on top of N refills could put nearly 2N requests into one of them.
        let bucket = setup.rateLimit.map { TokenBucket(limit: $0, capacity: 1) }
        var total = ImportResult(file: "\(feed.id) \(HTTPClient.redacted(feed.url))")
        var pending = FeedCounters()
        var failures: [String] = []
        let kind = setup.kind
        let hour = currentHour

        units: for unit in kind.units {
            if let stop, stop.isSet {
                result.status = result.status.worst(.tempFail)
                failures.append("feed \(feed.id): interrupted by shutdown; the next run resumes from the stored cursors")
                break
            }
            let cursor = storeGate.withLock { try? store.feedCursor(feed: feed.id, unit: unit) }
            var previous: FeedRequest?
            while let window = kind.request(unit: unit, after: previous, cursor: cursor, now: hour) {
                var page: FeedRequest = window
                while true {
                    let fetched = fetch(page, setup: setup, client: client, bucket: bucket, counters: &pending, stop: stop, feed: feed.id)
                    var decoded: FeedPage?
                    var response: HTTPResponse?
                    switch fetched {
                    case .stopped:
                        result.status = result.status.worst(.tempFail)
                        failures.append("feed \(feed.id): interrupted by shutdown; the next run resumes from the stored cursors")
                        break units
                    case let .failed(message, status, unitOnly):
                        result.status = result.status.worst(status)
                        failures.append(message)
                        if unitOnly { continue units }
                        break units
                    case .notFound:
                        // Not published yet (an hourly file): keep the cursor, try again next cycle.
                        decoded = nil
                    case .notModified:
                        decoded = FeedPage(events: [])
                    case .body(let body):
                        response = body
                        do throws(FeedError) {
                            decoded = try kind.decode(body.body, contentType: body.contentType, request: page)
                        } catch {
                            let status: ExitStatus = error.kind == .authorization ? .config : .unavailable
                            result.status = result.status.worst(status)
                            failures.append("feed \(feed.id): \(HTTPClient.redacted(page.url)): HTTP \(body.status): \(error.message)")
                            pending.lastError = failures.last
                            if error.kind == .authorization { break units }
                            continue units
                        }
                    }
                    guard let decoded else { break }
                    let isLast = decoded.nextPage == nil
                    let label = HTTPClient.redacted(page.url)
                    let counted = pending
                    let stored: ImportResult = storeGate.withLock {
                        importer.importPage(decoded.events, label: label, request: request) { store, imported in
                            if isLast, let end = window.windowEnd { try store.advanceFeedCursor(feed: feed.id, unit: unit, to: end) }
                            if page.conditional, let response {
                                try store.saveHTTPValidators(url: label, etag: response.etag, lastModified: response.lastModified)
                            }
                            var counters = counted
                            counters.readingsStored += imported.counts.stored
                            counters.readingsQuarantined += imported.counts.quarantined
                            try store.addFeedCounters(feed: feed.id, counters)
                        }
                    }
                    if stored.status == .software {
                        result.status = result.status.worst(.software)
                        failures.append("feed \(feed.id): \(label): \(stored.failure ?? "store failed")")
                        break units
                    }
                    pending = FeedCounters()
                    merge(stored, into: &total)
                    if stored.status != .ok { result.status = result.status.worst(stored.status) }
                    guard let next = decoded.nextPage else { break }
                    page = next
                }
                previous = window
            }
        }
        if !failures.isEmpty { pending.lastError = failures.first }
        let succeeded = failures.isEmpty
        storeGate.withLock { try? store.addFeedCounters(feed: feed.id, pending, succeeded: succeeded) }
        result.files = [total]
        result.failure = failures.isEmpty ? nil : failures.count == 1 ? failures[0] : "\(failures[0]) (and \(failures.count - 1) more: \(failures.dropFirst().prefix(3).joined(separator: "; ")))"
        return result
    }

    private func merge(_ page: ImportResult, into total: inout ImportResult) {
        total.counts.lines += page.counts.lines
        total.counts.readings += page.counts.readings
        total.counts.stored += page.counts.stored
        total.counts.unchanged += page.counts.unchanged
        total.counts.missing += page.counts.missing
        total.counts.quarantined += page.counts.quarantined
        total.counts.rejected += page.counts.rejected
        for (reason, n) in page.quarantinedByReason { total.quarantinedByReason[reason, default: 0] += n }
        total.createdStations += page.createdStations
        for (code, n) in page.unknownStations { total.unknownStations[code, default: 0] += n }
        for message in page.messages where total.messages.count < 20 { total.messages.append(message) }
        for warning in page.warnings where !total.warnings.contains(warning) { total.warnings.append(warning) }
        total.status = total.status.worst(page.status)
        if total.failure == nil { total.failure = page.failure }
    }

    // MARK: One request

    /// Makes one request, politely: the feed's rate limit, the per-host limit, retries with backoff.
    func fetch(_ request: FeedRequest, setup: LiveFeedSetup, client: HTTPClient, bucket: TokenBucket?,
               counters: inout FeedCounters, stop: StopFlag?, feed: String) -> Fetched {
        fetch(request, maximumBytes: setup.maximumBytes, timeoutSeconds: setup.timeoutSeconds, client: client, bucket: bucket,
              counters: &counters, stop: stop, feed: feed)
    }

    /// The same, for callers without a live kind (dated archive files).
    func fetch(_ request: FeedRequest, maximumBytes: Int, timeoutSeconds: Int, client: HTTPClient, bucket: TokenBucket?,
               counters: inout FeedCounters, stop: StopFlag?, feed: String) -> Fetched {
        let display = HTTPClient.redacted(request.url)
        var http = HTTPRequest(url: request.url, headers: request.headers, maximumBytes: maximumBytes, timeoutSeconds: timeoutSeconds)
        if request.conditional, let validators = storeGate.withLock({ try? store.httpValidators(url: display) }) {
            http.etag = validators.etag
            http.lastModified = validators.lastModified
        }
        var attempt = 0
        while true {
            if let bucket {
                let wait = bucket.acquire(now: now().timeIntervalSince1970)
                if wait > 0, !sleep(wait, stop) { return .stopped }
            }
            let outcome: Result<HTTPResponse, FetchError> = hosts.withSlot(for: request.url) {
                do throws(FetchError) { return .success(try client.perform(http)) } catch { return .failure(error) }
            }
            counters.requests += 1
            switch outcome {
            case .success(let response):
                counters.bytes += response.wireBytes
                counters.count(status: response.status)
            case .failure(let error):
                if error.kind == .timeout { counters.timeouts += 1 }
                if error.kind == .connection || error.kind == .truncated { counters.connectionErrors += 1 }
            }
            switch retryPolicy.decision(for: outcome, attempt: attempt, now: now()) {
            case .retry(let after, let reason):
                counters.retries += 1
                logger?.notice("retrying", metadata: ["feed": "\(feed)", "url": "\(display)", "reason": "\(reason)",
                                                      "after": "\(String(format: "%.1f", after))s"])
                if !sleep(after, stop) { return .stopped }
                attempt += 1
                continue
            case .giveUp(let reason):
                return .failed(message: "feed \(feed): \(display): \(reason); giving up for this run after \(attempt + 1) attempts",
                               status: .tempFail, unitOnly: false)
            case .done:
                break
            }
            switch outcome {
            case .failure(let error):
                let status: ExitStatus = error.kind == .refused || error.kind == .tooLarge ? .unavailable : .tempFail
                return .failed(message: "feed \(feed): \(error)", status: status, unitOnly: false)
            case .success(let response):
                switch response.status {
                case 200..<300:
                    return .body(response)
                case 304:
                    return .notModified
                case 404 where request.notFoundIsEmpty:
                    return .notFound
                default:
                    let cause = RetryPolicy.describe(status: response.status)
                    let keyHint = response.status == 401 || response.status == 403 ? " for feed \(feed)" : ""
                    let status: ExitStatus = response.status == 401 || response.status == 403 ? .config : .unavailable
                    return .failed(message: "feed \(feed): \(display): HTTP \(response.status): \(cause)\(keyHint)",
                                   status: status, unitOnly: response.status == 404)
                }
            }
        }
    }

    // MARK: feeds test

    /// What `feeds test` shows: the first request a feed would make and what it would store.
    public struct Preview: Sendable {
        public var url: String
        public var status: Int?
        public var events: [ReadingEvent]
        public var hasMorePages: Bool
        public var failure: String?
    }

    /// Fetches one page of the feed's first unit, from its cursor, and decodes it without writing anything.
    public func preview(_ feed: FeedConfiguration) -> Preview {
        let setup: LiveFeedSetup
        do {
            setup = try LiveFeedSetup(feed: feed, configuration: configuration, environment: environment, now: currentHour)
        } catch {
            return Preview(url: HTTPClient.redacted(feed.url), status: nil, events: [], hasMorePages: false, failure: error.description)
        }
        guard let unit = setup.kind.units.first else {
            return Preview(url: HTTPClient.redacted(feed.url), status: nil, events: [], hasMorePages: false, failure: "feed \(feed.id) has no sensors")
        }
        let cursor = try? store.feedCursor(feed: feed.id, unit: unit)
        guard var request = setup.kind.request(unit: unit, after: nil, cursor: cursor, now: currentHour) else {
            return Preview(url: HTTPClient.redacted(feed.url), status: nil, events: [], hasMorePages: false, failure: "nothing to fetch: feed \(feed.id) is up to date")
        }
        request.conditional = false
        let display = HTTPClient.redacted(request.url)
        guard let client = try? LiveFeedSetup.httpClient(caFile: setup.caFile) else {
            return Preview(url: display, status: nil, events: [], hasMorePages: false, failure: "libcurl failed to initialise")
        }
        var counters = FeedCounters()
        switch fetch(request, setup: setup, client: client, bucket: nil, counters: &counters, stop: nil, feed: feed.id) {
        case .body(let response):
            do throws(FeedError) {
                let page = try setup.kind.decode(response.body, contentType: response.contentType, request: request)
                return Preview(url: display, status: response.status, events: page.events, hasMorePages: page.nextPage != nil, failure: nil)
            } catch {
                return Preview(url: display, status: response.status, events: [], hasMorePages: false, failure: "feed \(feed.id): \(display): \(error.message)")
            }
        case .notModified, .notFound:
            return Preview(url: display, status: nil, events: [], hasMorePages: false, failure: "feed \(feed.id): \(display): nothing published for this window yet")
        case let .failed(message, _, _):
            return Preview(url: display, status: nil, events: [], hasMorePages: false, failure: message)
        case .stopped:
            return Preview(url: display, status: nil, events: [], hasMorePages: false, failure: "stopped")
        }
    }
}
