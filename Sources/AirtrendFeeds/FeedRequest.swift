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
    /// A window of an API that keeps history and answers exactly the hours `[windowStart, windowEnd)`
    /// (OpenAQ, PurpleAir). The runner holds such an upstream to it: a row outside the window ends the
    /// window as a lying upstream, and the unit's cursor moves only as far as the newest hour actually
    /// received (``cursor(afterNewest:lookbackHours:)``), so hours published late are asked for again.
    /// False for files that are complete once published (AirNow's hourly files) and for APIs that only
    /// give the current reading (WAQI, Sensor.Community), whose windows simply end at `windowEnd`.
    public var isHistoryWindow: Bool

    public init(url: String, headers: [String: String] = [:], unit: String = "", windowStart: UTCHour? = nil,
                windowEnd: UTCHour? = nil, page: Int = 1, conditional: Bool = false, notFoundIsEmpty: Bool = false,
                isHistoryWindow: Bool = false) {
        self.url = url
        self.headers = headers
        self.unit = unit
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.page = page
        self.conditional = conditional
        self.notFoundIsEmpty = notFoundIsEmpty
        self.isHistoryWindow = isHistoryWindow
    }

    /// Where the unit's cursor goes once this window's last page is stored; nil leaves it alone.
    ///
    /// Without ``isHistoryWindow`` that is `windowEnd`. With it, the hour after the newest hour received
    /// in the window (`newest`), so a sensor's cursor never passes data it has not delivered yet; but
    /// never more than `lookbackHours` behind `windowEnd`, so a sensor that went silent costs each
    /// run one look-back of requests, not a re-fetch of everything since it stopped. The store moves a
    /// cursor only forwards, so a window that received less than an earlier one changes nothing.
    public func cursor(afterNewest newest: UTCHour?, lookbackHours: Int) -> UTCHour? {
        guard let end = windowEnd else { return nil }
        guard isHistoryWindow else { return end }
        let floor = UTCHour(end.value - max(0, lookbackHours))
        guard let newest else { return floor }
        return min(end, max(floor, newest + 1))
    }

    /// True when `hour` lies in the window `[windowStart, windowEnd)`, or the request is no time window.
    public func covers(_ hour: UTCHour) -> Bool {
        if let start = windowStart, hour < start { return false }
        if let end = windowEnd, hour >= end { return false }
        return true
    }
}
