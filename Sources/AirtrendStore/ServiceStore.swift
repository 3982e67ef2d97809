import AirtrendDomain

/// What the service and its health reports need from a store: runs, counters and sizes.
public protocol ServiceStore: AnyObject {
    /// The most recent runs, newest first, optionally of one feed.
    func runs(feed: String?, limit: Int) throws -> [RunRecord]
    /// Totals over all runs of a feed: runs by outcome, hours stored, values quarantined.
    func runTotals(feed: String) throws -> (outcomes: [String: Int], stored: Int, quarantined: Int)
    func newestHour(station code: String) throws -> UTCHour?
    func feedCounters(feed: String) throws -> FeedCounters
    func summary() throws -> StoreSummary
    /// The size of the database file in bytes.
    func fileSize() throws -> Int
    /// Returns cached pages and freed memory to the system (an idle service should not sit on them).
    func releaseMemory() throws
}
