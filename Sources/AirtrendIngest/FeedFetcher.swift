import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendStore
import Foundation
import Logging

/// Makes one feed's requests politely: its rate limit, the per-host limit, retries with backoff, and
/// conditional GET from the validators kept in the store.
///
/// An actor on its own ``LaneExecutor``: it owns the feed's libcurl handle (reused, so connections
/// stay alive), and the blocking transfer runs on its lane. Waits (rate limit, backoff, `Retry-After`)
/// are sleeps on the injected clock, so cancelling the task ends them at once with ``Fetched/stopped``.
/// Counters accumulate here until the runner stores them with a page (``takeCounters()``).
///
/// The feed's secrets travel with every request (``HTTPRequest/secrets``), so the transport keeps them to
/// the feed's origin, and every message and log line made here is redacted with them.
actor FeedFetcher {
    private let executor: LaneExecutor
    private let client: HTTPClient
    private let feed: String
    private let bucket: TokenBucket?
    private let hosts: HostLimiter
    private let writer: StoreWriter
    private let retryPolicy: RetryPolicy
    private let maximumBytes: Int
    private let timeoutSeconds: Int
    private let clock: ContinuousClock
    private let origin: ContinuousClock.Instant
    /// Wall time, for `Retry-After` given as an HTTP date.
    private let now: @Sendable () -> Date
    private let logger: Logger?
    private let secrets: [String]
    private let redactor: SecretRedactor
    private var counters = FeedCounters()

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// - Parameter rateLimit: capacity 1 spaces requests evenly: OpenAQ counts fixed minute windows,
    ///   and a full bucket of N on top of N refills could put nearly 2N requests into one of them.
    /// - Parameter secrets: the feed's API key or token; requests carry them, messages never do.
    init(feed: String, caFile: String?, rateLimit: RateLimit?, maximumBytes: Int, timeoutSeconds: Int, secrets: [String],
         hosts: HostLimiter, writer: StoreWriter, retryPolicy: RetryPolicy, clock: ContinuousClock, now: @escaping @Sendable () -> Date,
         logger: Logger?) throws(FetchError) {
        executor = LaneExecutor(label: "airtrend.feed.\(feed)")
        var configuration = HTTPClient.Configuration()
        configuration.caFile = caFile
        client = try HTTPClient(configuration: configuration)
        self.feed = feed
        bucket = rateLimit.map { TokenBucket(limit: $0, capacity: 1) }
        self.hosts = hosts
        self.writer = writer
        self.retryPolicy = retryPolicy
        self.maximumBytes = maximumBytes
        self.timeoutSeconds = timeoutSeconds
        self.clock = clock
        origin = clock.now
        self.now = now
        self.logger = logger
        self.secrets = secrets
        redactor = SecretRedactor(secrets: secrets)
    }

    /// The counters gathered since the last call, which start again from zero.
    func takeCounters() -> FeedCounters {
        defer { counters = FeedCounters() }
        return counters
    }

    /// Makes one request, after retries; never throws, the result says what happened.
    func fetch(_ request: FeedRequest) async -> Fetched {
        let display = redactor.redact(HTTPClient.redacted(request.url))
        var http = HTTPRequest(url: request.url, headers: request.headers, secrets: secrets, maximumBytes: maximumBytes,
                               timeoutSeconds: timeoutSeconds)
        if request.conditional, let validators = try? await writer.write({ try $0.httpValidators(url: display) }) {
            http.etag = validators.etag
            http.lastModified = validators.lastModified
        }
        let prepared = http
        var attempt = 0
        while true {
            if let bucket {
                let elapsed = origin.duration(to: clock.now)
                let wait = await bucket.acquire(now: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                if wait > 0, !(await sleep(seconds: wait)) { return .stopped }
            }
            let outcome: Result<HTTPResponse, FetchError>
            do {
                outcome = try await hosts.withSlot(for: request.url) { await self.perform(prepared) }
            } catch {
                return .stopped
            }
            count(outcome)
            switch retryPolicy.decision(for: outcome, attempt: attempt, now: now()) {
            case .retry(let after, let reason):
                counters.retries += 1
                logger?.notice("retrying", metadata: ["feed": "\(feed)", "url": "\(display)", "reason": "\(redactor.redact(reason))",
                                                      "after": "\(String(format: "%.1f", after))s"])
                if !(await sleep(seconds: after)) { return .stopped }
                attempt += 1
                continue
            case .giveUp(let reason):
                let reason = redactor.redact(reason)
                let asked = try? outcome.get()
                if let asked, asked.status == 429 || asked.status == 503, let wait = RetryPolicy.serverWait(asked, now: now()),
                   wait.seconds > retryPolicy.maximumServerDelay {
                    // Sleeping would hold the ingest lock (and the daemon's cycle) that long: end the run, keep the cursors.
                    return .deferred(message: "feed \(feed): \(display): \(reason); ending this run, the next run continues from the stored cursors",
                                     until: now().addingTimeInterval(wait.seconds))
                }
                return .failed(message: "feed \(feed): \(display): \(reason); giving up for this run after \(attempt + 1) attempts",
                               outcome: .temporaryFailure, unitOnly: false)
            case .done:
                break
            }
            switch outcome {
            case .failure(let error):
                let kind: IngestOutcome = error.kind == .refused || error.kind == .tooLarge ? .unavailable : .temporaryFailure
                return .failed(message: redactor.redact("feed \(feed): \(error)"), outcome: kind, unitOnly: false)
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
                    let refused = response.status == 401 || response.status == 403
                    if let elsewhere = response.otherOrigin {
                        // The key was withheld from the redirect target, so a refusal there says nothing about the key.
                        return .failed(message: "feed \(feed): \(display): HTTP \(response.status) from \(elsewhere), another origin a redirect led to "
                                       + "(the feed's credentials are sent only to its configured origin): \(cause)",
                                       outcome: .unavailable, unitOnly: response.status == 404)
                    }
                    return .failed(message: "feed \(feed): \(display): HTTP \(response.status): \(cause)\(refused ? " for feed \(feed)" : "")",
                                   outcome: refused ? .configuration : .unavailable, unitOnly: response.status == 404)
                }
            }
        }
    }

    /// The blocking transfer, on this actor's lane.
    private func perform(_ request: HTTPRequest) -> Result<HTTPResponse, FetchError> {
        do throws(FetchError) { return .success(try client.perform(request)) } catch { return .failure(error) }
    }

    private func count(_ outcome: Result<HTTPResponse, FetchError>) {
        counters.requests += 1
        switch outcome {
        case .success(let response):
            counters.bytes += response.wireBytes
            counters.count(status: response.status)
        case .failure(let error):
            if error.kind == .timeout { counters.timeouts += 1 }
            if error.kind == .connection || error.kind == .truncated { counters.connectionErrors += 1 }
        }
    }

    /// Sleeps on the injected clock; false when the task was cancelled.
    private func sleep(seconds: Double) async -> Bool {
        do {
            try await clock.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
            return true
        } catch {
            return false
        }
    }
}
