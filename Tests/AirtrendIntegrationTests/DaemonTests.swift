import AirtrendTestSupport
import AirtrendStore
import Foundation
import Testing

/// `python3 -m http.server` on 127.0.0.1, serving `directory`.
private final class StaticServer {
    let process = Process()
    let port: Int

    init(directory: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("port ") || !text.contains(")") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        guard let range = text.range(of: "port "), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite(.serialized) struct DaemonTests {
    @Test func ready_thenStatusAfterACycleAgainstALoopbackFeed_thenCleanStop() throws {
        let dir = try temporaryDirectory()
        let server = try StaticServer(directory: dir)
        let config = try feedConfig(in: dir, rows: 500, url: "http://127.0.0.1:\(server.port)/feed.csv")
        let notify = try NotifyListener()
        let daemon = try Daemon(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])
        #expect(notify.wait { $0.contains("READY=1") } != nil)
        let status = notify.wait { $0.hasPrefix("STATUS=cycle") }
        #expect(status?.contains("500 hours stored") == true, "\(notify.messages)")
        #expect(notify.wait { $0 == "WATCHDOG=1" } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.exitStatus(within: 20) == 0)
        #expect(notify.wait(for: 5) { $0.hasPrefix("STOPPING=1") } != nil)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.summary().hours == 500)
        #expect(try store.runs().first?.trigger == "daemon")
    }

    @Test func sighupWithABrokenConfig_keepsRunningOnTheOldOne_andAGoodOneIsApplied() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 10)
        let notify = try NotifyListener()
        let daemon = try Daemon(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.wait { $0.hasPrefix("STATUS=cycle") } != nil)
        let good = try String(contentsOfFile: config, encoding: .utf8)
        try Data("feeds: [this is: not valid\n".utf8).write(to: URL(fileURLWithPath: config))
        daemon.signal(SIGHUP)
        #expect(notify.wait { $0.hasPrefix("RELOADING=1") } != nil)
        #expect(notify.wait { $0.contains("reload failed") } != nil, "\(notify.messages)")
        #expect(daemon.process.isRunning)
        // A valid config with a second feed is applied without a restart: the new feed runs.
        try Data((good + "\n  - id: second\n    kind: csv\n    url: file:feed.csv\n    station: s1\n    schedule: daily\n    value_column: pm25\n    time_column: t\n    time_format: \"%Y-%m-%dT%H:%M:%SZ\"\n").utf8)
            .write(to: URL(fileURLWithPath: config))
        daemon.signal(SIGHUP)
        #expect(notify.wait { $0.contains("configuration reloaded") } != nil, "\(notify.messages)")
        #expect(notify.wait { $0.hasPrefix("STATUS=cycle") && $0.contains("1 feeds") && notify.messages.filter { $0.hasPrefix("STATUS=cycle") }.count >= 2 } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.exitStatus(within: 20) == 0)
        let runs = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }).runs()
        #expect(runs.contains { $0.feed == "second" })
    }

    @Test func sigtermMidCycle_exits0WithinTheTimeout_andTheStoreIsConsistent() throws {
        let dir = try temporaryDirectory()
        let config = try feedConfig(in: dir, rows: 400_000, extra: "daemon:\n  shutdown_timeout: 1s\nimport:\n  batch_size: 100000")
        let notify = try NotifyListener()
        let daemon = try Daemon(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.wait { $0.contains("READY=1") } != nil)
        usleep(300_000) // inside the first cycle: 400,000 rows take several seconds
        let stopAt = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.exitStatus(within: 15) == 0)
        #expect(Date().timeIntervalSince(stopAt) < 10)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.integrityCheck() == "ok")
        let hours = try store.summary().hours
        #expect(hours % 100_000 == 0 || hours == 400_000, "stored \(hours) hours, not a batch boundary (import.batch_size 100000)")
        let run = try #require(try store.runs().first)
        #expect(run.finishedAt != nil)
        if hours < 400_000 {
            // Interrupted: the file is not marked imported, so the next run imports it again.
            #expect(run.outcome != "ok")
            let again = try airtrend(["ingest", "--config", config, "--quiet"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try store.summary().hours == 400_000)
        }
    }
}

@Suite(.serialized) struct ConcurrentFetchTests {
    /// Three remote feeds with max_concurrent_feeds 2: downloads overlap (the server saw two at once), never three.
    @Test func remoteFeeds_downloadAtMostMaxConcurrentAtOnce() throws {
        let dir = try temporaryDirectory()
        let server = try LoopbackServer()
        let port = server.port
        var config = "database: c.sqlite\ndaemon:\n  max_concurrent_feeds: 2\nstations:\n  - id: s1\n    timezone: UTC\nfeeds:\n"
        for i in 0..<3 {
            config += "  - {id: f\(i), kind: csv, url: 'http://127.0.0.1:\(port)/slow\(i).csv', station: s1, value_column: pm25, time_column: t, time_format: '%Y-%m-%dT%H:%M:%SZ'}\n"
        }
        try Data(config.utf8).write(to: URL(fileURLWithPath: dir + "/airtrend.yaml"))
        let result = try airtrend(["ingest", "--config", dir + "/airtrend.yaml", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let maximum = try server.control("/max-inflight")
        #expect(maximum == "2")
        let runs = try SQLiteStore(path: dir + "/c.sqlite", now: { Date() }).runs()
        #expect(runs.filter { $0.outcome == "ok" }.count == 3)
    }
}
