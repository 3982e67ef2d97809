import AirtrendConfig
import AirtrendDomain
import AirtrendIngest
import Foundation

/// Checks what loading a configuration cannot judge from the file alone: schedules, API keys from the
/// environment or files, the files feeds' options name, and each live kind built as a run builds it.
///
/// The loader has already checked keys, kinds and each kind's own options; problems here use the
/// same key paths (`feeds.<id>.<key>`) and lines.
public struct ConfigurationChecker: Sendable {
    /// Where live feeds' `api_key_env` variables are looked up.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Every problem found, each naming the feed's key path.
    public func problems(in configuration: AirtrendConfiguration) -> [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        let file = configuration.file ?? "(defaults)"
        let kinds = KnownFeedKinds()
        for feed in configuration.feeds {
            do {
                _ = try Schedule(feed.schedule ?? "hourly", timeZone: feed.scheduleTimeZone ?? "UTC", jitterSeconds: feed.jitterSeconds ?? 0)
            } catch {
                problems.append(.init(file: file, line: feed.line(of: "schedule"), key: feed.keyPath("schedule"), message: "\(error)"))
            }
            if kinds.isLive(feed.kind) {
                do {
                    _ = try LiveFeedSetup(feed: feed, configuration: configuration, environment: environment, now: UTCHour(0))
                } catch {
                    problems += error.problems
                }
            }
            // Files an option names must be there to read (a layout reads them when a run starts).
            for spec in kinds.specs(of: feed.kind) ?? [] where spec.kind == .path {
                guard let path = feed.options.text(spec.key), !FileManager.default.isReadableFile(atPath: path) else { continue }
                problems.append(.init(file: file, line: feed.line(of: spec.key), key: feed.keyPath(spec.key),
                                      message: "cannot read \(path) (missing or unreadable)"))
            }
        }
        return problems
    }
}
