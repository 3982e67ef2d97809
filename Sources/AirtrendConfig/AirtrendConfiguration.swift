import AirtrendDomain

/// The whole configuration, with defaults in one place.
///
/// Paths are resolved against the folder of the config file, so a config and
/// its data can move together.
public struct AirtrendConfiguration: Sendable {
    /// The config file this came from (absolute), or nil for the built-in defaults.
    public var file: String?
    /// The SQLite file (absolute).
    public var database: String
    public var profile: String
    public var stations: [Station]
    public var feeds: [FeedConfiguration]
    public var report: ReportConfiguration?
    /// Cities with the other names sources use for them.
    public var cities: [City] = []
    public var regions: [Region] = []
    /// `published:`: official annual means with their sources, each (scope, year) once.
    public var published: [PublishedFigure] = []
    /// `html_report:`: HTML pages kept current after every run that stored data, or nil.
    public var htmlReport: HTMLReportConfiguration?
    /// Prometheus textfile written after every cycle and one-shot run (absolute), or nil.
    public var metricsFile: String?
    /// `daemon.max_concurrent_feeds`: remote feeds downloading at once (imports stay one at a time).
    public var maxConcurrentFeeds = 4
    /// `daemon.shutdown_timeout`: seconds a cycle in flight may take to finish after SIGTERM.
    public var shutdownTimeoutSeconds: Double = 20
    /// `import.batch_size`: hours per transaction when feeds import files (`ingest`, `run`); the `import`
    /// command's `--batch-size`. A batch's hours wait in memory, 20 bytes each.
    public var importBatchSize = defaultImportBatchSize
    /// Things worth telling the operator that do not stop anything (e.g. a city in no region).
    public var warnings: [String] = []
    /// Plausible maximum for hourly PM2.5, µg/m³.
    public var plausibleMaximum: Double

    public static let defaultDatabase = "airtrend.sqlite"
    public static let defaultPlausibleMaximum = 2_000.0
    /// Large enough that each station's newest pages are rewritten rarely (issue 14), small enough that a
    /// batch held in memory keeps a 10 M-row import within 64 MB.
    public static let defaultImportBatchSize = 1_000_000

    public init(file: String? = nil, database: String, profile: String = ValidityProfile.default.name, stations: [Station] = [],
                feeds: [FeedConfiguration] = [], report: ReportConfiguration? = nil, plausibleMaximum: Double = defaultPlausibleMaximum) {
        self.file = file
        self.database = database
        self.profile = profile
        self.stations = stations
        self.feeds = feeds
        self.report = report
        self.plausibleMaximum = plausibleMaximum
    }

    /// Every alias (and the name itself) → the configured city name.
    public var cityAliases: [String: String] {
        var map: [String: String] = [:]
        for city in cities {
            map[city.name] = city.name
            for alias in city.aliases { map[alias] = city.name }
        }
        return map
    }

    /// The region with this id, or nil.
    public func region(_ id: String) -> Region? { regions.first { $0.id == id } }

    /// The folder relative paths in the file are resolved against.
    public var baseDirectory: String {
        guard let file, let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }
}
