import AirtrendConfig
import AirtrendDomain
import AirtrendNormalize

/// What to import and how: a layout, its options, and the station facts the command line gave.
public struct ImportRequest: Sendable {
    public var layout: String
    /// The layout's options as plain values (`station`, `value_column`, …); the layout reads them into its own struct.
    public var options: OptionValues
    /// Zone of stations the import creates; by default the `timezone` option.
    public var creationZone: StationTimeZone?
    /// City for stations created by this import.
    public var city: String?
    /// Role of the stations this import creates (`import --role`); nil: the source's marker (a station list's
    /// control-point column), else `assessment`. Stations the store already knows keep theirs.
    public var role: StationRole?
    /// Feed that produced the files, if any (recorded with the import).
    public var feed: String?
    /// Fail the whole file, writing nothing, on any rejected row.
    public var strict: Bool
    /// Hours per transaction.
    public var batchSize: Int
    /// City names as sources write them (e.g. `北京`, `北京市`) → the configured city (`Beijing`).
    public var cityAliases: [String: String] = [:]
    /// The rules for this import; nil uses the importer's defaults.
    public var qualityControl: QualityControl?
    /// Set to stop the import at the next line; the open batch is rolled back.
    public var stop: StopFlag?

    public init(layout: String, options: OptionValues, city: String? = nil, feed: String? = nil, strict: Bool = false, batchSize: Int = AirtrendConfiguration.defaultImportBatchSize) {
        self.layout = layout
        self.options = options
        self.creationZone = options.text("timezone").flatMap { try? StationTimeZone($0) }
        self.city = city
        self.feed = feed
        self.strict = strict
        self.batchSize = batchSize
    }
}
