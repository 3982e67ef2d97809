import AirtrendDomain
import AirtrendStore
import ArgumentParser

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
                fail(error.message, .dataError)
            }
        }
    }
}

extension QuarantineCommand {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List quarantined values as CSV, newest first.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this reason: \(QuarantineReason.allCases.map(\.rawValue).joined(separator: ", ")).")
    var reason: String?

    @Option(help: "At most this many, newest first.")
    var limit = 100

    func run() throws {
        let configuration = try store.loadConfiguration()
        var chosen: QuarantineReason?
        if let reason {
            guard let parsed = QuarantineReason(rawValue: reason) else {
                fail("unknown reason '\(reason)': expected one of \(QuarantineReason.allCases.map(\.rawValue).joined(separator: ", "))", .usage)
            }
            chosen = parsed
        }
        let records = try store.openStore(configuration).quarantine(reason: chosen, limit: limit)
        print("id,reason,station,hour_utc,value,file,line,detail,released_at")
        for r in records {
            let fields: [String] = [
                r.id.map { String($0) } ?? "", r.reason.rawValue, r.station ?? "", r.hour.map { "\($0)" } ?? "",
                r.value.map { "\($0)" } ?? "", r.file ?? "", r.line.map { String($0) } ?? "", r.detail, r.releasedAt ?? "",
            ]
            print(fields.map(csvField).joined(separator: ","))
        }
    }

    private func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
}
