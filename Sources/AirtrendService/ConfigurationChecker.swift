import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendNormalize
import AirtrendIngest
import Foundation

/// Checks what loading a configuration cannot: every feed's schedule, that its kind exists, and that its options suit it.
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
        for (index, feed) in configuration.feeds.enumerated() {
            let key = "feeds[\(index)]"
            do {
                _ = try Schedule(feed.schedule ?? "hourly", timeZone: feed.scheduleTimeZone ?? "UTC", jitterSeconds: feed.jitterSeconds ?? 0)
            } catch {
                problems.append(.init(file: file, line: feed.line, key: "\(key).schedule", message: "\(error)"))
            }
            if FeedRegistry.isLiveKind(feed.kind) {
                problems += liveProblems(feed, index: index, configuration: configuration)
                continue
            }
            do {
                _ = try LayoutRegistry.layout(named: feed.kind)
            } catch {
                let live = FeedRegistry.kinds.map { $0.name }.joined(separator: ", ")
                problems.append(.init(file: file, line: feed.line, key: "\(key).kind", message: "\(error.message); live feed kinds: \(live)"))
                continue
            }
            do {
                let options = try FeedImportSettings.layoutOptions(for: feed, base: configuration.baseDirectory)
                _ = try LayoutRegistry.make(named: feed.kind, options: options, file: feed.url)
            } catch let error as LayoutError {
                problems.append(.init(file: file, line: feed.line, key: key, message: error.message))
            } catch let error as ConfigurationError {
                problems += error.problems
            } catch {
                problems.append(.init(file: file, line: feed.line, key: key, message: "\(error)"))
            }
        }
        return problems
    }

    /// A live feed's keys, API key source and stations.
    private func liveProblems(_ feed: FeedConfiguration, index: Int, configuration: AirtrendConfiguration) -> [ConfigurationError.Problem] {
        var problems: [ConfigurationError.Problem] = []
        let file = configuration.file ?? "(defaults)"
        let known = Set(configuration.stations.map(\.id))
        for (n, sensor) in feed.live.sensors.enumerated() where !known.contains(sensor.station) {
            problems.append(.init(file: file, line: feed.line, key: "feeds[\(index)].sensors[\(n)].station",
                                  message: "unknown station '\(sensor.station)'; declare it under stations: (with its timezone)"))
        }
        for key in ConfigurationLoader.layoutOptionKeys where key != "timezone" && feed.options[key] != nil {
            problems.append(.init(file: file, line: feed.line, key: "feeds[\(index)].\(key)",
                                  message: "an archive layout option; live feed kind \(feed.kind) does not read it"))
        }
        do {
            _ = try LiveFeedSetup(feed: feed, configuration: configuration, environment: environment, now: UTCHour(0))
        } catch {
            problems += error.problems
        }
        return problems
    }
}
