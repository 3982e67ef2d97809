import AirtrendStore

/// What an import or a feed run came to, ordered from success to the most serious failure.
///
/// The library reports outcomes, never process exit codes: the command line maps each outcome
/// to one exit status, in one place.
public enum IngestOutcome: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ok
    /// The request itself is wrong (an option a layout does not take, a missing column name).
    case usage
    /// Input was read but some of it was rejected (rows, files, unknown stations).
    case rejectedInput
    /// An input file does not exist or cannot be read.
    case missingInput
    /// A feed or remote source is unavailable (a missing archive, a 404, a body not in the feed's format).
    case unavailable
    /// The upstream broke the protocol it promised: it repeated a page, sent rows outside the window
    /// asked for, or paged past `max_pages`. Nothing from the broken window was kept; retrying helps
    /// only once the upstream is fixed (or `window`/`max_pages` suit it).
    case badUpstream
    /// The store failed (a write, a constraint, the disk).
    case storeFailure
    /// Worth trying again later: the lock is held, retries ran out, the run was interrupted.
    case temporaryFailure
    /// The configuration is wrong, including an API key the upstream refused.
    case configuration

    public static func < (lhs: IngestOutcome, rhs: IngestOutcome) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The more serious of two outcomes (any failure beats success).
    public func worst(_ other: IngestOutcome) -> IngestOutcome { max(self, other) }

    public var description: String {
        switch self {
        case .ok: "ok"
        case .usage: "usage"
        case .rejectedInput: "rejected-input"
        case .missingInput: "missing-input"
        case .unavailable: "unavailable"
        case .badUpstream: "bad-upstream"
        case .storeFailure: "store-failure"
        case .temporaryFailure: "temporary-failure"
        case .configuration: "configuration"
        }
    }

    /// The outcome of a failed store call: busy (another writer held the store past the busy
    /// timeout) is worth trying again later, anything else is a store failure.
    public static func storeFailure(_ error: any Error) -> IngestOutcome {
        (error as? SQLiteError)?.isBusy == true ? .temporaryFailure : .storeFailure
    }
}
