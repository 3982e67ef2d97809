/// A domain value was malformed; the message says what was expected.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
