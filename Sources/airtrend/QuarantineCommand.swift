import AirtrendDomain
import ArgumentParser

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quarantine", abstract: "List values kept out of the series, with file, line and reason.")

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
        print("id,reason,station,hour_utc,value,file,line,detail")
        for r in records {
            let fields: [String] = [
                r.id.map { String($0) } ?? "", r.reason.rawValue, r.station ?? "", r.hour.map { "\($0)" } ?? "",
                r.value.map { "\($0)" } ?? "", r.file ?? "", r.line.map { String($0) } ?? "", r.detail,
            ]
            print(fields.map(csvField).joined(separator: ","))
        }
    }

    private func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
