/// Paces requests to a ``RateLimit``: a bucket of `capacity` tokens refilled at `count` per period.
///
/// What a caller must know:
/// - ``acquire(now:)`` always reserves a token and returns how long to wait
///   before sending (0 when one was available). Callers that arrive while the
///   bucket is empty queue up behind each other: the n-th gets a longer wait.
/// - `now` is seconds on a monotonic clock (the fetcher passes the seconds elapsed on its
///   injected `ContinuousClock`), the same clock for every call; a clock going backwards adds no tokens.
/// - The bucket starts full, so up to `capacity` requests go out at once. With
///   the default capacity (= `count`) a burst plus the refill can reach almost
///   2 × `count` within one period: pass a smaller capacity where the server
///   counts a sliding window strictly.
/// - An actor, so every task of a feed can share one bucket.
public actor TokenBucket {
    public let limit: RateLimit
    public let capacity: Double
    /// Negative while callers hold reservations for tokens still to come.
    private var tokens: Double
    private var last: Double?

    public init(limit: RateLimit, capacity: Int? = nil) {
        self.limit = limit
        self.capacity = Double(max(1, capacity ?? limit.count))
        tokens = self.capacity
    }

    /// Reserves one token; returns the seconds to wait before the request may be sent.
    public func acquire(now: Double) -> Double {
        if let last, now > last {
            tokens = min(capacity, tokens + (now - last) * limit.perSecond)
        }
        if last == nil || now > last! { last = now }
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / limit.perSecond
    }
}
