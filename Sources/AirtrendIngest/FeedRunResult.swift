import Foundation

/// What one feed did in one run.
public struct FeedRunResult: Sendable {
    public var feed: String
    public var files: [ImportResult] = []
    /// Files skipped because they are unchanged since their last full import.
    public var skipped: [String] = []
    public var failure: String?
    /// Things worth telling the operator that are not failures (a day missing from a dated archive).
    public var warnings: [String] = []
    public var outcome: IngestOutcome = .ok
    /// The server asked not to be asked again before this time (a `Retry-After` longer than a run may
    /// wait); the daemon schedules the feed's next run no earlier.
    public var notBefore: Date?

    public init(feed: String) { self.feed = feed }
}
