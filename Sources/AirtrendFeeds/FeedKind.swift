import AirtrendDomain

/// A live feed: what to request next from a unit's cursor, and how to turn a response into readings.
///
/// A kind knows URLs and payloads, never HTTP transport or SQL: the daemon's
/// runner makes the requests (rate limit, retries, conditional GET) and stores
/// each page's events together with the cursor in one transaction.
///
/// Cursor model: every kind tracks one or more *units* (a sensor, or `""` for a
/// feed that is fetched as a whole). A unit's cursor is the hour (exclusive)
/// before which it has been fetched completely. Within one cycle the runner calls
/// ``request(unit:after:cursor:now:)`` with `previous` = nil, then again with the
/// window it just finished, until it returns nil; pages of one window come from
/// ``decode(_:contentType:request:)``'s `nextPage`. When a window's last page is
/// committed, the unit's cursor moves to ``FeedRequest/cursor(afterNewest:lookbackHours:)``: the
/// request's `windowEnd`, or for a history window (``FeedRequest/isHistoryWindow``) no further than the
/// newest hour received. The runner bounds every window: at most `max_pages` pages, no page that repeats
/// the one before, and for a history window no row outside it.
///
/// - Important: Register every kind in ``FeedRegistry/kinds``.
public protocol FeedKind: Sendable {
    /// The kind's own options (in its folder).
    associatedtype Options: FeedOptions

    /// The name used as a feed's `kind` in the config.
    static var name: String { get }
    /// One sentence on how the feed's time stamps map to UTC hour-starts.
    static var timeConvention: String { get }
    /// Default `rate_limit` (`60/min`), or nil for no limit beyond the per-host one.
    static var defaultRateLimit: String? { get }
    /// True when the feed cannot work without `api_key_env` or `api_key_file`.
    static var requiresAPIKey: Bool { get }
    /// The quality-control rules on by default for this kind's data (low-cost sensors add spike and flat line).
    static var qualityDefaults: QualityDefaults { get }

    /// Checks the settings; the error names the config key and what was expected.
    init(settings: FeedSettings) throws(FeedError)

    /// The cursor keys of this feed (sensor ids, or `[""]`).
    var units: [String] { get }

    /// The next window to fetch for `unit`, or nil when this cycle is done for it.
    ///
    /// - Parameters:
    ///   - previous: the window finished just before in this cycle (nil at the cycle's start).
    ///   - cursor: the unit's stored cursor (nil when the feed never ran).
    ///   - now: the current hour (its start); hours before it are complete.
    func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest?

    /// Decodes a 2xx body into events (stations, readings, missing hours, rejected rows).
    ///
    /// - Throws: ``FeedError`` when the body is not what the feed sends (HTML, invalid JSON, an error
    ///   object inside a 200, a wrong unit for the whole response). Nothing from it is stored.
    func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage
}

extension FeedKind {
    public static var defaultRateLimit: String? { nil }
    public static var requiresAPIKey: Bool { false }
    public static var qualityDefaults: QualityDefaults { .plain }
}
