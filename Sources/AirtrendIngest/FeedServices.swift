import AirtrendFetch
import Foundation
import Logging

/// What every feed run of one pipeline run shares: the store's one writer, the per-host request
/// limit, the importers, the clocks, the logger and the retry policy.
struct FeedServices: Sendable {
    let writer: StoreWriter
    let hosts: HostLimiter
    let files: FileImporter
    let pages: PageImporter
    let retryPolicy: RetryPolicy
    let clock: ContinuousClock
    /// Wall time: the current hour for cursors and windows, dates for `Retry-After`.
    let now: @Sendable () -> Date
    let environment: [String: String]
    let temporaryDirectory: String
    let logger: Logger?

    var currentHour: Int { Int(now().timeIntervalSince1970).floorDiv(3600) }

    /// A fetcher for one feed: its own libcurl handle and lane, this run's host limit and store.
    ///
    /// - Parameter secrets: the feed's API key or token, kept to its origin and out of every message.
    func fetcher(feed: String, caFile: String?, rateLimit: RateLimit?, maximumBytes: Int, timeoutSeconds: Int,
                 secrets: [String] = []) throws(FetchError) -> FeedFetcher {
        try FeedFetcher(feed: feed, caFile: caFile, rateLimit: rateLimit, maximumBytes: maximumBytes, timeoutSeconds: timeoutSeconds,
                        secrets: secrets, hosts: hosts, writer: writer, retryPolicy: retryPolicy, clock: clock, now: now, logger: logger)
    }
}
