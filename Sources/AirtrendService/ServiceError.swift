/// The service cannot proceed (a schedule that does not parse, a metrics file it cannot write); the
/// message says why and what to do.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
