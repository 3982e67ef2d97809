import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

private let key = LiveFeed.key
private let keyVariable = LiveFeed.keyVariable
private func currentHour() -> Int { LiveFeed.currentHour() }
private func iso(_ hour: Int) -> String { LiveFeed.iso(hour) }
private func liveConfig(in dir: String, feeds: [String]) throws -> String { try LiveFeed.config(in: dir, feeds: feeds) }
private func openAQFeed(id: String, url: String, sensors: [(Int, String)], start: Int, window: String = "7d", extra: String = "") -> String {
    LiveFeed.openAQ(id: id, url: url, sensors: sensors, start: start, window: window, extra: extra)
}
private func storedSeries(_ db: String, station: String) throws -> [(hour: Int, value: Double)] {
    try LiveFeed.storedSeries(db, station: station)
}

@Suite(.serialized) struct LiveFeedTests {
    @Test func ingest_catchesUpWindowByWindow_withPaging_andStoresEveryHourExactlyOnce() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let start = until - 50 * 24
        // 30-day windows are 720 hours: within the 1,000-row page; 60-day windows need a second page.
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: server.base + "/v3", sensors: [(11, "S1"), (12, "S2")], start: start, window: "60d"),
        ])
        let run = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        #expect(run.status == 0, "\(run.stderr)")
        for (sensor, station) in [(11, "S1"), (12, "S2")] {
            let series = try storedSeries(dir + "/store.sqlite", station: station)
            #expect(series.count == until - start, "\(station): \(series.count) hours")
            #expect(series.first?.hour == start)
            #expect(series.last?.hour == until - 1)
            #expect(series.allSatisfy { abs($0.value - FeedServer.value(sensor: sensor, hour: $0.hour)) < 1e-9 })
        }
        // 1,200 hours per sensor in one window: page 1 (1,000 rows) and page 2 (200 rows).
        #expect(server.requestCount == 4)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.feedCursor(feed: "aq", unit: "11").map { $0.value >= until } == true)
        let counters = try store.feedCounters(feed: "aq")
        #expect(counters.requests == 4 && counters.responses2xx == 4 && counters.readingsStored == 2 * (until - start))
        #expect(counters.lastSuccess != nil && counters.lastError == nil)

        // The next run asks only for the overlap before the cursor, and stores nothing new.
        let again = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(server.requestCount == 6)
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").count == until - start)
        #expect(try airtrend(["verify", "--config", config]).status == 0)
    }

    @Test func killedDuringCatchUp_resumesWithNoGapAndNoDuplicate() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let start = until - 40 * 24
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: server.base + "/v3", sensors: [(21, "S1"), (22, "S2")], start: start, window: "7d"),
        ])
        // The seventh request never answers: sensor 21's six weeks are stored, sensor 22 is mid-way.
        try server.control("/control/hang?after=6")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: airtrendBinary)
        process.arguments = ["ingest", "--config", config, "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging([keyVariable: key]) { _, new in new }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while server.requestCount < 7 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(server.requestCount >= 7)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let partial = try storedSeries(dir + "/store.sqlite", station: "S2")
        #expect(partial.count < until - start, "the kill came before sensor 22 finished")
        try server.control("/control/unhang")
        let resumed = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for (sensor, station) in [(21, "S1"), (22, "S2")] {
            let series = try storedSeries(dir + "/store.sqlite", station: station)
            #expect(series.map(\.hour) == Array(start..<until), "\(station): every hour once, in order")
            #expect(series.allSatisfy { abs($0.value - FeedServer.value(sensor: sensor, hour: $0.hour)) < 1e-9 })
        }
        let verify = try airtrend(["verify", "--config", config])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func oneFeedDown_theOtherKeepsIngesting_andTheExitSaysTryLater() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "down", url: server.base + "/down/v3", sensors: [(31, "S3")], start: until - 48),
            openAQFeed(id: "up", url: server.base + "/v3", sensors: [(32, "S1")], start: until - 48),
        ])
        let run = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        #expect(run.status == 75, "\(run.stderr)")
        #expect(run.stderr.contains("feed down") && run.stderr.contains("503"), "\(run.stderr)")
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").count == 48)
        #expect(try storedSeries(dir + "/store.sqlite", station: "S3").isEmpty)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        let down = try store.feedCounters(feed: "down")
        #expect(down.responses5xx >= 2 && down.retries >= 1 && down.lastError != nil && down.lastSuccess == nil)
        #expect(try store.feedCursor(feed: "down", unit: "31") == nil)
    }

    @Test func wrongKey_endsTheFeedWithAClearCause_andTheKeyIsNeverWrittenAnywhere() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: server.base + "/v3", sensors: [(41, "S1")], start: until - 24),
        ])
        let wrong = "wrong-\(key)"
        let run = try airtrend(["ingest", "--config", config], environment: [keyVariable: wrong])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.stderr.contains("API key missing or invalid for feed aq"), "\(run.stderr)")
        #expect(server.requestCount == 1, "a 401 is not retried")
        let ok = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        #expect(ok.status == 0, "\(ok.stderr)")
        for text in [run.stdout, run.stderr, ok.stdout, ok.stderr] {
            #expect(!text.contains(key), "a secret leaked into the output")
        }
        let status = try airtrend(["status", "--config", config, "--json"], environment: [keyVariable: key])
        #expect(!status.stdout.contains(key))
        // The store file and its WAL hold no trace of either key.
        for file in ["store.sqlite", "store.sqlite-wal"] {
            let bytes = FileManager.default.contents(atPath: dir + "/" + file) ?? Data()
            #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file) holds the key")
        }
    }

    @Test func feedsTest_printsOnePage_andWritesNothing() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: server.base + "/v3", sensors: [(51, "S1")], start: until - 10),
        ])
        let run = try airtrend(["feeds", "test", "aq", "--config", config], environment: [keyVariable: key])
        #expect(run.status == 0, "\(run.stderr)")
        let first = until - 10
        #expect(run.stdout.contains("S1  \(iso(first))  \(FeedServer.value(sensor: 51, hour: first))"), "\(run.stdout)")
        #expect(run.stdout.contains("10 readings"), "\(run.stdout)")
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").isEmpty)
    }

    @Test func configCheck_namesTheMissingKeyVariable_andUnknownStations() throws {
        let dir = try temporaryDirectory()
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: "https://api.openaq.org/v3", sensors: [(61, "NOPE")], start: currentHour() - 10),
        ])
        var environment = ProcessInfo.processInfo.environment
        environment[keyVariable] = nil
        let process = try airtrend(["config", "check", "--config", config], environment: ["AIRTREND_UNUSED": "1"])
        // The variable is unset in this test process's environment too.
        if ProcessInfo.processInfo.environment[keyVariable] == nil {
            #expect(process.status == 78)
            #expect(process.stderr.contains("api_key_env") && process.stderr.contains(keyVariable), "\(process.stderr)")
        }
        #expect(process.stderr.contains("sensors[0].station") && process.stderr.contains("NOPE"), "\(process.stderr)")
    }

    @Test func rateLimited_429WaitsForTheReset_thenStores() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let config = try liveConfig(in: dir, feeds: [
            openAQFeed(id: "aq", url: server.base + "/limited/v3", sensors: [(71, "S1")], start: until - 24),
        ])
        let started = Date()
        let run = try airtrend(["ingest", "--config", config], environment: [keyVariable: key])
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(elapsed >= 1.0, "x-ratelimit-reset: 1 was honoured (\(elapsed) s)")
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").count == 24)
        let counters = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }).feedCounters(feed: "aq")
        #expect(counters.requests == 2 && counters.responses4xx == 1 && counters.retries == 1 && counters.responses2xx == 1)
    }

    /// A generic CSV archive published one file per UTC day, named by date.
    private func datedFeed(url: String, start: Int) -> String {
        """
          - id: daily
            kind: csv
            url: \(url)
            station: S1
            value_column: pm25
            time_column: t
            time_format: "%Y-%m-%dT%H:%M:%SZ"
            start: \(iso(start))
        """
    }

    @Test func datedArchive_overHTTP_followsTheDailyFilesFromItsCursor_andAsksConditionally() throws {
        let until = currentHour()
        let server = try FeedServer(key: nil, until: until)
        let dir = try temporaryDirectory()
        let today = until / 24
        let config = try liveConfig(in: dir, feeds: [datedFeed(url: server.base + "/daily/day_{YYYYMMDD}.csv", start: (today - 3) * 24)])
        let first = try airtrend(["ingest", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        let series = try storedSeries(dir + "/store.sqlite", station: "S1")
        #expect(series.map(\.hour) == Array(((today - 3) * 24)..<until))
        #expect(series.allSatisfy { abs($0.value - FeedServer.value(sensor: 500, hour: $0.hour)) < 1e-9 })
        var store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        // Today's file is settled; tomorrow's is not published yet.
        #expect(try store.feedCursor(feed: "daily", unit: "") == UTCHour((today + 1) * 24))
        let before = try store.feedCounters(feed: "daily")
        #expect(before.responses2xx == 4 && before.responses4xx == 1)

        let second = try airtrend(["ingest", "--config", config])
        #expect(second.status == 0, "\(second.stderr)")
        store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        let after = try store.feedCounters(feed: "daily")
        // The run starts a day before the cursor: today's unchanged file answers 304 to its ETag.
        #expect(after.responses3xx == before.responses3xx + 1, "\(after)")
        #expect(after.responses2xx == before.responses2xx)
    }

    @Test func datedArchive_onDisk_passesOverAMissingDay_andSaysSo() throws {
        let until = currentHour()
        let dir = try temporaryDirectory()
        let today = until / 24
        try FileManager.default.createDirectory(atPath: dir + "/days", withIntermediateDirectories: true)
        for day in [today - 4, today - 3, today - 1] {
            let date = UTCHour(day * 24).date
            let name = String(format: "day_%04d%02d%02d.csv", date.year, date.month, date.day)
            let rows = (0..<24).map { "\(iso(day * 24 + $0).dropLast()):00Z,\(10 + $0)" }.joined(separator: "\n")
            try ("t,pm25\n" + rows + "\n").write(toFile: dir + "/days/" + name, atomically: true, encoding: .utf8)
        }
        let config = try liveConfig(in: dir, feeds: [datedFeed(url: "file:days/day_{YYYYMMDD}.csv", start: (today - 4) * 24)])
        let run = try airtrend(["ingest", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        let hole = UTCHour((today - 2) * 24).date.description
        #expect(run.stderr.contains("no file for \(hole)"), "\(run.stderr)")
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").count == 72)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.feedCursor(feed: "daily", unit: "") == UTCHour(today * 24), "today's file is not there yet")
    }

    @Test func apiKeyFile_fromTheSystemdCredentialsDirectory_andStatusShowsTheCounters() throws {
        let until = currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/credentials", withIntermediateDirectories: true)
        try (key + "\n").write(toFile: dir + "/credentials/openaq-api-key", atomically: true, encoding: .utf8)
        let feed = openAQFeed(id: "aq", url: server.base + "/v3", sensors: [(81, "S1")], start: until - 12)
            .replacingOccurrences(of: "api_key_env: \(keyVariable)", with: "api_key_file: $CREDENTIALS_DIRECTORY/openaq-api-key")
        let config = try liveConfig(in: dir, feeds: [feed])
        let run = try airtrend(["ingest", "--config", config], environment: ["CREDENTIALS_DIRECTORY": dir + "/credentials"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try storedSeries(dir + "/store.sqlite", station: "S1").count == 12)
        let status = try airtrend(["status", "--config", config, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let feeds = try #require(object?["feeds"] as? [[String: Any]])
        let requests = try #require(feeds.first?["requests"] as? [String: Any])
        #expect(requests["total"] as? Int == 1 && requests["2xx"] as? Int == 1 && requests["readings_stored"] as? Int == 12, "\(requests)")
        // Without the credentials directory the file cannot be found, and the error says which file.
        let missing = try airtrend(["ingest", "--config", config], environment: ["CREDENTIALS_DIRECTORY": dir + "/nowhere"])
        #expect(missing.status == 78 && missing.stderr.contains("nowhere/openaq-api-key"), "\(missing.stderr)")
    }
}
