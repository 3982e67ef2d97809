import AirtrendIngest

/// Process exit codes, following sysexits(3), so cron and systemd can tell outcomes apart.
///
/// The one place outcomes become numbers: the libraries report typed outcomes and errors.
enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Bad command-line use.
    case usage = 64
    /// Input was read but some of it was rejected (bad rows, bad file).
    case dataError = 65
    /// An input file does not exist or cannot be read.
    case noInput = 66
    /// A feed or remote source is unavailable.
    case unavailable = 69
    /// The remote side broke its protocol (a feed that repeats pages, pages for ever, or answers outside the window asked).
    case protocolError = 76
    /// Internal or store failure.
    case software = 70
    /// The disk failed: full, or an I/O error.
    case ioError = 74
    /// A file cannot be created: an `--output` into a missing or unwritable folder, a store that cannot
    /// be opened for writing.
    case cannotCreate = 73
    /// Temporary failure (a lock is held); try again later.
    case tempFail = 75
    /// The configuration is invalid.
    case config = 78

    init(_ outcome: IngestOutcome) {
        switch outcome {
        case .ok: self = .ok
        case .usage: self = .usage
        case .rejectedInput: self = .dataError
        case .missingInput: self = .noInput
        case .unavailable: self = .unavailable
        case .badUpstream: self = .protocolError
        case .storeFailure: self = .software
        case .temporaryFailure: self = .tempFail
        case .configuration: self = .config
        }
    }
}
