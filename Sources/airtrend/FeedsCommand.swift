import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import AirtrendFeeds
import AirtrendNormalize
import AirtrendStore
import ArgumentParser
import Foundation

/// `airtrend feeds …`: look at live feeds without running them.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Inspect live feeds: the kinds airtrend knows, each feed's cursors and counters, and a dry run of one page.",
        subcommands: [Test.self, List.self, Kinds.self]
    )

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Fetch one page of a live feed and print what it would store, without writing anything.",
            discussion: "Exit status: 0 the page decoded; 69 the feed could not be fetched or decoded; 78 configuration error."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The feed's id in the configuration.")
        var feed: String
        @Option(help: "Readings to print at most.")
        var limit = 20

        func run() async throws {
            let configuration = try store.loadConfiguration()
            guard let feed = configuration.feeds.first(where: { $0.id == self.feed }) else {
                throw CommandFailure("no feed '\(self.feed)' in \(configuration.file ?? "the configuration"); configured feeds: \(configuration.feeds.map(\.id).joined(separator: ", "))", .config)
            }
            guard FeedRegistry.isLiveKind(feed.kind) else {
                throw CommandFailure("feed '\(feed.id)' is an archive feed (kind \(feed.kind)); `feeds test` takes live feeds (\(FeedRegistry.kinds.map { $0.name }.joined(separator: ", ")))", .usage)
            }
            // Read-only use: cursors tell the dry run where the feed would resume; a feed that never ran
            // (no store yet) starts from its `start`, so an empty in-memory store stands in.
            let cursors = FileManager.default.fileExists(atPath: configuration.database)
                ? try store.readStore(configuration) : try SQLiteStore(path: ":memory:", now: { Date() })
            let writer = StoreWriter(cursors)
            let preview = await IngestPipeline(configuration: configuration, writer: writer).preview(feed: feed)
            printText("GET \(oneLine(preview.url))\(preview.status.map { " → HTTP \($0)" } ?? "")")
            if let failure = preview.failure {
                printError("airtrend: \(oneLine(failure))")
                throw ExitCode(ExitStatus(preview.outcome).rawValue)
            }
            var readings = 0, missing = 0, rejected = 0, stations = 0
            for event in preview.events {
                switch event {
                case .reading(let r):
                    readings += 1
                    if readings <= limit {
                        let unit = r.badUnit.map { " (unit \(oneLine($0)): would be quarantined)" } ?? ""
                        printText("  \(oneLine(r.station))  \(r.hour.description)  \(r.value) µg/m³\(unit)\(r.raw.map { "  [\(oneLine($0))]" } ?? "")")
                    }
                case .missing: missing += 1
                case .rejected(let line, let message, _):
                    rejected += 1
                    printText("  row \(line): rejected: \(oneLine(message))")
                case .station: stations += 1
                case .unknownStation, .warning: break
                }
            }
            if readings > limit { print("  … \(readings - limit) more") }
            print("\(readings) readings, \(missing) missing, \(rejected) rejected, \(stations) station records\(preview.hasMorePages ? "; more pages follow" : ""); nothing written")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Each configured live feed: kind, units, cursor range and request counters from the store."
        )
        @OptionGroup var store: StoreOptions

        func run() throws {
            let configuration = try store.loadConfiguration()
            let sqlite = try store.readStore(configuration)
            for feed in configuration.feeds {
                guard FeedRegistry.isLiveKind(feed.kind) else {
                    print("\(feed.id)  \(feed.kind) (archive)")
                    continue
                }
                let cursors = (try? sqlite.feedCursors(feed: feed.id)) ?? [:]
                let c = (try? sqlite.feedCounters(feed: feed.id)) ?? FeedCounters()
                let oldest = cursors.values.min().map(\.description) ?? "none"
                let newest = cursors.values.max().map(\.description) ?? "none"
                print("\(feed.id)  \(feed.kind)  units with a cursor: \(cursors.count)  cursors \(oldest) … \(newest)")
                print("    requests \(c.requests) (2xx \(c.responses2xx), 3xx \(c.responses3xx), 4xx \(c.responses4xx), 5xx \(c.responses5xx)), "
                      + "timeouts \(c.timeouts), connection errors \(c.connectionErrors), retries \(c.retries), bytes \(c.bytes)")
                printText("    readings stored \(c.readingsStored), quarantined \(c.readingsQuarantined); last success \(c.lastSuccess ?? "never")"
                          + (c.lastError.map { "; last error: \(oneLine($0))" } ?? ""))
            }
        }
    }

    struct Kinds: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "kinds", abstract: "The live feed kinds and their time conventions.")
        func run() throws {
            for kind in FeedRegistry.kinds {
                let key = kind.requiresAPIKey ? "API key required" : "no API key"
                print("\(kind.name)  (\(key)\(kind.defaultRateLimit.map { ", default rate limit \($0)" } ?? ""))")
                print("    \(kind.timeConvention)")
            }
        }
    }
}
