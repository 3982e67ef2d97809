import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation

/// Configs and checks shared by the tests that run the binary against `Scripts/lib/feed_server.py`.
enum LiveFeed {
    /// The API key the feed server requires; unique per test process.
    static let key = "k3y-\(UUID().uuidString.prefix(8))"
    static let keyVariable = "AIRTREND_TEST_OPENAQ_KEY"

    /// The current hour, hours since 1970.
    static func currentHour() -> Int { Int(Date().timeIntervalSince1970) / 3600 }

    static func iso(_ hour: Int) -> String { UTCHour(hour).description }

    /// A config with OpenAQ-style feeds against the local feed server.
    static func config(in dir: String, feeds: [String]) throws -> String {
        let text = """
            database: store.sqlite
            stations:
              - id: S1
                city: Testville
                timezone: UTC+8
              - id: S2
                city: Testville
                timezone: UTC+8
              - id: S3
                city: Otherville
                timezone: UTC+8
            feeds:
            \(feeds.joined(separator: "\n"))
            """
        let path = dir + "/airtrend.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One `openaq-v3` feed; `extra` holds further keys of the feed, each line indented by four spaces.
    static func openAQ(id: String, url: String, sensors: [(Int, String)], start: Int, window: String = "7d", extra: String = "") -> String {
        var text = """
              - id: \(id)
                kind: openaq-v3
                url: \(url)
                api_key_env: \(keyVariable)
                start: \(iso(start))
                window: \(window)
                rate_limit: 200/s
                sensors:
            """
        for (sensor, station) in sensors { text += "\n      - {sensor: \"\(sensor)\", station: \(station)}" }
        if !extra.isEmpty { text += "\n" + extra }
        return text
    }

    /// Every stored hour of a station, oldest first.
    static func storedSeries(_ db: String, station: String) throws -> [(hour: Int, value: Double)] {
        let store = try SQLiteStore(path: db, now: { Date() })
        guard let id = try store.station(code: station)?.id else { return [] }
        return try store.hourlyValues(station: id, pollutant: .pm25, from: UTCHour(0), to: UTCHour(Int(Int32.max))).map { ($0.hour.value, $0.value) }
    }
}
