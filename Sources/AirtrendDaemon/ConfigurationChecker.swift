import AirtrendConfig
import AirtrendNormalize

/// Checks what loading a configuration cannot: every feed's schedule, that its kind exists, and that its options suit it.
public struct ConfigurationChecker: Sendable {
    public init() {}

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
            do {
                _ = try LayoutRegistry.layout(named: feed.kind)
            } catch {
                problems.append(.init(file: file, line: feed.line, key: "\(key).kind", message: error.message))
                continue
            }
            do {
                let options = try IngestPipeline.layoutOptions(for: feed, base: configuration.baseDirectory)
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
}
