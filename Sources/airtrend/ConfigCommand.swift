import AirtrendConfig
import AirtrendIngest
import AirtrendReport
import AirtrendService
import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Report every problem in the configuration at once, with its key path; exit 78 if there is any."
        )

        @OptionGroup var store: StoreOptions

        func run() throws {
            // Loading reports YAML, key, station, region and city problems (and exits 78 on them).
            let configuration = try store.loadConfiguration()
            let problems = ConfigurationChecker().problems(in: configuration)
            guard problems.isEmpty else {
                throw CommandFailure("configuration error:\n" + problems.map(\.description).joined(separator: "\n"), .config)
            }
            print("\(configuration.file ?? "built-in defaults"): ok (\(configuration.stations.count) stations, \(configuration.feeds.count) feeds, \(configuration.regions.count) regions)")
        }
    }
}
