import AirtrendFetch
import Foundation

/// What fetching one request came to, after rate limits and retries.
enum Fetched: Sendable {
    case body(HTTPResponse)
    case notModified
    /// A 404 on a request that marks it "not published yet".
    case notFound
    /// The run of this feed (or only of this unit, when `unitOnly`) ends here.
    case failed(message: String, outcome: IngestOutcome, unitOnly: Bool)
    /// The server asked to wait longer than a run may hold the ingest lock for it (``RetryPolicy/maximumServerDelay``):
    /// the feed's run ends here as a temporary failure, and its next run should not start before `until`.
    case deferred(message: String, until: Date)
    /// The task was cancelled (shutdown) while it waited.
    case stopped
}
