/// A store operation failed; the message says what to do, the kind what sort of failure it is.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Anything else the store refuses (a release of an unknown quarantine id, a damaged row).
        case refused
        /// A read found no store file at the path.
        case missing
        /// The file was written by a newer airtrend, or is older than this one and opened read-only.
        case schema
        /// A read asked for a validity profile the store does not keep.
        case profileNotKept
    }

    public let message: String
    public let kind: Kind

    public init(_ message: String, kind: Kind = .refused) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}
