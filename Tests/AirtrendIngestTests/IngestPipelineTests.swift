import AirtrendTestSupport
import AirtrendConfig
import AirtrendDomain
import AirtrendIngest
import AirtrendStore
import Foundation
import Testing

/// The pipeline as a library: feeds as child tasks, the store behind its one writer, against the real
/// OpenAQ stand-in on 127.0.0.1 and a real SQLite file.
@Suite struct IngestPipelineTests {
    static let key = "pipeline-\(UUID().uuidString.prefix(8))"

    func configuration(dir: String, url: String, start: Int, sensors: [Int]) throws -> AirtrendConfiguration {
        var text = """
            database: \(dir)/store.sqlite
            stations:
              - {id: S1, timezone: UTC+8}
              - {id: S2, timezone: UTC+8}
            feeds:
              - id: aq
                kind: openaq-v3
                url: \(url)
                api_key_env: TEST_KEY
                start: \(UTCHour(start))
                window: 1d
                rate_limit: 500/s
                sensors:
            """
        for (index, sensor) in sensors.enumerated() { text += "\n      - {sensor: \"\(sensor)\", station: S\(index + 1)}" }
        return try ConfigurationLoader(catalogue: KnownFeedKinds()).parse(text + "\n", file: dir + "/airtrend.yaml")
    }

    func series(_ writer: StoreWriter, station: String) async throws -> [(hour: UTCHour, value: Double)] {
        try await writer.write { store in
            guard let id = try store.station(code: station)?.id else { return [] }
            return try store.hourlyValues(station: id, pollutant: .pm25, from: UTCHour(0), to: UTCHour(Int(Int32.max)))
        }
    }

    @Test func catchUp_storesEveryHourOnce_withTheServersValues_andAdvancesTheCursor() async throws {
        let now = Int(Date().timeIntervalSince1970) / 3600
        let server = try FeedServer(key: Self.key, until: now)
        let dir = try temporaryDirectory()
        let configuration = try configuration(dir: dir, url: server.base + "/v3", start: now - 60, sensors: [11, 12])
        let writer = StoreWriter(try SQLiteStore(path: configuration.database, now: { Date() }))
        let pipeline = IngestPipeline(configuration: configuration, writer: writer, environment: ["TEST_KEY": Self.key])
        try await pipeline.syncStations()
        let results = await pipeline.run(trigger: "test")
        #expect(results.map(\.outcome) == [.ok], "\(results.map { $0.failure ?? $0.files.first?.failure ?? "" })")
        for (sensor, station) in [(11, "S1"), (12, "S2")] {
            let stored = try await series(writer, station: station)
            #expect(stored.map(\.hour.value) == Array((now - 60)..<now))
            #expect(stored.allSatisfy { abs($0.value - FeedServer.value(sensor: sensor, hour: $0.hour.value)) < 1e-9 })
        }
        let cursors = try await writer.write { try $0.feedCursor(feed: "aq", unit: "11") }
        #expect(cursors != nil)
        let runs = try await writer.write { try $0.runs(feed: "aq", limit: 10) }
        #expect(runs.map(\.outcome) == ["ok"] && runs.first?.stored == 120)
    }

    @Test func aRefusedKey_isAConfigurationOutcome_andStoresNothing() async throws {
        let now = Int(Date().timeIntervalSince1970) / 3600
        let server = try FeedServer(key: Self.key, until: now)
        let dir = try temporaryDirectory()
        let configuration = try configuration(dir: dir, url: server.base + "/v3", start: now - 10, sensors: [11])
        let writer = StoreWriter(try SQLiteStore(path: configuration.database, now: { Date() }))
        let pipeline = IngestPipeline(configuration: configuration, writer: writer, environment: ["TEST_KEY": "wrong"])
        try await pipeline.syncStations()
        let results = await pipeline.run(trigger: "test")
        #expect(results.first?.outcome == .configuration)
        #expect(results.first?.failure?.contains("wrong") == false)
        #expect(try await series(writer, station: "S1").isEmpty)
    }

    @Test func cancellingTheRun_endsItAsTemporary_andTheNextRunCompletesIt() async throws {
        let now = Int(Date().timeIntervalSince1970) / 3600
        let server = try FeedServer(key: Self.key, until: now)
        let dir = try temporaryDirectory()
        // A slow rate limit makes the run long enough to cancel in the middle.
        var configuration = try configuration(dir: dir, url: server.base + "/v3", start: now - 24 * 20, sensors: [13])
        configuration.feeds[0].live.rateLimit = "4/s"
        let writer = StoreWriter(try SQLiteStore(path: configuration.database, now: { Date() }))
        let pipeline = IngestPipeline(configuration: configuration, writer: writer, environment: ["TEST_KEY": Self.key])
        try await pipeline.syncStations()
        let task = Task { await pipeline.run(trigger: "test") }
        try await Task.sleep(for: .milliseconds(900))
        task.cancel()
        let interrupted = await task.value
        #expect(interrupted.first?.outcome == .temporaryFailure)
        #expect(interrupted.first?.failure?.contains("interrupted") == true)
        let partial = try await series(writer, station: "S1").count
        #expect(partial < 24 * 20)
        // Resuming from the stored cursor completes the catch-up with no gap and no duplicate.
        configuration.feeds[0].live.rateLimit = "500/s"
        let resumed = await IngestPipeline(configuration: configuration, writer: writer, environment: ["TEST_KEY": Self.key]).run(trigger: "test")
        #expect(resumed.first?.outcome == .ok)
        #expect(try await series(writer, station: "S1").map(\.hour.value) == Array((now - 24 * 20)..<now))
    }
}
