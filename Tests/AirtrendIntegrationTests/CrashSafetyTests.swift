import AirtrendTestSupport
import AirtrendStore
import Foundation
import Testing

@Suite(.serialized) struct CrashSafetyTests {
    /// kill -9 during a batched import leaves the store at a batch boundary, with aggregates
    /// matching the stored hours; re-running the import completes it without duplicates.
    @Test func killDuringImport_leavesTheLastCommittedBatch() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/big.csv"
        var text = "station,t,pm25\n"
        text.reserveCapacity(8_000_000)
        let start = Date(timeIntervalSince1970: 1_356_998_400)
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for h in 0..<8_000 {
            let t = formatter.string(from: start.addingTimeInterval(Double(h) * 3600))
            for s in 0..<25 { text += "st\(s),\(t),\((h * 7 + s * 13) % 400)\n" }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let db = dir + "/crash.sqlite"
        let arguments = ["import", "--db", db, "--layout", "csv", "--station-column", "station", "--value-column", "pm25", "--time-column", "t",
                         "--time-format", "%Y-%m-%d %H:%M", "--timezone", "UTC+8", "--batch-size", "5000", "--quiet", file]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: airtrendBinary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for a few committed batches (polling the WAL file's growth), then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
            if size > 2_000_000 || !process.isRunning { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let store = try SQLiteStore(path: db, now: { Date() })
        #expect(try store.integrityCheck() == "ok")
        let hours = try store.summary().hours
        #expect(hours % 5_000 == 0, "stored \(hours) hours, not a batch boundary")
        let counted = try store.connection.statement("SELECT total(observed) FROM daily WHERE profile = 'gb3095-2012'")
        _ = try counted.step()
        #expect(Int(counted.double(0)) == hours) // every stored hour is counted in exactly one daily row
        let beforeRecompute = try store.annualStatistics(scope: 1, pollutant: .pm25, profile: .default)
        try store.recomputeAllAggregates()
        #expect(try store.annualStatistics(scope: 1, pollutant: .pm25, profile: .default) == beforeRecompute)

        let rerun = try airtrend(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try SQLiteStore(path: db, now: { Date() }).summary().hours == 200_000)
    }
}
