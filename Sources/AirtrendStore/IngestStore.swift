import AirtrendDomain

/// What imports and feed runs need from a store: stations, import and run records, a writer for
/// hours, and the state live feeds keep (cursors, HTTP validators, counters).
///
/// Writes happen in transactions; ``transaction(_:)`` lets a caller make several of them one
/// (a feed page's readings, its cursor and its counters), and nests when one is already open.
public protocol IngestStore: AnyObject {
    func station(code: String) throws -> StoredStation?
    func stations() throws -> [StoredStation]
    /// Creates the station, or updates its descriptive fields (its aggregates follow a changed city or zone).
    @discardableResult
    func saveStation(_ station: Station) throws -> StoredStation
    /// Records the start of an import, committed at once so a killed import stays visible.
    func beginImport(source: String, layout: String, feedCode: String?) throws -> Int64
    func finishImport(_ id: Int64, counts: ImportCounts, status: String, message: String?) throws
    /// The source (canonical path or redacted URL) an import read, or nil for an unknown id.
    func importSource(id: Int64) throws -> String?
    /// A writer for one import's hours; `external` when the caller owns the transaction.
    func hourlyWriter(importID: Int64, batchSize: Int, external: Bool) throws -> any HourlyWriter
    /// Stored hourly values of a station in `[from, to)`, oldest first.
    func hourlyValues(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [(hour: UTCHour, value: Double)]
    /// The size and modification time recorded when a feed last imported a file in full.
    func sourceState(feed: String, source: String) throws -> (size: Int, modified: Int)?
    func recordSourceState(feed: String, kind: String, source: String, size: Int, modified: Int) throws
    /// The hour (exclusive) before which a feed's unit is fetched completely.
    func feedCursor(feed: String, unit: String) throws -> UTCHour?
    /// Moves a unit's cursor, never backwards.
    func advanceFeedCursor(feed: String, unit: String, to hour: UTCHour) throws
    func httpValidators(url: String) throws -> (etag: String?, lastModified: String?)?
    func saveHTTPValidators(url: String, etag: String?, lastModified: String?) throws
    func addFeedCounters(feed: String, _ delta: FeedCounters, succeeded: Bool) throws
    /// Records the start of a feed run, committed at once so a killed run stays visible.
    func beginRun(feed: String, trigger: String) throws -> Int64
    func finishRun(_ id: Int64, outcome: String, files: Int, skipped: Int, stored: Int, quarantined: Int, rejected: Int, error: String?) throws
    /// Runs `body` in one transaction: commits when it returns, rolls back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T
}

extension IngestStore {
    public func beginImport(source: String, layout: String) throws -> Int64 {
        try beginImport(source: source, layout: layout, feedCode: nil)
    }

    public func addFeedCounters(feed: String, _ delta: FeedCounters) throws {
        try addFeedCounters(feed: feed, delta, succeeded: false)
    }
}
