import AirtrendConfig
import AirtrendDomain
import AirtrendNormalize

/// The one mapping from a feed's configuration to what its imports need: the layout options,
/// the quality-control rules, and the import request every file or page of the feed shares.
public enum FeedImportSettings {
    /// The settings every import of a feed shares, live or archive: its kind, options, rules and city aliases.
    static func request(for feed: FeedConfiguration, options: LayoutOptions, configuration: AirtrendConfiguration,
                        stop: StopFlag?) -> ImportRequest {
        var request = ImportRequest(layout: feed.kind, options: options, feed: feed.id)
        request.cityAliases = configuration.cityAliases
        request.stop = stop
        request.qualityControl = qualityControl(for: feed, configuration: configuration)
        return request
    }

    /// The import request of a live feed's pages: its kind, quality rules, zone and city aliases.
    static func liveRequest(for feed: FeedConfiguration, configuration: AirtrendConfiguration, stop: StopFlag?) -> ImportRequest {
        var options = LayoutOptions()
        if let zone = feed.options["timezone"]?.stringValue { options.timeZone = try? StationTimeZone(zone) }
        return request(for: feed, options: options, configuration: configuration, stop: stop)
    }

    /// The import request of an archive feed: its layout and options, quality rules and city aliases.
    static func archiveRequest(for feed: FeedConfiguration, configuration: AirtrendConfiguration, stop: StopFlag?) throws -> ImportRequest {
        _ = try LayoutRegistry.layout(named: feed.kind)
        return request(for: feed, options: try layoutOptions(for: feed, base: configuration.baseDirectory), configuration: configuration, stop: stop)
    }

    /// The rules for a feed: the defaults for its kind, then its `quality:` settings.
    public static func qualityControl(for feed: FeedConfiguration, configuration: AirtrendConfiguration) -> QualityControl {
        var qc = QualityControl.defaults(forKind: feed.kind, plausibleMaximum: configuration.plausibleMaximum)
        let q = feed.quality
        if let maximum = q.plausibleMaximum { qc.plausibleMaximum = maximum }
        if let tolerance = q.negativeTolerance { qc.negativeTolerance = tolerance > 0 ? tolerance : nil }
        if let future = q.future { qc.rejectFuture = future }
        if let spike = q.spike { qc.spike = spike ? SeriesRules.Spike(factor: q.spikeFactor ?? 4, floor: q.spikeFloor ?? 100) : nil }
        if let hours = q.flatLineHours { qc.flatLineHours = hours > 0 ? hours : nil }
        if let duplicate = q.duplicate { qc.quarantineDuplicates = duplicate }
        return qc
    }

    /// A feed's config keys as layout options; errors name the key.
    public static func layoutOptions(for feed: FeedConfiguration, base: String) throws -> LayoutOptions {
        var options = LayoutOptions()
        options.station = feed.station
        func text(_ key: String) -> String? { feed.options[key]?.stringValue }
        func list(_ key: String) -> [String]? {
            switch feed.options[key] {
            case .list(let items): items
            case .string(let s): [s]
            default: nil
            }
        }
        options.valueColumn = text("value_column")
        options.timeColumn = text("time_column")
        options.timeFormat = text("time_format")
        options.dateColumns = list("date_columns")
        options.missing = list("missing")
        options.stationColumn = text("station_column")
        options.delimiter = text("delimiter")
        options.stations = text("station_list").map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        if case .bool(let flag) = feed.options["hour_ending"] { options.hourEnding = flag }
        if let zone = text("timezone") {
            do throws(DomainError) { options.timeZone = try StationTimeZone(zone) } catch {
                throw ConfigurationError(problems: [.init(file: "config", line: feed.line, key: "feeds.\(feed.id).timezone", message: error.message)])
            }
        }
        return options
    }
}
