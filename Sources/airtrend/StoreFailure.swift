import AirtrendStore

/// The exit status and message of a store failure, the same from every command.
///
/// Busy (another process held the store past the busy timeout) is 75, try again; the disk failing
/// (full, I/O) is 74; a file that cannot be created or opened for writing is 73; a store that does not
/// exist for a read is 66; a profile the store does not keep is 65; anything else is 70. Never 69,
/// which is for feeds.
enum StoreFailure {
    static func status(_ error: any Error) -> ExitStatus {
        if let error = error as? SQLiteError {
            if error.isBusy { return .tempFail }
            if error.isIOFailure { return .ioError }
            if error.isCannotOpen { return .cannotCreate }
            return .software
        }
        if let error = error as? StoreError {
            switch error.kind {
            case .missing: return .noInput
            case .profileNotKept: return .dataError
            case .schema, .refused: return .software
            }
        }
        return .software
    }

    /// The failure as the command reports it, naming the store.
    static func failure(_ error: any Error, path: String) -> CommandFailure {
        let status = status(error)
        let hint = status == .tempFail ? "; another airtrend process is writing it: try again later (or give --wait SECONDS where the command takes it)" : ""
        return CommandFailure("store \(path): \(error)\(hint)", status)
    }
}
