/// A feed's configuration or a response was not what the kind expects; says what was expected.
public struct FeedError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A config key is missing or malformed (exit 78).
        case configuration
        /// The body is not the feed's format: HTML, invalid JSON, missing fields (try later, or report upstream).
        case payload
        /// The body is a well-formed error from the upstream (WAQI `status: error`, PurpleAir `error`).
        case upstream
        /// The upstream refused the credentials (API key missing or invalid).
        case authorization
    }
    public let kind: Kind
    public let message: String
    /// The config key at fault, for ``Kind/configuration``.
    public let key: String?

    public init(_ kind: Kind, _ message: String, key: String? = nil) {
        self.kind = kind
        self.message = message
        self.key = key
    }

    public var description: String { key.map { "\($0): \(message)" } ?? message }
}
