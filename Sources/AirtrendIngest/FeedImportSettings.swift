import AirtrendConfig
import AirtrendDomain
import AirtrendNormalize

/// The one mapping from a feed's configuration to what its imports need: the option values its
/// layout reads, the quality-control rules, and the import request every file or page shares.
public enum FeedImportSettings {
    /// The settings every import of a feed shares, live or archive: its kind, options, rules and city aliases.
    static func request(for feed: FeedConfiguration, options: OptionValues, configuration: AirtrendConfiguration,
                        stop: StopFlag?) -> ImportRequest {
        var request = ImportRequest(layout: feed.kind, options: options, feed: feed.id, batchSize: configuration.importBatchSize)
        request.cityAliases = configuration.cityAliases
        request.stop = stop
        request.qualityControl = qualityControl(for: feed, configuration: configuration)
        return request
    }

    /// The import request of a live feed's pages: its kind, quality rules, the zone of stations it creates.
    static func liveRequest(for feed: FeedConfiguration, configuration: AirtrendConfiguration, stop: StopFlag?) -> ImportRequest {
        var request = request(for: feed, options: OptionValues(), configuration: configuration, stop: stop)
        request.creationZone = feed.live.timeZone
        return request
    }

    /// The import request of an archive feed: its layout and options, quality rules and city aliases.
    static func archiveRequest(for feed: FeedConfiguration, configuration: AirtrendConfiguration, stop: StopFlag?) throws(LayoutError) -> ImportRequest {
        _ = try LayoutRegistry.layout(named: feed.kind)
        return request(for: feed, options: layoutValues(for: feed), configuration: configuration, stop: stop)
    }

    /// The values a feed's layout reads: its own options as the loader kept them, and its `station`.
    public static func layoutValues(for feed: FeedConfiguration) -> OptionValues {
        var values = feed.options
        if let station = feed.station { values["station"] = .string(station) }
        return values
    }

    /// The rules for a feed: the defaults its kind declares, then its `quality:` settings.
    public static func qualityControl(for feed: FeedConfiguration, configuration: AirtrendConfiguration) -> QualityControl {
        var qc = QualityControl(defaults: KnownFeedKinds().qualityDefaults(of: feed.kind), plausibleMaximum: configuration.plausibleMaximum)
        let q = feed.quality
        if let maximum = q.plausibleMaximum { qc.plausibleMaximum = maximum }
        if let tolerance = q.negativeTolerance { qc.negativeTolerance = tolerance > 0 ? tolerance : nil }
        if let future = q.future { qc.rejectFuture = future }
        if let spike = q.spike { qc.spike = spike ? SeriesRules.Spike(factor: q.spikeFactor ?? 4, floor: q.spikeFloor ?? 100) : nil }
        if let hours = q.flatLineHours { qc.flatLineHours = hours > 0 ? hours : nil }
        if let duplicate = q.duplicate { qc.quarantineDuplicates = duplicate }
        if let earliest = q.earliest { qc.earliest = earliest }
        if let hours = q.futureToleranceHours { qc.futureToleranceHours = hours }
        return qc
    }
}
