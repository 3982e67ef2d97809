import AirtrendStore
import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every aggregate from the hourly rows and compare with what is stored; exit 1 on any mismatch.",
        discussion: """
            The recomputation happens in a transaction that is always rolled back: verify never modifies the store, never
            migrates it and never creates it. It holds the store's write lock from start to end, so a writer cannot make it
            see a difference that is not there: another process writing is waited for up to --wait seconds (default 5),
            then reported as exit 75, never as a mismatch. A store verify may not write (a read-only file system, a file
            the user may only read) is checked on a consistent copy in the temporary folder.
            Exit status: 0 equal; 1 differences or a damaged file; 66 no store; 75 busy; 70 other store failures.
            With --rebuild it instead replaces every aggregate (daily, monthly, annual; stations and cities) with a full
            recomputation, in one transaction: for a store edited by hand, and as the baseline the incremental updates
            are benchmarked against.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Show at most this many differences.")
    var limit = 20

    @Option(help: "Seconds to wait for another process writing the store before giving up with exit 75.")
    var wait: Double = 5

    @Flag(help: "Recompute and store every aggregate instead of comparing (one transaction).")
    var rebuild = false

    func run() throws {
        let configuration = try store.loadConfiguration()
        let path = configuration.database
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no store at \(path): import or ingest data first (airtrend import, airtrend ingest)", .noInput)
        }
        if rebuild {
            let sqlite = try store.openStore(configuration)
            sqlite.connection.setBusyTimeout(milliseconds: Int32(max(0, wait) * 1000))
            let started = Date()
            do { try sqlite.recomputeAllAggregates() } catch { throw StoreFailure.failure(error, path: path) }
            print("\(path): every aggregate rebuilt from the hourly rows in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            return
        }
        let (differences, integrity, copied) = try check(path)
        guard integrity == "ok" else {
            printError("airtrend: integrity_check: \(integrity)")
            throw ExitCode(1)
        }
        let basis = copied ? " (checked on a consistent copy: the store is read-only here)" : ""
        if differences.isEmpty {
            print("\(path): integrity ok; every daily, monthly and annual aggregate equals a full recomputation\(basis)")
            return
        }
        for line in differences { printError(line) }
        printError("airtrend: \(differences.count)\(differences.count >= limit ? "+" : "") aggregates differ from a recomputation\(basis)")
        throw ExitCode(1)
    }

    /// The differences and `integrity_check`, on the store itself when verify may take its write lock,
    /// else on a copy `VACUUM INTO` makes from one read transaction.
    private func check(_ path: String) throws -> (differences: [String], integrity: String, copied: Bool) {
        let sqlite: SQLiteStore
        do {
            sqlite = try SQLiteStore(path: path, now: { Date() }, migrating: false)
        } catch let error as SQLiteError where error.isCannotOpen {
            return try checkCopy(path)
        } catch {
            throw StoreFailure.failure(error, path: path)
        }
        sqlite.connection.setBusyTimeout(milliseconds: Int32(max(0, wait) * 1000))
        do {
            let differences = try sqlite.verifyAggregates(limit: limit)
            return (differences, try sqlite.integrityCheck(), false)
        } catch let error as SQLiteError where error.isCannotOpen {
            return try checkCopy(path)
        } catch {
            throw StoreFailure.failure(error, path: path)
        }
    }

    private func checkCopy(_ path: String) throws -> (differences: [String], integrity: String, copied: Bool) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-verify-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        do {
            let source = try SQLiteStore(readingOnly: path, now: { Date() })
            let integrity = try source.integrityCheck()
            guard integrity == "ok" else { return ([], integrity, true) }
            try source.connection.execute("VACUUM INTO '\(copy.replacingOccurrences(of: "'", with: "''"))'")
            let checked = try SQLiteStore(path: copy, now: { Date() }, migrating: false)
            return (try checked.verifyAggregates(limit: limit), "ok", true)
        } catch {
            throw StoreFailure.failure(error, path: path)
        }
    }
}
