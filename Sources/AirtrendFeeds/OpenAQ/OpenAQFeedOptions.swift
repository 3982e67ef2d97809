import AirtrendDomain

/// `openaq-v3` reads no keys of its own: sensors, window and the API key are common to live feeds.
public struct OpenAQFeedOptions: FeedOptions {
    public static let specs: [OptionSpec] = []
    public init(_ values: OptionValues, feed: String) throws(FeedError) {}
}
