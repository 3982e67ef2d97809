import AirtrendDomain

/// What `sensor-community` reads of its own: a bounding box to take every sensor in, and the prefix
/// of the station ids it creates.
public struct SensorCommunityFeedOptions: FeedOptions {
    public static let bboxKey = OptionSpec("bbox", summary: "minLon,minLat,maxLon,maxLat: every outdoor sensor in this box (instead of sensors)")
    public static let stationPrefixKey = OptionSpec("station_prefix", summary: "prefix of the station ids created from sensor ids (default sc-)")
    public static let specs = [bboxKey, stationPrefixKey]

    public var bbox: SensorCommunityFeed.BoundingBox?
    public var stationPrefix: String

    public init(_ values: OptionValues, feed: String) throws(FeedError) {
        bbox = try values.text(Self.bboxKey.key).map { text throws(FeedError) in
            try SensorCommunityFeed.parseBoundingBox(text, key: "feeds.\(feed).bbox")
        }
        stationPrefix = values.text(Self.stationPrefixKey.key) ?? "sc-"
    }
}
