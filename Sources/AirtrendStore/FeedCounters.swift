/// What a feed's requests did, kept per feed in the store and added to after every request or page.
///
/// The daemon's status and metrics read them; they never go down (Prometheus counters).
public struct FeedCounters: Sendable, Equatable {
    public var requests = 0
    /// Bytes on the wire.
    public var bytes = 0
    public var responses2xx = 0
    public var responses3xx = 0
    public var responses4xx = 0
    public var responses5xx = 0
    public var timeouts = 0
    public var connectionErrors = 0
    public var retries = 0
    public var readingsStored = 0
    public var readingsQuarantined = 0
    /// When a run of the feed last finished without error (ISO 8601 UTC), as stored.
    public var lastSuccess: String?
    public var lastError: String?

    public init() {}

    /// Counts one response by its status class.
    public mutating func count(status: Int) {
        switch status {
        case 200..<300: responses2xx += 1
        case 300..<400: responses3xx += 1
        case 400..<500: responses4xx += 1
        case 500..<600: responses5xx += 1
        default: break
        }
    }

    /// True when nothing was counted (so nothing needs writing).
    public var isEmpty: Bool { self == FeedCounters() }

    /// Adds another set of counts to these (the text fields keep these unless unset here).
    public mutating func add(_ other: FeedCounters) {
        requests += other.requests
        bytes += other.bytes
        responses2xx += other.responses2xx
        responses3xx += other.responses3xx
        responses4xx += other.responses4xx
        responses5xx += other.responses5xx
        timeouts += other.timeouts
        connectionErrors += other.connectionErrors
        retries += other.retries
        readingsStored += other.readingsStored
        readingsQuarantined += other.readingsQuarantined
        lastSuccess = lastSuccess ?? other.lastSuccess
        lastError = lastError ?? other.lastError
    }
}
