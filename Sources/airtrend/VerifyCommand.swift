import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every aggregate from the hourly rows and compare with what is stored; exit 1 on any mismatch.",
        discussion: """
            The recomputation happens in a transaction that is always rolled back: verify never modifies the store.
            With --rebuild it instead replaces every aggregate (daily, monthly, annual, rolling; stations and cities)
            with a full recomputation, in one transaction: for a store edited by hand, and as the baseline the
            incremental updates are benchmarked against.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Show at most this many differences.")
    var limit = 20

    @Flag(help: "Recompute and store every aggregate instead of comparing (one transaction).")
    var rebuild = false

    func run() throws {
        let configuration = try store.loadConfiguration()
        let sqlite = try store.openStore(configuration)
        let integrity = try sqlite.integrityCheck()
        guard integrity == "ok" else {
            printError("airtrend: integrity_check: \(integrity)")
            throw ExitCode(1)
        }
        if rebuild {
            let started = Date()
            try sqlite.recomputeAllAggregates()
            print("\(configuration.database): every aggregate rebuilt from the hourly rows in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            return
        }
        let differences = try sqlite.verifyAggregates(limit: limit)
        if differences.isEmpty {
            print("\(configuration.database): integrity ok; every daily, monthly, annual and rolling aggregate equals a full recomputation")
            return
        }
        for line in differences { printError(line) }
        printError("airtrend: \(differences.count)\(differences.count >= limit ? "+" : "") aggregates differ from a recomputation")
        throw ExitCode(1)
    }
}
