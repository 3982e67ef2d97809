/// An ingest could not proceed (the lock file cannot be opened, a feed cannot be set up); the message says why
/// and what to do, the outcome what kind of failure it is.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let outcome: IngestOutcome
    public init(_ message: String, outcome: IngestOutcome = .storeFailure) {
        self.message = message
        self.outcome = outcome
    }
    public var description: String { message }
}
