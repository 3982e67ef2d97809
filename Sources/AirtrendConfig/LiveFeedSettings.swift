import AirtrendDomain

/// The keys of a live (API) feed as written in the config; kinds check which apply to them.
///
/// Secrets are never here: only the name of the environment variable or the file that holds them.
public struct LiveFeedSettings: Sendable, Equatable {
    public typealias Sensor = SensorMapping

    /// Name of the environment variable holding the API key.
    public var apiKeyEnv: String?
    /// File holding the API key (relative to the config file; `$CREDENTIALS_DIRECTORY/NAME` for systemd credentials).
    public var apiKeyFile: String?
    public var sensors: [Sensor] = []
    /// The first hour to fetch when the feed has no cursor; nil is seven days before now.
    public var start: UTCHour?
    /// Hours per request window (`window`, default 7d).
    public var windowHours: Int?
    /// Hours re-fetched before the cursor each cycle (`overlap`, default 3h) to pick up late values.
    public var overlapHours: Int?
    /// `60/min` style; checked by the fetcher.
    public var rateLimit: String?
    /// Largest response body accepted (`max_bytes`, default 64 MiB).
    public var maxBytes: Int?
    /// Whole-request timeout in seconds (`timeout`, default 120 s).
    public var timeoutSeconds: Int?
    /// CA bundle for TLS verification instead of the system one.
    public var caFile: String?
    /// Zone of stations the feed creates when its payload does not say (`timezone`).
    public var timeZone: StationTimeZone?
    /// Pages one window may take before the upstream counts as paging for ever (`max_pages`, default 20).
    public var maxPages: Int?
    /// Response bytes (decoded) one run of the feed may read before it stops for now (`max_bytes_per_run`, default 512 MiB).
    public var maxBytesPerRun: Int?
    /// Readings one run of the feed may store before it stops for now (`max_readings_per_run`, default 1,000,000).
    public var maxReadingsPerRun: Int?
    /// How far behind the current hour a sensor's cursor may stay while no data arrives for it (`lookback`, default 7d).
    public var lookbackHours: Int?

    public init() {}

    /// Keys every live kind reads.
    public static let keys: Set<String> = ["api_key_env", "api_key_file", "sensors", "window", "overlap", "rate_limit", "timezone",
                                           "max_pages", "max_bytes_per_run", "max_readings_per_run", "lookback"]
    /// Keys of the transfer itself, which dated archives over HTTP read too.
    public static let transferKeys: Set<String> = ["start", "max_bytes", "timeout", "ca_file"]
}
