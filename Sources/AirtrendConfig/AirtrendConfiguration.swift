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
    /// Plausible maximum for hourly PM2.5, µg/m³.
    public var plausibleMaximum: Double

    public static let defaultDatabase = "airtrend.sqlite"
    public static let defaultPlausibleMaximum = 2_000.0

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

    /// The folder relative paths in the file are resolved against.
    public var baseDirectory: String {
        guard let file, let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }
}
