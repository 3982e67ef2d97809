import AirtrendDomain

/// The one list of live feed kinds; the config, the runner and `feeds test` look here only.
public enum FeedRegistry {
    /// Every kind, in the order `airtrend feeds kinds` prints them.
    public static let kinds: [any FeedKind.Type] = [
        OpenAQFeed.self, WAQIFeed.self, AirNowHourlyFeed.self, SensorCommunityFeed.self, PurpleAirFeed.self,
    ]

    /// The kind named `name`, or nil.
    public static func kind(named name: String) -> (any FeedKind.Type)? {
        kinds.first { $0.name == name }
    }

    /// True when `name` is a live kind (as opposed to an archive layout).
    public static func isLiveKind(_ name: String) -> Bool { kind(named: name) != nil }

    /// The options a kind reads of its own.
    public static func specs(of type: any FeedKind.Type) -> [OptionSpec] {
        func specs<K: FeedKind>(_: K.Type) -> [OptionSpec] { K.Options.specs }
        return specs(type)
    }

    /// What is wrong with a kind's own options, found by building its typed options.
    public static func check(_ type: any FeedKind.Type, values: OptionValues, feed: String) throws(FeedError) {
        func check<K: FeedKind>(_: K.Type) throws(FeedError) { _ = try K.Options(values, feed: feed) }
        try check(type)
    }
}
