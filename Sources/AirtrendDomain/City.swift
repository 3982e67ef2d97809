/// A city as configured: its English name and the other names sources use for it.
public struct City: Hashable, Sendable {
    /// The name used in the store, config and reports, e.g. `Beijing`.
    public var name: String
    /// Other spellings sources use, e.g. `北京` and `北京市` in the China-network station list.
    public var aliases: [String]

    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }
}
