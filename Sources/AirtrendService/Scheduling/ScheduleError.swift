/// A feed's `schedule:` text, time zone or jitter could not be read; the message names the bad part and what was expected.
///
/// The message does not name the feed or the config key: the configuration
/// layer adds those, as it does for every other value it validates.
public struct ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
