/// Caps the requests in flight per host; callers beyond the cap wait (suspended, not blocked) for a slot.
///
/// What a caller must know:
/// - The host key is `host:port` from the URL, lower-cased, user info dropped,
///   default port added (`http://Example.org/a` and `http://example.org:80/b`
///   share slots; http and https of one host do not).
/// - ``withSlot(for:_:)`` releases the slot when `body` returns or throws, and also when
///   the waiting task is cancelled before it got one (then it throws `CancellationError`).
/// - Waiters of a host are served first come, first served.
public actor HostLimiter {
    public let perHost: Int
    /// Hosts without requests in flight are removed.
    private var inFlight: [String: Int] = [:]
    private var waiters: [String: [(id: Int, continuation: CheckedContinuation<Void, any Error>)]] = [:]
    private var nextWaiter = 0

    public init(perHost: Int = 2) {
        self.perHost = max(1, perHost)
    }

    /// Runs `body` once fewer than `perHost` requests to `url`'s host are in flight.
    public func withSlot<T: Sendable>(for url: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let host = Self.hostKey(for: url)
        try await acquire(host)
        do {
            let result = try await body()
            release(host)
            return result
        } catch {
            release(host)
            throw error
        }
    }

    /// Requests to `url`'s host in flight right now (for diagnostics and tests).
    public func inFlight(for url: String) -> Int { inFlight[Self.hostKey(for: url), default: 0] }

    /// The key slots are counted under: `host:port`, lower-cased.
    public nonisolated static func hostKey(for url: String) -> String { URLText.hostKey(url) }

    private func acquire(_ host: String) async throws {
        if inFlight[host, default: 0] < perHost {
            inFlight[host, default: 0] += 1
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[host, default: []].append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id, host: host) }
        }
    }

    /// A slot freed: hand it straight to the next waiter of the host, or count it free.
    private func release(_ host: String) {
        if var queue = waiters[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[host] = queue.isEmpty ? nil : queue
            next.continuation.resume()
            return
        }
        let remaining = inFlight[host, default: 1] - 1
        inFlight[host] = remaining > 0 ? remaining : nil
    }

    private func cancelWaiter(_ id: Int, host: String) {
        guard var queue = waiters[host], let index = queue.firstIndex(where: { $0.id == id }) else { return }
        let waiter = queue.remove(at: index)
        waiters[host] = queue.isEmpty ? nil : queue
        waiter.continuation.resume(throwing: CancellationError())
    }
}
