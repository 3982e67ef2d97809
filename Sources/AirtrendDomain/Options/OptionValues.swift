/// The options given to one feed or one import, by key, as plain values.
///
/// A kind or layout turns them into its own typed options struct (checking each against its
/// ``OptionSpec``s); the rest of the pipeline never reads keys by name.
public struct OptionValues: Sendable, Equatable {
    public private(set) var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) {
        self.values = values
    }

    public subscript(key: String) -> OptionValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The keys that were given, sorted.
    public var keys: [String] { values.keys.sorted() }

    /// The value as one text (a one-element list counts), or nil.
    public func text(_ key: String) -> String? {
        switch values[key] {
        case .string(let text): text
        case .list(let items) where items.count == 1: items[0]
        default: nil
        }
    }

    /// The value as a list: a list as given, or one text split at commas (blanks trimmed).
    public func list(_ key: String) -> [String]? {
        switch values[key] {
        case .list(let items): items
        case .string(let text):
            text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " ") }
        default: nil
        }
    }

    /// The value as a flag; absent is false.
    public func flag(_ key: String) -> Bool {
        if case .bool(let flag) = values[key] { return flag }
        return false
    }

    /// The keys given that are not among `specs`, sorted (each is an error for the kind or layout).
    public func unknownKeys(for specs: [OptionSpec]) -> [String] {
        let known = Set(specs.map(\.key))
        return keys.filter { !known.contains($0) }
    }

    /// A copy without the given keys (for passing the rest on).
    public func removing(_ keys: Set<String>) -> OptionValues {
        OptionValues(values.filter { !keys.contains($0.key) })
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
