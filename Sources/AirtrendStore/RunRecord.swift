/// One feed run as kept in the `runs` table.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var feed: String
    /// `ingest`, `run-once` or `daemon`.
    public var trigger: String
    public var startedAt: String
    /// Nil while running, or when the process died mid-run.
    public var finishedAt: String?
    /// `ok`, `partial`, `failed`, or `running` (never finished).
    public var outcome: String
    public var files: Int
    public var skipped: Int
    public var stored: Int
    public var quarantined: Int
    public var rejected: Int
    public var error: String?
}
