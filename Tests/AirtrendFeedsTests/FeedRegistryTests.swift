import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct FeedRegistryTests {
    @Test func everyKindIsRegistered_once_inOrder() {
        #expect(FeedRegistry.kinds.map { $0.name } == ["openaq-v3", "waqi", "airnow-hourly", "sensor-community", "purpleair"])
        #expect(FeedRegistry.kind(named: "purpleair") == PurpleAirFeed.self)
        #expect(FeedRegistry.isLiveKind("waqi"))
        #expect(!FeedRegistry.isLiveKind("stateair"))
        #expect(FeedRegistry.kinds.allSatisfy { !$0.timeConvention.isEmpty && $0.timeConvention.hasSuffix(".") })
        #expect(FeedRegistry.kinds.filter { $0.requiresAPIKey }.map { $0.name } == ["openaq-v3", "waqi", "purpleair"])
        #expect(OpenAQFeed.defaultRateLimit == "60/min" && PurpleAirFeed.defaultRateLimit == "60/min")
    }

    @Test func eachKindDeclaresItsOwnOptions_andTheirDefaultsHold() throws {
        // Keys every live feed has belong to the loader; a kind must not declare them again.
        let common: Set<String> = ["id", "kind", "url", "station", "schedule", "schedule_timezone", "jitter", "match", "quality",
                                   "api_key_env", "api_key_file", "sensors", "window", "overlap", "rate_limit", "timezone",
                                   "max_pages", "max_bytes_per_run", "max_readings_per_run", "lookback",
                                   "start", "max_bytes", "timeout", "ca_file"]
        var declared: [String: [String]] = [:]
        for kind in FeedRegistry.kinds {
            let specs = FeedRegistry.specs(of: kind)
            declared[kind.name] = specs.map(\.key)
            for spec in specs {
                #expect(!common.contains(spec.key), "\(kind.name) redeclares \(spec.key)")
                #expect(spec.key.allSatisfy { $0.isLowercase || $0 == "_" }, "\(spec.key)")
                #expect(!spec.summary.isEmpty)
            }
            // With nothing given, every kind's options take their defaults.
            try FeedRegistry.check(kind, values: OptionValues(), feed: "f")
        }
        #expect(declared["purpleair"] == ["correction"])
        #expect(declared["sensor-community"] == ["bbox", "station_prefix"])
        #expect(declared["airnow-hourly"] == ["station_prefix"])
        #expect(declared["openaq-v3"] == [] && declared["waqi"] == [])
        // Low-cost sensor kinds judge values by their neighbours; official networks keep the plain rules.
        #expect(FeedRegistry.kinds.filter { $0.qualityDefaults.spike }.map { $0.name } == ["sensor-community", "purpleair"])
    }
}

/// The API key must never reach an event, a raw text or an error message, even when the upstream echoes it.
@Suite struct SecretTests {
    static let key = "s3cr3t-KEY-do-not-log"

    func settings(_ id: String, sensor: String) -> FeedSettings {
        FeedSettings(id: id, url: "", sensors: [.init(sensor: sensor, station: "st")], apiKey: Self.key)
    }

    func messages(_ kind: some FeedKind, unit: String, bodies: [String], contentType: String? = "application/json") -> [String] {
        let request = kind.request(unit: unit, after: nil, cursor: nil, now: hour(2024, 6, 1, 0))!
        var texts: [String] = []
        for body in bodies {
            do {
                let page = try kind.decode(bytes(body), contentType: contentType, request: request)
                for event in page.events {
                    texts.append(String(describing: event))
                }
            } catch {
                texts.append(error.description)
                texts.append(error.message)
            }
        }
        return texts
    }

    @Test func echoedKeys_areRedacted() throws {
        let openaq = messages(try OpenAQFeed(settings: settings("o", sensor: "1")), unit: "1", bodies: [
            #"{"detail":"Invalid credentials: s3cr3t-KEY-do-not-log"}"#,
            #"{"message":"Gone. Key s3cr3t-KEY-do-not-log"}"#,
            "<html>s3cr3t-KEY-do-not-log</html>",
        ])
        let waqi = messages(try WAQIFeed(settings: settings("w", sensor: "@1")), unit: "@1", bodies: [
            #"{"status":"error","data":"Invalid key s3cr3t-KEY-do-not-log"}"#,
            #"{"status":"error","data":"Over quota for token=s3cr3t%2DKEY%2Ddo%2Dnot%2Dlog"}"#,
            #"{"status":"ok","data":{"iaqi":{"pm25":{"v":"s3cr3t-KEY-do-not-log"}},"time":{"iso":"2024-06-01T00:00:00Z"}}}"#,
            #"{"status":"ok","data":{"iaqi":{"pm25":{"v":42}},"time":{"iso":"2024-06-01T00:00:00Z"}}}"#,
        ])
        let purple = messages(try PurpleAirFeed(settings: settings("p", sensor: "7")), unit: "7", bodies: [
            #"{"error":"ApiKeyInvalidError","description":"The key s3cr3t-KEY-do-not-log is not valid."}"#,
            #"{"error":"NotFoundError","description":"s3cr3t-KEY-do-not-log"}"#,
            #"{"fields":["time_stamp","pm2.5_cf_1_a","pm2.5_cf_1_b","humidity"],"data":[[1717200000,"s3cr3t-KEY-do-not-log",1,50],[1717200000,1,1,50]]}"#,
        ])
        let all = openaq + waqi + purple
        #expect(all.count >= 10)
        for text in all {
            #expect(!text.contains(Self.key), "leaked: \(text)")
            #expect(!text.contains("s3cr3t%2DKEY"), "leaked: \(text)")
        }
        // The redaction left the rest of the message readable.
        #expect(waqi.contains { $0.contains("Invalid key [redacted]") })
    }

    @Test func keysTravelOnlyInHeadersOrWAQIsQuery() throws {
        let now = hour(2024, 6, 1, 0)
        let openaq = try #require(try OpenAQFeed(settings: settings("o", sensor: "1")).request(unit: "1", after: nil, cursor: nil, now: now))
        #expect(!openaq.url.contains(Self.key) && openaq.headers["X-API-Key"] == Self.key)
        let purple = try #require(try PurpleAirFeed(settings: settings("p", sensor: "7")).request(unit: "7", after: nil, cursor: nil, now: now))
        #expect(!purple.url.contains(Self.key) && purple.headers["X-API-Key"] == Self.key)
        let waqi = try #require(try WAQIFeed(settings: settings("w", sensor: "@1")).request(unit: "@1", after: nil, cursor: nil, now: now))
        #expect(waqi.url.hasSuffix("?token=s3cr3t%2DKEY%2Ddo%2Dnot%2Dlog"))
        #expect(waqi.headers.isEmpty)
    }
}
