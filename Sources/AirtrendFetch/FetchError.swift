/// A source could not be fetched; names the URL (secrets removed) and the cause.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case notFound, unavailable, refused, tooLarge, usage }
    public let url: String
    public let message: String
    public let kind: Kind
    public init(url: String, message: String, kind: Kind) {
        self.url = url
        self.message = message
        self.kind = kind
    }
    public var description: String { "\(url): \(message)" }
}
