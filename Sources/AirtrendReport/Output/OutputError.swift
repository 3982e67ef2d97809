/// A file could not be written; nothing was left at its path (the CLI exits 73).
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var message: String { "cannot write \(path): \(reason); choose a path in a folder that exists and is writable" }
    public var description: String { message }
}
