import AirtrendDomain

/// The typed options a live feed kind reads beyond the keys every live feed has (sensors, start,
/// window, overlap, limits, API key source).
///
/// Each kind has its own struct in its folder with its keys (``specs``), defaults and checks; the
/// configuration loader rejects any other key for the kind, naming the ones it reads.
public protocol FeedOptions: Sendable {
    static var specs: [OptionSpec] { get }
    /// Checks and converts the values; a ``FeedError`` names the key (`feeds.<id>.<key>`) and what was expected.
    init(_ values: OptionValues, feed: String) throws(FeedError)
}
