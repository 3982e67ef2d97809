import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// Issue 10's hostile upstream, as the real binary meets it: `Scripts/lib/feed_server.py` redirecting
/// elsewhere, repeating pages, paging for ever, answering outside the window, asking for long waits,
/// publishing hours late and echoing the key back with terminal escapes.
@Suite(.serialized) struct HostileUpstreamTests {
    private let key = LiveFeed.key
    private var environment: [String: String] { [LiveFeed.keyVariable: key] }

    private func store(_ dir: String) throws -> SQLiteStore { try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }) }

    /// A fresh store folder and a config with one `openaq-v3` feed `aq` at `server.base + path`.
    private func oneFeed(_ server: FeedServer, _ path: String, sensors: [(Int, String)], start: Int, window: String = "7d",
                         extra: String = "") throws -> (dir: String, config: String) {
        let dir = try temporaryDirectory()
        let config = try LiveFeed.config(in: dir, feeds: [
            LiveFeed.openAQ(id: "aq", url: server.base + path, sensors: sensors, start: start, window: window, extra: extra),
        ])
        return (dir, config)
    }

    // MARK: 1. Credentials never leave their origin

    @Test func redirectToAnotherOrigin_isFollowedWithoutTheKey() throws {
        let until = LiveFeed.currentHour()
        let origin = try FeedServer(key: key, until: until)
        let elsewhere = try FeedServer(key: nil, until: until)
        let (dir, config) = try oneFeed(origin, "/to/\(elsewhere.port)/v3", sensors: [(11, "S1")], start: until - 24)
        let run = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(origin.requestsWithAKey == 1, "the configured origin gets the key")
        #expect(elsewhere.requestCount == 1 && elsewhere.requestsWithAKey == 0, "the redirect target never sees it")
        #expect(try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1").count == 24)
    }

    @Test func aRefusalWhereARedirectLed_isNotBlamedOnTheKey() throws {
        let until = LiveFeed.currentHour()
        let origin = try FeedServer(key: key, until: until)
        // This one wants a key too, and is not given it.
        let elsewhere = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(origin, "/to/\(elsewhere.port)/v3", sensors: [(12, "S1")], start: until - 24)
        let run = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(run.status == 69, "unavailable, not 78 (the key is fine): \(run.stderr)")
        #expect(run.stderr.contains("HTTP 401 from http://127.0.0.1:\(elsewhere.port), another origin a redirect led to"), "\(run.stderr)")
        #expect(elsewhere.requestsWithAKey == 0)
    }

    // MARK: 2. Every fetch loop is bounded

    @Test func aPageRepeatingTheOneBefore_endsTheWindow_asABadUpstream() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(server, "/hostile/repeat/v3", sensors: [(21, "S1")], start: until - 24)
        let run = try airtrend(["ingest", "--config", config], environment: environment, killAfter: 120)
        #expect(run.status == 76, "\(run.stderr)")
        #expect(run.stderr.contains("page 2 repeats page 1 of the window"), "\(run.stderr)")
        #expect(server.requestCount == 2)
        #expect(try store(dir).feedCursor(feed: "aq", unit: "21") == nil, "a broken window moves no cursor")
        #expect(try store(dir).runs(feed: "aq", limit: 1).first?.error?.contains("repeats") == true)
    }

    @Test func morePagesThanMaxPages_endTheWindow_asABadUpstream() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(server, "/hostile/endless/v3", sensors: [(22, "S1")], start: until - 24, extra: "    max_pages: 3")
        let run = try airtrend(["ingest", "--config", config], environment: environment, killAfter: 120)
        #expect(run.status == 76, "\(run.stderr)")
        #expect(run.stderr.contains("a next page after 3 pages") && run.stderr.contains("max_pages 3"), "\(run.stderr)")
        #expect(server.requestCount == 3)
        #expect(try store(dir).feedCursor(feed: "aq", unit: "22") == nil)
    }

    @Test func rowsOutsideTheWindow_endIt_andNothingOfThePageIsStored() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(server, "/hostile/outside/v3", sensors: [(23, "S1")], start: until - 24)
        let run = try airtrend(["ingest", "--config", config], environment: environment, killAfter: 120)
        #expect(run.status == 76, "\(run.stderr)")
        #expect(run.stderr.contains("row 1 is for \(LiveFeed.iso(until - 24 - 1000)), outside the window"), "\(run.stderr)")
        #expect(try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1").isEmpty)
        #expect(try store(dir).feedCursor(feed: "aq", unit: "23") == nil)
    }

    @Test func readingsPerRun_areCapped_andTheNextRunsContinueWithoutGapOrDuplicate() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let start = until - 96
        let (dir, config) = try oneFeed(server, "/v3", sensors: [(24, "S1")], start: start, window: "24h", extra: "    max_readings_per_run: 30")
        let first = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(first.status == 75, "\(first.stderr)")
        #expect(first.stderr.contains("the limit of max_readings_per_run (30); the next run continues"), "\(first.stderr)")
        // Two windows of 24 hours: the second took the run past 30 readings, so no third was asked for.
        #expect(server.requestCount == 2)
        #expect(try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1").count == 48)
        var runs = 1
        while runs < 6, try airtrend(["ingest", "--config", config], environment: environment).status != 0 { runs += 1 }
        let series = try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1")
        #expect(series.map(\.hour) == Array(start..<until), "every hour once after \(runs + 1) runs")
        #expect(series.allSatisfy { abs($0.value - FeedServer.value(sensor: 24, hour: $0.hour)) < 1e-9 })
    }

    @Test func bytesPerRun_areCapped() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(server, "/v3", sensors: [(25, "S1"), (26, "S2")], start: until - 48, window: "24h", extra: "    max_bytes_per_run: 1KiB")
        let run = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(run.status == 75, "\(run.stderr)")
        #expect(run.stderr.contains("max_bytes_per_run (1024)"), "\(run.stderr)")
        #expect(server.requestCount == 1, "one page of 24 rows is more than a KiB: nothing more is asked for in this run")
        #expect(try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1").count == 24)
        #expect(try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S2").isEmpty)
    }

    @Test func aLongRetryAfter_endsTheRunAtOnce_andDoesNotHoldTheLock() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (dir, config) = try oneFeed(server, "/wait/899/v3", sensors: [(27, "S1")], start: until - 24)
        // Killed after two minutes if it sleeps: the 899 s the server asks for would hold the lock for 15.
        let run = try airtrend(["ingest", "--config", config], environment: environment, killAfter: 120)
        #expect(run.status == 75, "\(run.stderr)")
        #expect(run.stderr.contains("the server asks to wait 899 s (Retry-After: 899), longer than the 60 s allowed"), "\(run.stderr)")
        #expect(server.requestCount == 1, "not retried")
        let again = try airtrend(["ingest", "--config", config], environment: environment, killAfter: 120)
        #expect(again.status == 75 && !again.stderr.contains("holds"), "the lock was released: \(again.stderr)")
        #expect(try store(dir).runs(feed: "aq", limit: 1).first?.finishedAt != nil)
    }

    // MARK: 3. No silent gaps

    @Test func hoursPublishedLate_areAskedForAgain_andStatusShowsTheGap() throws {
        let now = LiveFeed.currentHour()
        // The upstream has published nothing for the last 7 hours yet.
        let server = try FeedServer(key: key, until: now - 7)
        let start = now - 48
        let (dir, config) = try oneFeed(server, "/v3", sensors: [(31, "S1")], start: start)
        let first = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try store(dir).feedCursor(feed: "aq", unit: "31") == UTCHour(now - 7), "the cursor stops after the newest hour received")
        let text = try airtrend(["status", "--config", config])
        let json = try airtrend(["status", "--config", config, "--json"])
        let gap = LiveFeed.currentHour() - (now - 7)
        #expect(text.stdout.contains("gap \(gap)h"), "\(text.stdout)")
        let feeds = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["feeds"] as? [[String: Any]])
        #expect(feeds.first?["gap_hours"] as? Int == gap, "\(feeds)")
        #expect((feeds.first?["gap_hours_by_station"] as? [String: Int])?["S1"] == gap)

        // The seven hours arrive late, more than the 3-hour overlap after the first run.
        try server.control("/control/until?hour=\(now)")
        let second = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let series = try LiveFeed.storedSeries(dir + "/store.sqlite", station: "S1")
        #expect(series.map(\.hour) == Array(start..<now), "\(series.count) of 48 hours")
        let after = try airtrend(["status", "--config", config, "--json"])
        let fed = try #require((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["feeds"] as? [[String: Any]])
        #expect(fed.first?["gap_hours"] as? Int == LiveFeed.currentHour() - now)
    }

    @Test func aSilentSensor_keepsItsCursorOneLookbackBehind_andCostsOneRequestPerRun() throws {
        let now = LiveFeed.currentHour()
        // Data stopped 60 days ago.
        let server = try FeedServer(key: key, until: now - 60 * 24)
        let (dir, config) = try oneFeed(server, "/v3", sensors: [(32, "S1")], start: now - 30 * 24, extra: "    lookback: 24h")
        let first = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let catchUp = server.requestCount
        #expect(catchUp == 5, "30 days in 7-day windows")
        #expect(try store(dir).feedCursor(feed: "aq", unit: "32") == UTCHour(now - 24), "one look-back behind, not at now")
        let second = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(server.requestCount == catchUp + 1, "the look-back and the overlap fit one window")
    }

    @Test func aDaemonRestartedAfterACrash_runsTheInterruptedFeedAtOnce() throws {
        let dir = try temporaryDirectory()
        // Scheduled once a year: only the unfinished run can make it due now.
        let config = try feedConfig(in: dir, rows: 50)
        let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "schedule: every 1h", with: "schedule: \"0 0 1 1 *\"")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        // What a `kill -9` of the daemon in the middle of the feed's run leaves behind: a run without an end.
        let crashed = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        _ = try crashed.beginRun(feed: "local", trigger: "daemon")
        let notify = try NotifyListener()
        let daemon = try Daemon(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.wait { $0.contains("READY=1") } != nil)
        let status = notify.wait { $0.hasPrefix("STATUS=cycle") }
        #expect(status?.contains("50 hours stored") == true, "\(notify.messages)")
        daemon.signal(SIGTERM)
        #expect(daemon.exitStatus(within: 20) == 0)
        #expect(try SQLiteStore(path: dir + "/store.sqlite", now: { Date() }).summary().hours == 50)
    }

    // MARK: 8. Secrets and terminals

    @Test func aKeyEchoedBack_isRedactedEverywhere_inAnyCaseOrEncoding() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let dir = try temporaryDirectory()
        let config = try LiveFeed.config(in: dir, feeds: [
            LiveFeed.openAQ(id: "echo", url: server.base + "/hostile/echo/v3", sensors: [(41, "S1")], start: until - 24),
            LiveFeed.openAQ(id: "complains", url: server.base + "/hostile/echo-error/v3", sensors: [(42, "S2")], start: until - 24),
        ])
        try (try String(contentsOfFile: config, encoding: .utf8) + "\nmetrics_file: metrics.prom\n").write(toFile: config, atomically: true, encoding: .utf8)
        // `feeds test` first, while the window still starts at `start` and holds every echo.
        let preview = try airtrend(["feeds", "test", "echo", "--config", config], environment: environment)
        let run = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(run.status == 69, "\(run.stderr)")
        var outputs = [run.stdout, run.stderr]
        for format in ["csv", "json", "table"] {
            outputs.append(try airtrend(["quarantine", "--config", config, "--format", format]).stdout)
        }
        outputs.append(try airtrend(["status", "--config", config]).stdout)
        outputs.append(try airtrend(["status", "--config", config, "--json"]).stdout)
        outputs.append(try airtrend(["feeds", "list", "--config", config]).stdout)
        outputs += [preview.stdout, preview.stderr]
        outputs.append(try String(contentsOfFile: dir + "/metrics.prom", encoding: .utf8))
        // The echoes arrived, and were redacted: in a unit (upper case), a parameter (percent-encoded) and an error (swapped case).
        #expect(outputs[2].contains("unit '[redacted]' is not µg/m³") && outputs[2].contains("found '[redacted]'"), "\(outputs[2])")
        #expect(run.stderr.contains("no results for the key [redacted]"), "\(run.stderr)")
        let encoded = key.utf8.map { String(format: "%%%02x", $0) }.joined()
        for text in outputs {
            #expect(!text.lowercased().contains(key.lowercased()) && !text.lowercased().contains(encoded), "a key leaked: \(text)")
        }
        for file in ["store.sqlite", "store.sqlite-wal"] {
            let bytes = Data((FileManager.default.contents(atPath: dir + "/" + file) ?? Data()).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
            #expect(bytes.range(of: Data(key.lowercased().utf8)) == nil && bytes.range(of: Data(encoded.utf8)) == nil, "\(file) holds the key")
        }
    }

    @Test func controlCharacters_fromAnUpstream_areEscapedForPeople_andExactInCSVAndJSON() throws {
        let until = LiveFeed.currentHour()
        let server = try FeedServer(key: key, until: until)
        let (_, config) = try oneFeed(server, "/hostile/echo/v3", sensors: [(43, "S1")], start: until - 24)
        let preview = try airtrend(["feeds", "test", "aq", "--config", config], environment: environment).stdout
        let run = try airtrend(["ingest", "--config", config], environment: environment)
        #expect(run.status == 65, "\(run.stderr)")
        let table = try airtrend(["quarantine", "--config", config, "--format", "table"]).stdout
        for text in [run.stdout, run.stderr, table, preview] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "a raw control character: \(text)")
        }
        #expect(run.stderr.contains("found 'pm25\\x1b[31m\\x9b1m'"), "\(run.stderr)")
        #expect(table.contains("unit '\\x1b[2J\\x1b]0;pwned\\x07ug'"), "\(table)")
        #expect(preview.contains("row 4: rejected: expected parameter pm25, found 'pm25\\x1b[31m\\x9b1m'"), "\(preview)")
        // Machine formats keep the text exactly as received.
        let csv = try airtrend(["quarantine", "--config", config, "--format", "csv"]).stdout
        #expect(csv.contains("unit '\u{1B}[2J\u{1B}]0;pwned\u{07}ug'"), "\(csv)")
        let json = try airtrend(["quarantine", "--config", config, "--format", "json"]).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(rows.contains { ($0["detail"] as? String)?.contains("pm25\u{1B}[31m\u{9B}1m") == true }, "\(json)")
    }

    @Test func controlCharacters_fromADataFile_areEscapedOnTheTerminal() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/data.csv"
        try Data("t,pm25\n2013-01-01 00:00,10\n2013-01-01 01:00,\u{1B}[2J\u{1B}]0;owned\u{07}\u{08}12\n".utf8).write(to: URL(fileURLWithPath: file))
        let db = dir + "/s.sqlite"
        let run = try airtrend(["import", "--db", db, "--station", "s1", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", file])
        #expect(run.status == 65, "\(run.stderr)")
        let table = try airtrend(["quarantine", "--db", db, "--format", "table"]).stdout
        for text in [run.stdout, run.stderr, table] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x08 }, "a raw control character: \(text)")
        }
        #expect(run.stderr.contains("\\x1b[2J\\x1b]0;owned\\x07\\x0812"), "\(run.stderr)")
        #expect(table.contains("\\x1b[2J"), "\(table)")
        let csv = try airtrend(["quarantine", "--db", db, "--format", "csv"]).stdout
        #expect(csv.contains("\u{1B}[2J\u{1B}]0;owned\u{07}"), "\(csv)")
    }
}
