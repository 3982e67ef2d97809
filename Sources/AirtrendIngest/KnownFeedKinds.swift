import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendNormalize

/// Every kind a feed may name: the live kinds of ``FeedRegistry`` and the archive layouts of
/// ``LayoutRegistry``, with the options and quality defaults each declares in its own folder.
///
/// The configuration loader, the checker and the command line read kinds through this; none keeps a list.
public struct KnownFeedKinds: FeedKindCatalogue {
    public init() {}

    public var kindNames: [String] { FeedRegistry.kinds.map { $0.name } + LayoutRegistry.names }

    public func isLive(_ kind: String) -> Bool { FeedRegistry.isLiveKind(kind) }

    public func specs(of kind: String) -> [OptionSpec]? {
        if let live = FeedRegistry.kind(named: kind) { return FeedRegistry.specs(of: live) }
        if let layout = try? LayoutRegistry.layout(named: kind) { return LayoutRegistry.specs(of: layout) }
        return nil
    }

    public func problems(kind: String, feed: String, values: OptionValues) -> [(key: String, message: String)] {
        if let live = FeedRegistry.kind(named: kind) {
            do throws(FeedError) {
                try FeedRegistry.check(live, values: values, feed: feed)
                return []
            } catch {
                return [(error.key ?? "feeds.\(feed)", error.message)]
            }
        }
        do throws(LayoutError) {
            try LayoutRegistry.checkOptions(named: kind, values: values)
            return []
        } catch {
            // A layout names its options by flag (`--value-column`); the config spells them as keys.
            let spec = specs(of: kind)?.first { error.message.contains($0.flag) }
            return [(spec?.key ?? "kind", error.message)]
        }
    }

    /// The quality rules a kind turns on by default.
    public func qualityDefaults(of kind: String) -> QualityDefaults {
        if let live = FeedRegistry.kind(named: kind) { return live.qualityDefaults }
        if let layout = try? LayoutRegistry.layout(named: kind) { return layout.qualityDefaults }
        return .plain
    }
}
