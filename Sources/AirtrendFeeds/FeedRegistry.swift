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
}
