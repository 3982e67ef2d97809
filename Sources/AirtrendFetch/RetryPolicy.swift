import Foundation

/// Decides whether to retry a request, and after how long: capped exponential backoff with full jitter.
///
/// What a caller must know:
/// - `attempt` counts from 0: pass 0 with the outcome of the first try, 1 with
///   the first retry's, and so on. The policy retries while
///   `attempt + 1 < maximumAttempts`.
/// - Retryable: 5xx, 408, 429 and the transport kinds `.timeout`,
///   `.connection`, `.truncated`. Everything else is ``RetryDecision/done``
///   and the caller reports it (``describe(status:)`` names the usual causes).
/// - Backoff after attempt *n* is `random(0, min(maximumDelay, baseDelay · 2^n))`,
///   never below `minimumDelay`, so the first retry waits up to `baseDelay`.
/// - When the server says how long to wait (`Retry-After` on 429 and 503, as
///   seconds or an HTTP date; OpenAQ's `x-ratelimit-reset` on 429, as seconds
///   until the window resets) that wait is used as-is, even beyond
///   `maximumDelay`; if it exceeds `maximumServerDelay` (default 60 s) the policy
///   gives up rather than sleep that long. A run waits while it holds the ingest
///   lock, so a server asking for minutes ends that feed's run for now; the
///   caller reports it as temporary and the next run continues from the cursors.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maximumAttempts: Int
    /// Seconds; the backoff ceiling of the first retry.
    public var baseDelay: Double
    /// Seconds; the backoff ceiling never grows past this.
    public var maximumDelay: Double
    /// Seconds; a server asking for a longer wait makes the policy give up.
    public var maximumServerDelay: Double
    /// The default ``maximumServerDelay``: the longest a run sleeps for a server while it holds the ingest lock.
    public static let defaultMaximumServerDelay: Double = 60
    /// Seconds; no retry comes sooner, so a `Retry-After: 0` or an unlucky draw cannot make a busy loop.
    public var minimumDelay: Double
    /// Returns a value in `0..<1`; injected so tests are deterministic.
    public var random: @Sendable () -> Double

    public init(maximumAttempts: Int = 4, baseDelay: Double = 1, maximumDelay: Double = 60,
                maximumServerDelay: Double = RetryPolicy.defaultMaximumServerDelay, minimumDelay: Double = 0.1,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumServerDelay = maximumServerDelay
        self.minimumDelay = minimumDelay
        self.random = random
    }

    /// What to do after attempt `attempt` (0 for the first try) ended with `outcome`.
    ///
    /// - Parameter now: the time the response arrived; `Retry-After` dates are relative to it.
    public func decision(for outcome: Result<HTTPResponse, FetchError>, attempt: Int, now: Date) -> RetryDecision {
        let reason: String
        var serverWait: (seconds: Double, source: String)?
        switch outcome {
        case .success(let response):
            let status = response.status
            guard (500..<600).contains(status) || status == 408 || status == 429 else { return .done }
            reason = "HTTP \(status): \(Self.describe(status: status))"
            if status == 429 || status == 503 { serverWait = Self.serverWait(response, now: now) }
        case .failure(let error):
            guard [.timeout, .connection, .truncated].contains(error.kind) else { return .done }
            // The error's description is already redacted: no key, no query values.
            reason = error.description
        }
        if let wait = serverWait, wait.seconds > maximumServerDelay {
            return .giveUp(reason: "\(reason); the server asks to wait \(Self.seconds(wait.seconds)) (\(wait.source)), longer than the \(Self.seconds(maximumServerDelay)) allowed")
        }
        guard attempt + 1 < maximumAttempts else {
            return .giveUp(reason: "\(reason); all \(maximumAttempts) attempts used")
        }
        if let wait = serverWait {
            return .retry(after: max(minimumDelay, wait.seconds), reason: "\(reason); server asks to wait \(Self.seconds(wait.seconds)) (\(wait.source))")
        }
        return .retry(after: backoff(attempt: attempt), reason: reason)
    }

    /// The jittered delay after attempt `attempt` (0-based), within `minimumDelay...maximumDelay`.
    public func backoff(attempt: Int) -> Double {
        // In Double, so a large attempt number saturates at infinity instead of overflowing.
        let ceiling = min(maximumDelay, baseDelay * pow(2, Double(max(0, attempt))))
        // Clamped, so a faulty injected source cannot produce a negative or oversized delay.
        return max(minimumDelay, min(1, max(0, random())) * ceiling)
    }

    /// The wait the server asks for, in seconds from `now`, with the header it came from.
    ///
    /// `Retry-After` (delta seconds or an HTTP date) counts on 429 and 503,
    /// `x-ratelimit-reset` (OpenAQ) on 429 only. With both, the longer wait wins:
    /// retrying before either has passed would be answered with another 429.
    public static func serverWait(_ response: HTTPResponse, now: Date) -> (seconds: Double, source: String)? {
        var waits: [(Double, String)] = []
        if let text = response.headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let seconds = Double(text), seconds >= 0, seconds.isFinite {
                waits.append((seconds, "Retry-After: \(text)"))
            } else if let date = HTTPDate.parse(text) {
                waits.append((max(0, date.timeIntervalSince(now)), "Retry-After: \(text)"))
            }
        }
        // OpenAQ: seconds until the per-minute window resets, not a timestamp.
        if response.status == 429, let text = response.headers["x-ratelimit-reset"]?.trimmingCharacters(in: .whitespaces),
           let seconds = Double(text), seconds >= 0, seconds.isFinite {
            waits.append((seconds, "x-ratelimit-reset: \(text)"))
        }
        return waits.max { $0.0 < $1.0 }
    }

    /// A human cause for an HTTP status, for reports and error messages.
    public static func describe(status: Int) -> String {
        switch status {
        case 200..<300: return "success"
        case 304: return "not modified"
        case 300..<400: return "redirect not followed"
        case 400: return "bad request (check the query parameters)"
        case 401: return "API key missing or invalid"
        // OpenAQ's per-IP firewall also answers 403.
        case 403: return "API key missing or invalid, or this IP blocked by the provider's firewall"
        case 402: return "payment required (out of API points)"
        case 404: return "not found"
        case 408: return "request timeout (server side; shorten the query window)"
        case 410: return "gone (endpoint retired)"
        case 422: return "unprocessable request (check the query parameters)"
        case 429: return "too many requests (rate limited)"
        case 500..<600: return "server error"
        case 400..<500: return "client error"
        default: return "unexpected status"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
