import AirtrendDomain

/// A feed's configuration as a kind sees it: plain values, secrets already resolved.
public struct FeedSettings: Sendable {
    public typealias Sensor = SensorMapping

    public var id: String
    /// Base URL of the API (or of the files), without a trailing slash.
    public var url: String
    public var sensors: [Sensor]
    /// The API key, read from `api_key_env` or `api_key_file`; never from the YAML.
    public var apiKey: String?
    /// First hour to fetch for a unit without a cursor.
    public var start: UTCHour?
    /// Hours per request window (`window`, default 7 days).
    public var windowHours: Int
    /// Hours before the cursor fetched again at the start of each cycle, to pick up late and revised values.
    public var overlapHours: Int
    /// Zone for stations the feed creates when the payload does not say (`timezone`).
    public var timeZone: StationTimeZone?
    /// The kind's own keys (see ``FeedOptions``) as written in the config.
    public var options: OptionValues

    public init(id: String, url: String, sensors: [Sensor] = [], apiKey: String? = nil, start: UTCHour? = nil,
                windowHours: Int = FeedSettings.defaultWindowHours, overlapHours: Int = FeedSettings.defaultOverlapHours,
                timeZone: StationTimeZone? = nil, options: OptionValues = OptionValues()) {
        self.id = id
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.sensors = sensors
        self.apiKey = apiKey
        self.start = start
        self.windowHours = windowHours
        self.overlapHours = overlapHours
        self.timeZone = timeZone
        self.options = options
    }

    public static let defaultWindowHours = 7 * 24
    public static let defaultOverlapHours = 3
    /// Without `start`, a new feed begins this many hours before now.
    public static let defaultStartHoursAgo = 7 * 24

    /// The first hour a unit fetches: the cursor less the overlap, or `start`, or a week ago.
    public func firstHour(cursor: UTCHour?, now: UTCHour) -> UTCHour {
        if let cursor { return UTCHour(cursor.value - overlapHours) }
        return start ?? UTCHour(now.value - Self.defaultStartHoursAgo)
    }

    /// The next time window of a windowed API: from the overlap before the cursor (or `start`) at the
    /// cycle's beginning, otherwise from where the previous window ended; at most `windowHours` long,
    /// never past `now`. Nil when the unit is caught up.
    public func nextWindow(after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour, windowHours: Int) -> (start: UTCHour, end: UTCHour)? {
        let start: UTCHour
        if let previous {
            guard let end = previous.windowEnd else { return nil }
            start = end
        } else {
            start = firstHour(cursor: cursor, now: now)
        }
        guard start < now else { return nil }
        return (start, min(start + windowHours, now))
    }

    /// The same, with the kind's keys given as text (as tests and simple callers write them).
    public init(id: String, url: String, sensors: [Sensor] = [], apiKey: String? = nil, start: UTCHour? = nil,
                windowHours: Int = FeedSettings.defaultWindowHours, overlapHours: Int = FeedSettings.defaultOverlapHours,
                timeZone: StationTimeZone? = nil, options: [String: String]) {
        self.init(id: id, url: url, sensors: sensors, apiKey: apiKey, start: start, windowHours: windowHours, overlapHours: overlapHours,
                  timeZone: timeZone, options: OptionValues(options.mapValues { .string($0) }))
    }
}
