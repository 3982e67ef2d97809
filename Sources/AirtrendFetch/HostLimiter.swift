import Foundation

/// Caps the requests in flight per host, blocking callers beyond the cap until a slot frees.
///
/// What a caller must know:
/// - The host key is `host:port` from the URL, lower-cased, user info dropped,
///   default port added (`http://Example.org/a` and `http://example.org:80/b`
///   share slots; http and https of one host do not).
/// - ``withSlot(for:_:)`` blocks the calling thread (it is meant for plain
///   worker threads, not Swift concurrency tasks, which must not block) and
///   releases the slot when `body` returns or throws.
/// - Waiters are woken in no particular order; the limiter caps concurrency,
///   it does not promise fairness.
public final class HostLimiter: @unchecked Sendable {
    public let perHost: Int
    private let condition = NSCondition()
    /// Guarded by `condition`; hosts without requests in flight are removed.
    private var inFlight: [String: Int] = [:]

    public init(perHost: Int = 2) {
        self.perHost = max(1, perHost)
    }

    /// Runs `body` once fewer than `perHost` requests to `url`'s host are in flight.
    public func withSlot<T>(for url: String, _ body: () throws -> T) rethrows -> T {
        let host = Self.hostKey(for: url)
        condition.lock()
        while inFlight[host, default: 0] >= perHost { condition.wait() }
        inFlight[host, default: 0] += 1
        condition.unlock()
        defer {
            condition.lock()
            let remaining = inFlight[host, default: 1] - 1
            inFlight[host] = remaining > 0 ? remaining : nil
            // One condition serves all hosts, so wake every waiter and let each recheck its own host.
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }

    /// Requests to `url`'s host in flight right now (for diagnostics and tests).
    public func inFlight(for url: String) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return inFlight[Self.hostKey(for: url), default: 0]
    }

    /// The key slots are counted under: `host:port`, lower-cased.
    public static func hostKey(for url: String) -> String { URLText.hostKey(url) }
}
