import AirtrendConfig
import AirtrendIngest
import AirtrendService
import AirtrendStore
import ArgumentParser
import Foundation

/// `--config` and `--db`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $AIRTREND_CONFIG, ./Config/airtrend.yaml, /etc/airtrend/airtrend.yaml).")
    var config: String?

    @Option(name: .long, help: "SQLite store; overrides the config's database:.")
    var db: String?

    /// The configuration in force, or defaults when no file exists and none was asked for.
    func loadConfiguration() throws -> AirtrendConfiguration { try loadConfiguration(failing: true) }

    /// - Parameter failing: turn a ``ConfigurationError`` into the command's failure (exit 78); otherwise rethrow it.
    private func loadConfiguration(failing: Bool) throws -> AirtrendConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let explicit = config ?? environment["AIRTREND_CONFIG"]
        let candidates = explicit.map { [$0] } ?? ["Config/airtrend.yaml", "/etc/airtrend/airtrend.yaml"]
        for path in candidates where explicit != nil || FileManager.default.fileExists(atPath: path) {
            do {
                var configuration = try ConfigurationLoader(catalogue: KnownFeedKinds()).load(path: path)
                if let db { configuration.database = db }
                for warning in configuration.warnings { printError("warning: \(warning)") }
                return configuration
            } catch {
                if !failing { throw error }
                throw CommandFailure("configuration error:\n\(error)", .config)
            }
        }
        return AirtrendConfiguration(database: db ?? AirtrendConfiguration.defaultDatabase)
    }

    /// The configuration with every problem the file and the environment show, for `config check`:
    /// the loader's problems and, on what it could read, the checker's.
    func checkedConfiguration() throws -> (configuration: AirtrendConfiguration, problems: [ConfigurationError.Problem]) {
        do {
            let configuration = try loadConfiguration(failing: false)
            return (configuration, ConfigurationChecker().problems(in: configuration))
        } catch let error as ConfigurationError {
            guard let partial = error.partial else { throw CommandFailure("configuration error:\n\(error)", .config) }
            let more = ConfigurationChecker().problems(in: partial).filter { problem in !error.problems.contains { $0.key == problem.key } }
            return (partial, error.problems + more)
        }
    }

    /// The configuration, throwing instead of exiting: for reloads, where a bad file must not stop the daemon.
    func reloadConfiguration() throws -> AirtrendConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let path = config ?? environment["AIRTREND_CONFIG"] ?? ["Config/airtrend.yaml", "/etc/airtrend/airtrend.yaml"].first {
            FileManager.default.fileExists(atPath: $0)
        }
        guard let path else { return AirtrendConfiguration(database: db ?? AirtrendConfiguration.defaultDatabase) }
        var configuration = try ConfigurationLoader(catalogue: KnownFeedKinds()).load(path: path)
        if let db { configuration.database = db }
        return configuration
    }

    /// Opens the store named by `--db` or the config.
    func openStore(_ configuration: AirtrendConfiguration) throws -> SQLiteStore {
        let path = configuration.database
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        do {
            return try SQLiteStore(path: path, now: { Date() })
        } catch {
            throw StoreFailure.failure(error, path: path)
        }
    }

    /// Opens the store for a read (`report`, `query`, `status`, …): never creates it, never writes.
    func readStore(_ configuration: AirtrendConfiguration) throws -> SQLiteStore {
        do {
            return try SQLiteStore(readingOnly: configuration.database, now: { Date() })
        } catch {
            throw StoreFailure.failure(error, path: configuration.database)
        }
    }
}
