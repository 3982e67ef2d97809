import AirtrendDomain

/// What the configuration loader needs to know of feed kinds and archive layouts.
///
/// The kinds declare their own options in their folders; the target that knows them (ingest) hands
/// this catalogue to the loader, so the loader keeps no list of kinds or keys of its own.
public protocol FeedKindCatalogue: Sendable {
    /// Every kind a feed may name (live kinds and archive layouts), for messages.
    var kindNames: [String] { get }
    /// True for a live (API) kind, false for an archive layout.
    func isLive(_ kind: String) -> Bool
    /// The options a kind reads of its own; nil when there is no such kind.
    func specs(of kind: String) -> [OptionSpec]?
    /// What is wrong with a kind's own options, by key, found by building its typed options as a run would.
    func problems(kind: String, feed: String, values: OptionValues) -> [(key: String, message: String)]
}
