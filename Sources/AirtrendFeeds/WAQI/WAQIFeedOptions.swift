import AirtrendDomain

/// `waqi` reads no keys of its own: its stations (`@idx`) and token are common to live feeds.
public struct WAQIFeedOptions: FeedOptions {
    public static let specs: [OptionSpec] = []
    public init(_ values: OptionValues, feed: String) throws(FeedError) {}
}
