import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every aggregate from the hourly rows and compare with what is stored; exit 1 on any mismatch.",
        discussion: "The recomputation happens in a transaction that is always rolled back: verify never modifies the store."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Show at most this many differences.")
    var limit = 20

    func run() throws {
        let configuration = try store.loadConfiguration()
        let sqlite = try store.openStore(configuration)
        let integrity = try sqlite.integrityCheck()
        guard integrity == "ok" else {
            printError("airtrend: integrity_check: \(integrity)")
            throw ExitCode(1)
        }
        let differences = try sqlite.verifyAggregates(limit: limit)
        if differences.isEmpty {
            print("\(configuration.database): integrity ok; every daily, monthly and annual aggregate equals a full recomputation")
            return
        }
        for line in differences { printError(line) }
        printError("airtrend: \(differences.count)\(differences.count >= limit ? "+" : "") aggregates differ from a recomputation")
        throw ExitCode(1)
    }
}
