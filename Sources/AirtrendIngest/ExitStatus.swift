/// Process exit codes, following sysexits(3), so cron and systemd can tell outcomes apart.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Bad command-line use.
    case usage = 64
    /// Input was read but some of it was rejected (bad rows, bad file).
    case dataError = 65
    /// An input file does not exist or cannot be read.
    case noInput = 66
    /// A feed or remote source is unavailable.
    case unavailable = 69
    /// Internal or store failure.
    case software = 70
    /// An output file cannot be created (`--output` into a missing or unwritable folder).
    case cannotCreate = 73
    /// Temporary failure (a lock is held); try again later.
    case tempFail = 75
    /// The configuration is invalid.
    case config = 78

    /// The more serious of two outcomes (any failure beats success).
    public func worst(_ other: ExitStatus) -> ExitStatus {
        if self == .ok { return other }
        if other == .ok { return self }
        return rawValue >= other.rawValue ? self : other
    }
}
