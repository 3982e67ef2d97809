import AirtrendIngest
import AirtrendReport
import AirtrendService
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How fresh each feed is, and what the store holds. Exit 1 when any feed is stale (for monitoring checks).",
        discussion: """
            A feed is stale when its last successful run is older than three of its schedule's intervals, or it never succeeded.
            Freshness is the age of the newest stored hour of the feed's station.
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let configuration = try store.loadConfiguration()
        let sqlite = try store.readStore(configuration)
        let now = Date()
        let summary = try sqlite.summary()
        let feeds = try FeedHealth.assess(configuration: configuration, store: sqlite, now: now)
        let bytes = try sqlite.fileSize()
        if json {
            print(StatusRenderer.json(feeds: feeds, summary: summary, bytes: bytes))
        } else {
            printText(StatusRenderer.text(feeds: feeds, summary: summary, bytes: bytes, now: now), terminator: "")
        }
        if feeds.contains(where: \.stale) { throw ExitCode(1) }
    }
}
