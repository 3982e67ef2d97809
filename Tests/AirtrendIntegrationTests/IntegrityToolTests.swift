import AirtrendTestSupport
import AirtrendDomain
import AirtrendIngest
import AirtrendStore
import Foundation
import Testing

/// Issue 10, findings 6 and 7: the integrity tools tell the truth, and reads are reads.
@Suite(.serialized) struct IntegrityToolTests {
    /// A store with the bundled 2013 StateAir file, made by the real binary.
    private func store(in dir: String) throws -> String {
        let db = dir + "/s.sqlite"
        let run = try airtrend(["import", "--db", db, "--station", "embassy", "--timezone", "Asia/Shanghai", "--layout", "stateair",
                                repositoryRoot + "/Config/data/stateair-beijing/Beijing_2013_HourlyPM2.5_created20140325.csv"])
        #expect(run.status == 0 || run.status == 65, "\(run.stderr)")
        return db
    }

    /// A Python process holding the store's write lock (BEGIN IMMEDIATE) until it is killed.
    private func holdWriteLock(_ db: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            c.execute("UPDATE imports SET message = message")
            print("held", flush=True)
            time.sleep(60)
            """, db]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        _ = out.fileHandleForReading.availableData
        return process
    }

    @Test func verify_underAWriter_exits75_neverAMismatch_andWaitsWithWait() throws {
        let dir = try temporaryDirectory()
        let db = try store(in: dir)
        let writer = try holdWriteLock(db)
        let busy = try airtrend(["verify", "--db", db, "--wait", "0.5"])
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(busy.stderr.contains("try again later"))
        // A second writer (an import) waits the busy timeout, then says "try later" too.
        let importer = try airtrend(["import", "--db", db, "--station", "embassy", "--layout", "stateair",
                                     repositoryRoot + "/Config/data/stateair-beijing/Beijing_2014_HourlyPM25_created20150203.csv"])
        #expect(importer.status == 75, "\(importer.stderr)")
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(try airtrend(["verify", "--db", db]).status == 0)
    }

    @Test func theIngestLock_isTheDatabaseFile_whateverPathNamesIt() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 10)
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias.sqlite", withDestinationPath: dir + "/store.sqlite")
        let holder = IngestLock(databasePath: dir + "/alias.sqlite")
        #expect(try holder.tryAcquire())
        let busy = try airtrend(["ingest", "--config", config])
        #expect(busy.status == 75, "\(busy.stderr)")
        holder.release()
        #expect(try airtrend(["ingest", "--config", config, "--quiet"]).status == 0)
    }

    @Test func aFullDisk_duringAFeedIngest_isAStoreFailure_never69() throws {
        guard getuid() == 0 else { return } // mounting a small tmpfs needs root; skipped otherwise
        let dir = try temporaryDirectory()
        let mount = dir + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=300k", "tmpfs", mount]) == 0 else { return }
        defer { _ = run("/bin/umount", [mount]) }
        let config = try feedConfig(in: dir, rows: 40_000)
        let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "database: store.sqlite", with: "database: small/store.sqlite")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try airtrend(["ingest", "--config", config])
        #expect(result.status == 70 || result.status == 74, "\(result.status) \(result.stderr)")
        #expect(result.status != 69)
        #expect(result.stderr.contains("store"), "\(result.stderr)")
    }

    @Test func theDuplicateAudit_ofARerun_equalsThatOfACleanImport() throws {
        let dir = try temporaryDirectory()
        // Hour 00:00 of 2016-01-01 appears at line 2 (10) and again at line 60 (20); batches of 5 commit the first early.
        var full = "t,pm25\n2016-01-01T00:00Z,10\n"
        let start = UTCHour(date: CivilDate(year: 2016, month: 1, day: 1)!, hour: 1)
        for h in 0..<57 { full += "\(start + h),\(30 + h % 7)\n" }
        full += "2016-01-01T00:00Z,20\n"
        let firstPart = full.split(separator: "\n").prefix(30).joined(separator: "\n") + "\n"
        let arguments = ["--station", "s", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25", "--time-column", "t",
                         "--time-format", "%Y-%m-%dT%H:%MZ", "--batch-size", "5"]
        // Interrupted: the first part of the file went in (as a run killed after its first batches), then the whole file again.
        try firstPart.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        _ = try airtrend(["import", "--db", dir + "/rerun.sqlite"] + arguments + [dir + "/f.csv"])
        try full.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        _ = try airtrend(["import", "--db", dir + "/rerun.sqlite"] + arguments + [dir + "/f.csv"])
        // Clean: the whole file once.
        try full.write(toFile: dir + "/g.csv", atomically: true, encoding: .utf8)
        _ = try airtrend(["import", "--db", dir + "/clean.sqlite"] + arguments + [dir + "/g.csv"])
        func audit(_ db: String) throws -> [String] {
            try SQLiteStore(readingOnly: db, now: { Date() }).quarantine(reason: .duplicate).map {
                "\($0.station ?? "") \($0.hour.map { "\($0)" } ?? "") \($0.value ?? -1) line \($0.line ?? -1)"
            }
        }
        #expect(try audit(dir + "/clean.sqlite") == ["s 2016-01-01T00:00Z 10.0 line 2"])
        #expect(try audit(dir + "/rerun.sqlite") == audit(dir + "/clean.sqlite"))
    }

    @Test func reads_workOnAReadOnlyFileSystem_andCreateNothing() throws {
        guard getuid() == 0 else { return } // a read-only bind mount needs root; skipped otherwise
        let dir = try temporaryDirectory()
        let db = try store(in: dir)
        let readOnly = dir + "/ro"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        guard run("/bin/mount", ["--bind", dir, readOnly]) == 0 else { return }
        defer { _ = run("/bin/umount", [readOnly]) }
        guard run("/bin/mount", ["-o", "remount,bind,ro", readOnly]) == 0 else { return }
        let path = readOnly + "/s.sqlite"
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let report = try airtrend(["report", "--db", path, "--station", "embassy", "--baseline", "2013", "--format", "csv"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("station:embassy,2013,"))
        #expect(try airtrend(["query", "daily", "--db", path, "--station", "embassy", "--from", "2013-03-01", "--to", "2013-03-02"]).status == 0)
        #expect(try airtrend(["quarantine", "--db", path]).status == 0)
        // The default config's feed never ran into this store: stale (1), but the store was read.
        let status = try airtrend(["status", "--db", path])
        #expect(status.status == 1, "\(status.stderr)")
        #expect(status.stdout.contains("hourly values") && status.stderr.isEmpty, "\(status.stdout) \(status.stderr)")
        let verify = try airtrend(["verify", "--db", path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("consistent copy"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
        // A store that is not there is not created by a read: 66 with the path.
        let missing = try airtrend(["report", "--db", readOnly + "/none.sqlite", "--station", "embassy", "--baseline", "2013"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains(readOnly + "/none.sqlite"))
    }

    private func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
