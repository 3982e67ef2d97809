import AirtrendDomain

/// One HTTP GET a feed kind wants made, and what completing it means for the cursor.
public struct FeedRequest: Sendable, Equatable {
    /// The full URL. It may carry a secret in its query (WAQI's `token`); the runner redacts it for display.
    public var url: String
    /// Extra request headers (for example `X-API-Key`); never logged.
    public var headers: [String: String]
    /// The unit (cursor key) this request belongs to.
    public var unit: String
    /// First hour (UTC hour-start, inclusive) the window asks for, when it is a time window.
    public var windowStart: UTCHour?
    /// The unit's cursor once this window's last page is stored; nil leaves the cursor alone.
    public var windowEnd: UTCHour?
    /// Page number within the window, from 1.
    public var page: Int
    /// Send the stored ETag / Last-Modified for this URL and treat 304 as "nothing new".
    public var conditional: Bool
    /// A 404 means "not published yet" (skip, keep the cursor), not a failure.
    public var notFoundIsEmpty: Bool

    public init(url: String, headers: [String: String] = [:], unit: String = "", windowStart: UTCHour? = nil,
                windowEnd: UTCHour? = nil, page: Int = 1, conditional: Bool = false, notFoundIsEmpty: Bool = false) {
        self.url = url
        self.headers = headers
        self.unit = unit
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.page = page
        self.conditional = conditional
        self.notFoundIsEmpty = notFoundIsEmpty
    }
}
