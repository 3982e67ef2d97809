/// A daemon or one-shot run could not proceed; the message says why and what to do.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
