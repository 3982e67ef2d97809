import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import AirtrendStore
import ArgumentParser
import Foundation

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List values kept out of the series, with file, line and reason; `release` accepts some of them.",
        subcommands: [List.self, Release.self],
        defaultSubcommand: List.self
    )

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Accept quarantined values by id: each is stored and every aggregate containing it follows."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "Quarantine ids (from `airtrend quarantine`).")
        var ids: [Int64]

        func run() throws {
            let configuration = try store.loadConfiguration()
            do {
                let count = try store.openStore(configuration).releaseQuarantined(ids: ids)
                print("released \(count) values")
            } catch let error as StoreError {
                throw CommandFailure(error.message, .dataError)
            }
        }
    }
}

extension QuarantineCommand {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List quarantined values, newest first.",
        discussion: "CSV header: id,reason,station,hour_utc,value,file,line,detail,released_at,feed."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this reason: \(QuarantineReason.allCases.map(\.rawValue).joined(separator: ", ")).")
    var reason: String?

    @Option(help: "Only values from this feed's imports.")
    var feed: String?

    @Option(help: "At most this many, newest first.")
    var limit = 100

    @Option(help: "csv, json or table.")
    var format: ReportFormat = .csv

    func run() throws {
        let configuration = try store.loadConfiguration()
        var chosen: QuarantineReason?
        if let reason {
            guard let parsed = QuarantineReason(rawValue: reason) else {
                throw CommandFailure("unknown reason '\(reason)': expected one of \(QuarantineReason.allCases.map(\.rawValue).joined(separator: ", "))", .usage)
            }
            chosen = parsed
        }
        if let feed, !configuration.feeds.contains(where: { $0.id == feed }) {
            printError("airtrend: warning: no feed '\(feed)' in \(configuration.file ?? "the configuration"); listing what the store holds for it")
        }
        let records = try store.readStore(configuration).quarantine(reason: chosen, feed: feed, limit: limit)
        let header = ["id", "reason", "station", "hour_utc", "value", "file", "line", "detail", "released_at", "feed"]
        let rows: [[String]] = records.map { r in
            [
                r.id.map { String($0) } ?? "", r.reason.rawValue, r.station ?? "", r.hour.map { "\($0)" } ?? "",
                r.value.map { "\($0)" } ?? "", r.file ?? "", r.line.map { String($0) } ?? "", r.detail, r.releasedAt ?? "", r.feed ?? "",
            ]
        }
        switch format {
        case .csv:
            print(header.joined(separator: ","))
            for row in rows { print(row.map(csvField).joined(separator: ",")) }
        case .json:
            print(JSONOutput.text(records.map(QuarantineJSON.init)))
        case .table:
            if rows.isEmpty { print("no quarantined values"); return }
            // Escaped before cut to width, so an escape sequence is never split into a raw ESC.
            printText(ReportRenderer.aligned(header: header, rows: rows.map { $0.map { String(oneLine($0).prefix(60)) } }, underline: true),
                      terminator: "")
        }
    }

    private func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") || text.contains("\n")
            ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
}
