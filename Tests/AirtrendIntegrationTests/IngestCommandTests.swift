import AirtrendTestSupport
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendStore
import Foundation
import Testing

@Suite(.serialized) struct IngestCommandTests {
    @Test func ingest_recordsARun_andASecondRunSkipsTheUnchangedFile() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 100)
        let first = try airtrend(["ingest", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("100 stored"))
        let second = try airtrend(["ingest", "--config", config])
        #expect(second.status == 0)
        #expect(second.stdout.contains("1 unchanged files skipped"))
        let runs = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }).runs()
        #expect(runs.map(\.outcome) == ["ok", "ok"])
        #expect(runs.map(\.trigger) == ["ingest", "ingest"])
        #expect(runs.last?.stored == 100)
        #expect(runs.first?.skipped == 1)
    }

    @Test func lockHeld_secondRunExits75_orWaitsWithWait() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 10)
        let holder = IngestLock(databasePath: dir + "/store.sqlite")
        #expect(try holder.tryAcquire())
        let busy = try airtrend(["ingest", "--config", config])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("store.sqlite.lock"))
        #expect(busy.stderr.contains("--wait"))

        // With --wait the run proceeds once the holder lets go.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: airtrendBinary)
        process.arguments = ["ingest", "--config", config, "--wait", "30", "--quiet"]
        try process.run()
        holder.release()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func killedRun_leavesAnUnfinishedRunRow_andNoStaleLock() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 60_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: airtrendBinary)
        process.arguments = ["ingest", "--config", config, "--quiet"]
        try process.run()
        // Wait until the run row exists, then kill without warning.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let store = try? SQLiteStore(path: dir + "/store.sqlite", now: { Date() }), let runs = try? store.runs(), !runs.isEmpty { break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.integrityCheck() == "ok")
        let killed = try #require(try store.runs().first)
        if process.terminationReason == .uncaughtSignal {
            #expect(killed.finishedAt == nil || killed.outcome == "ok") // killed mid-run, unless it had already finished
        }
        // The kernel released the flock with the process: the next run goes ahead and completes the import.
        let next = try airtrend(["ingest", "--config", config, "--quiet"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try store.summary().hours == 60_000, "\(next.stdout) \(next.stderr)")
    }

    @Test func unknownFeed_andBrokenConfig_exit78() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 1)
        let unknown = try airtrend(["ingest", "--config", config, "--feed", "nope"])
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains("'nope'"))
        let broken = dir + "/broken.yaml"
        try Data("feeds:\n  - id: x\n    kind: parquet\n    url: file:feed.csv\n    value_column: 3\n".utf8).write(to: URL(fileURLWithPath: broken))
        let check = try airtrend(["config", "check", "--config", broken])
        #expect(check.status == 78)
        #expect(check.stderr.contains("feeds.x.kind"))
        #expect(check.stderr.contains("unknown kind 'parquet'"))
        let good = try airtrend(["config", "check", "--config", repositoryRoot + "/Config/airtrend.yaml"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("ok"))
    }

    @Test func missingArchive_isAFeedUnavailable_exit69() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 1)
        try FileManager.default.removeItem(atPath: dir + "/feed.csv")
        let result = try airtrend(["ingest", "--config", config])
        #expect(result.status == 69)
        #expect(result.stderr.contains("feed local"))
        let runs = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }).runs()
        #expect(runs.first?.outcome == "failed")
        #expect(runs.first?.error?.contains("feed.csv") == true)
    }
}

@Suite(.serialized) struct StatusAndMetricsTests {
    @Test func status_exits1ForAStaleFeed_0AfterASuccess_andIngestWritesMetrics() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 24, extra: "metrics_file: airtrend.prom")
        // Reads are reads: with no store yet, status creates none and says so (66, with the path).
        let none = try airtrend(["status", "--config", config])
        #expect(none.status == 66)
        #expect(none.stderr.contains(dir + "/store.sqlite") && none.stderr.contains("no store"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/store.sqlite"))
        // A store in which the feed never succeeded: stale.
        #expect(try airtrend(["profile", "add", "gb3095-2012", "--config", config]).status == 0)
        let before = try airtrend(["status", "--config", config])
        #expect(before.status == 1) // never succeeded: stale
        #expect(before.stdout.contains("feed local: STALE"))
        #expect(try airtrend(["ingest", "--config", config, "--quiet"]).status == 0)
        let after = try airtrend(["status", "--config", config, "--json"])
        #expect(after.status == 0, "\(after.stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as! [String: Any]
        let feed = (object["feeds"] as! [[String: Any]])[0]
        #expect(feed["stale"] as? Bool == false)
        #expect(feed["consecutive_failures"] as? Int == 0)
        #expect(feed["stale_after_seconds"] as? Int == 3 * 3600)
        let metrics = try String(contentsOfFile: dir + "/airtrend.prom", encoding: .utf8)
        #expect(metrics.contains("airtrend_feed_runs_total{feed=\"local\",outcome=\"ok\"} 1"))
        #expect(metrics.contains("airtrend_feed_readings_stored_total{feed=\"local\"} 24"))
        #expect(metrics.contains("# TYPE airtrend_feed_last_success_timestamp_seconds gauge"))
        #expect(metrics.contains("airtrend_store_hours 24"))
    }
}

@Suite struct FirstRunTests {
    /// A first run whose database folder does not exist yet creates it (and the lock beside the database).
    @Test func ingest_createsTheDatabaseFolder() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 5)
        let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "database: store.sqlite", with: "database: state/deeper/store.sqlite")
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let result = try airtrend(["ingest", "--config", config, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/state/deeper/store.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dir + "/state/deeper/store.sqlite.lock"))
    }
}
