import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "What the store holds: stations, hours, imports, quarantine.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let configuration = try store.loadConfiguration()
        let summary = try store.openStore(configuration).summary()
        print("store \(summary.path) (schema \(summary.schemaVersion)), profiles: \(summary.profiles.joined(separator: ", "))")
        print("\(summary.hours) hourly values, \(summary.quarantined) quarantined, \(summary.imports) imports")
        for line in summary.stations {
            let span = line.first.map { "\($0) … \(line.last!)" } ?? "no data"
            print("  \(line.station): \(line.hours) hours, \(span)")
        }
        if let last = summary.lastImport { print("last import: \(last)") }
    }
}
