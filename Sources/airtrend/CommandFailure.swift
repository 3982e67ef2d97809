/// A command cannot go on: the message for standard error and the exit status it ends with.
///
/// Thrown, never exited on the spot, so `defer`s (lock release, store close) run on the way out;
/// ``Airtrend/main()`` prints it and exits once.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: ExitStatus

    init(_ message: String, _ status: ExitStatus) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}
