/// What to do after an attempt, from ``RetryPolicy/decision(for:attempt:now:)``.
public enum RetryDecision: Sendable, Equatable {
    /// Stop: the outcome is final. A success, a 2xx/304, or something retrying
    /// cannot fix (most 4xx, a refused redirect, a too-large body); the caller
    /// reports non-successes itself (see ``RetryPolicy/describe(status:)``).
    case done
    /// Try again after `after` seconds (never less than the policy's floor).
    case retry(after: Double, reason: String)
    /// Retryable, but attempts are exhausted or the server asks for a longer wait than allowed.
    case giveUp(reason: String)
}
