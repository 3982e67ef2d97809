import AirtrendDomain

/// What `airnow-hourly` reads of its own: a prefix for the station ids it creates from AQSIDs.
public struct AirNowHourlyFeedOptions: FeedOptions {
    public static let stationPrefixKey = OptionSpec("station_prefix", summary: "prefix of the station ids created from AQSIDs (default none)")
    public static let specs = [stationPrefixKey]

    public var stationPrefix: String

    public init(_ values: OptionValues, feed: String) throws(FeedError) {
        stationPrefix = values.text(Self.stationPrefixKey.key) ?? ""
        if stationPrefix.contains(where: { $0.isWhitespace || $0 == "|" }) {
            throw FeedError(.configuration, "expected a station_prefix without spaces or '|', found '\(stationPrefix)'",
                            key: "feeds.\(feed).station_prefix")
        }
    }
}
