/// One option a feed kind or an archive layout reads: its key, the kind of value, and what it means.
///
/// Kinds and layouts declare their options with these, in their own folders; the configuration
/// loader, the checker and the command line read the declarations instead of keeping lists.
public struct OptionSpec: Sendable, Hashable {
    /// The kind of value an option takes.
    public enum ValueKind: Sendable, Hashable {
        /// One text value.
        case text
        /// A list: a YAML sequence, or one text split at commas.
        case list
        /// `true` or `false` (on the command line, a flag).
        case flag
        /// A file path; in a configuration file, relative to the file's folder.
        case path
    }

    /// The key as written in the configuration (`value_column`).
    public let key: String
    public let kind: ValueKind
    /// One line for help texts: what the option means, and its default when it has one.
    public let summary: String
    /// The key is needed: the kind or layout cannot work without it.
    public let required: Bool

    /// The command-line spelling, e.g. `--value-column`.
    public let flag: String

    /// - Parameter flag: the command-line spelling when it is not the key with dashes (`--stations` for `station_list`).
    public init(_ key: String, _ kind: ValueKind = .text, required: Bool = false, flag: String? = nil, summary: String) {
        self.key = key
        self.kind = kind
        self.required = required
        self.summary = summary
        self.flag = flag ?? "--" + key.split(separator: "_").joined(separator: "-")
    }
}
