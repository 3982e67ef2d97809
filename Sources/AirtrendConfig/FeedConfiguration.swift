import AirtrendDomain

/// One feed as configured: where to get data, in which layout or kind, for which station.
public struct FeedConfiguration: Sendable, Equatable {
    public var id: String
    /// A layout name (`stateair`, `csv`) for archive feeds, later a live feed kind.
    public var kind: String
    public var url: String
    public var station: String?
    /// `every 15m`, `hourly`, `daily` or a cron expression; read by the daemon.
    public var schedule: String?
    /// Zone the schedule is evaluated in (IANA name or `UTC+8`); nil is UTC.
    public var scheduleTimeZone: String?
    /// Random delay, up to this many seconds, added to each scheduled run.
    public var jitterSeconds: Int?
    /// The feed's `quality:` settings (nil fields keep the defaults for its kind).
    public var quality = QualitySettings()
    /// For a `file:` directory URL: which file names to read (`fnmatch` pattern).
    public var match: String?
    /// The kind's or layout's own options (`value_column`, `bbox`, …) as written; the kind reads them
    /// into its typed options.
    public var options: OptionValues
    /// Line of the feed in the file, for later error messages.
    public var line: Int?
    /// Line of each of the feed's keys, for messages about one of them.
    public var keyLines: [String: Int] = [:]
    /// The keys of live (API) feeds: sensors, API key source, start, window, limits.
    public var live = LiveFeedSettings()

    public init(id: String, kind: String, url: String, station: String? = nil, schedule: String? = nil,
                match: String? = nil, options: OptionValues = OptionValues(), line: Int? = nil) {
        self.id = id
        self.kind = kind
        self.url = url
        self.station = station
        self.schedule = schedule
        self.match = match
        self.options = options
        self.line = line
    }

    /// The key path of one of the feed's keys, `feeds.<id>.<key>`: the one spelling every message uses.
    public func keyPath(_ key: String) -> String { "feeds.\(id)" + (key.isEmpty ? "" : "." + key) }

    /// The line of one of the feed's keys, or of the feed.
    public func line(of key: String) -> Int? { keyLines[key] ?? line }
}
