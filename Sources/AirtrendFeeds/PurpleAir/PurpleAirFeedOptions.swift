import AirtrendDomain

/// What `purpleair` reads of its own: how a CF=1 value becomes the stored one.
public struct PurpleAirFeedOptions: FeedOptions {
    public static let correctionKey = OptionSpec("correction", summary: "epa-barkjohn-2021 (default; the US EPA correction) or none (the raw CF=1 mean)")
    public static let specs = [correctionKey]

    public var correction: PurpleAirFeed.Correction

    public init(_ values: OptionValues, feed: String) throws(FeedError) {
        switch values.text(Self.correctionKey.key)?.lowercased() {
        case nil, "epa", PurpleAirFeed.Correction.epaBarkjohn2021.rawValue: correction = .epaBarkjohn2021
        case "none": correction = .none
        case let other?:
            throw FeedError(.configuration, "expected correction epa-barkjohn-2021 (the default) or none, found '\(other)'",
                            key: "feeds.\(feed).correction")
        }
    }
}
