import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct PurpleAirFeedTests {
    static let key = "PA-READ-KEY-0123"

    func makeFeed(start: UTCHour? = nil, window: Int = FeedSettings.defaultWindowHours, options: [String: String] = [:]) throws -> PurpleAirFeed {
        try PurpleAirFeed(settings: FeedSettings(id: "pa", url: "", sensors: [.init(sensor: "131075", station: "pa-131075")],
                                                 apiKey: Self.key, start: start, windowHours: window, options: options))
    }

    var request: FeedRequest {
        FeedRequest(url: "https://api.purpleair.com/v1/sensors/131075/history", unit: "131075",
                    windowStart: hour(2022, 11, 1, 0), windowEnd: hour(2022, 11, 3, 0))
    }

    /// Hand-built history in the shape of the real sample: columns shuffled, rows out of time order.
    static let history = #"""
    {"api_version":"V1.2.0-1.1.45","time_stamp":1667503589,"sensor_index":131075,"average":60,
     "fields":["humidity","pm2.5_cf_1_b","time_stamp","pm2.5_cf_1_a"],
     "data":[
      [50,12,1667343600,10],
      [37,1.0,1667336400,1.2],
      [90,0.0,1667340000,0.0],
      [null,5,1667347200,5],
      [40,11.5,1667350800,5.5],
      [40,11.5,1667354400]
     ]}
    """#

    // MARK: golden samples

    @Test func realHistorySample_hasNoCF1Columns_soItIsAPayloadError() throws {
        // The sample asked for humidity, temperature and pm2.5_atm; the EPA correction needs CF=1.
        let error = feedError { try makeFeed().decode(try! fixture("PurpleAir/purpleair-history.json"), contentType: "application/json", request: request) }
        #expect(error?.kind == .payload)
        #expect(error?.message.contains("pm2.5_cf_1_a") == true)
        #expect(error?.message.contains("pm2.5_atm") == true)
    }

    @Test func realErrorSample_isAuthorization() throws {
        let error = feedError { try makeFeed().decode(try! fixture("PurpleAir/purpleair-error.json"), contentType: "application/json", request: request) }
        #expect(error?.kind == .authorization)
        #expect(error?.message.contains("ApiKeyMissingError") == true)
        #expect(error?.message.contains("No API key was found in the request.") == true)
    }

    @Test func otherErrors_areUpstream() throws {
        let error = feedError {
            try makeFeed().decode(bytes(#"{"error":"RateLimitExceededError","description":"Slow down."}"#), contentType: "application/json", request: request)
        }
        #expect(error?.kind == .upstream)
        #expect(error?.message.contains("RateLimitExceededError") == true)
    }

    @Test func htmlAndInvalidJSON_arePayloadErrors() throws {
        let html = feedError { try makeFeed().decode(bytes("<html><body>Service Unavailable</body></html>"), contentType: "text/html", request: request) }
        #expect(html?.kind == .payload)
        let broken = feedError { try makeFeed().decode(bytes(#"{"fields":["time_stamp"],"data":[[1667336400]"#), contentType: "application/json", request: request) }
        #expect(broken?.kind == .payload)
        #expect(broken?.message.contains("PurpleAir history") == true)
    }

    // MARK: decoding

    @Test func history_sorted_corrected_andCleaned() throws {
        let events = try makeFeed().decode(bytes(Self.history), contentType: "application/json", request: request).events
        // 1667336400 = 2022-11-01T21:00Z (1667260800 is 2022-11-01T00:00Z, + 21 h).
        // 21:00 (line 2): mean(1.2, 1.0) = 1.1 → 0.524·1.1 − 0.0862·37 + 5.75 = 0.5764 − 3.1894 + 5.75 = 3.137
        // 22:00 (line 3): mean 0 → 0 − 7.758 + 5.75 = −2.008 → clamped to 0
        // 23:00 (line 1): mean(10, 12) = 11 → 5.764 − 4.31 + 5.75 = 7.204
        // 00:00 (line 4): no humidity → missing; 01:00 (line 5): |5.5 − 11.5| = 6 > 5 and 12 / 17 = 71 % > 70 % → missing
        let readings = events.readings
        #expect(readings.map(\.hour.description) == ["2022-11-01T21:00Z", "2022-11-01T22:00Z", "2022-11-01T23:00Z"])
        #expect(readings.map(\.line) == [2, 3, 1])
        #expect(zip(readings.map(\.value), [3.137, 0, 7.204]).allSatisfy { isClose($0, $1, tolerance: 1e-9) })
        #expect(readings.allSatisfy { $0.station == "pa-131075" })
        #expect(readings[2].raw == "purpleair cf1_a=10.0 cf1_b=12.0 rh=50.0 correction=epa-barkjohn-2021")
        #expect(events.missing.map(\.line) == [4, 5])
        // Line 6 has three values for four fields.
        #expect(events.rejections.map(\.line) == [6])
    }

    @Test func correctionNone_storesTheRawCF1Mean() throws {
        let events = try makeFeed(options: ["correction": "none"]).decode(bytes(Self.history), contentType: nil, request: request).events
        let readings = events.readings
        // Humidity is not needed without the correction, so 00:00 (line 4) now has a value; 01:00 still fails the A/B check.
        #expect(readings.map(\.hour.description) == ["2022-11-01T21:00Z", "2022-11-01T22:00Z", "2022-11-01T23:00Z", "2022-11-02T00:00Z"])
        #expect(zip(readings.map(\.value), [1.1, 0, 11, 5]).allSatisfy { isClose($0, $1) })
        #expect(readings[0].raw == "purpleair cf1_a=1.2 cf1_b=1.0 rh=37.0 correction=none")
        #expect(events.missing.map(\.line) == [5])
    }

    @Test func combinedCF1Only_isUsed() throws {
        let body = #"{"fields":["time_stamp","pm2.5_cf_1","humidity"],"data":[[1667336400,20,30]]}"#
        let reading = try #require(try makeFeed().decode(bytes(body), contentType: nil, request: request).events.readings.first)
        // 0.524·20 − 0.0862·30 + 5.75 = 10.48 − 2.586 + 5.75 = 13.644
        #expect(isClose(reading.value, 13.644))
        #expect(reading.raw == "purpleair cf1=20.0 rh=30.0 correction=epa-barkjohn-2021")
    }

    @Test func barkjohnFormula_byHand() {
        // 0.524 · 25 − 0.0862 · 60 + 5.75 = 13.1 − 5.172 + 5.75 = 13.678
        #expect(isClose(PurpleAirFeed.barkjohn2021(cf1: 25, humidity: 60), 13.678))
        #expect(isClose(PurpleAirFeed.value(.init(channelA: 24, channelB: 26, humidity: 60), correction: .epaBarkjohn2021)!, 13.678))
        // Clean air and damp: negative before clamping.
        #expect(PurpleAirFeed.barkjohn2021(cf1: 0, humidity: 100) < 0)
        #expect(PurpleAirFeed.value(.init(channelA: 0, channelB: 0, humidity: 100), correction: .epaBarkjohn2021) == 0)
        #expect(PurpleAirFeed.value(.init(channelA: 10, channelB: nil, humidity: 50), correction: .epaBarkjohn2021) == nil)
    }

    @Test func channelDisagreement_atItsEdges() {
        // Exactly 70 %: 2 · 7 / (6.5 + 13.5) = 0.70, not more → kept.
        #expect(PurpleAirFeed.channelsAgree(6.5, 13.5))
        // 2 · 7.1 / 19.9 = 0.7136 with 7.1 > 5 → dropped.
        #expect(!PurpleAirFeed.channelsAgree(6.4, 13.5))
        // Exactly 5 µg/m³ apart (143 %): not more than 5 → kept; 5.01 apart → dropped.
        #expect(PurpleAirFeed.channelsAgree(1, 6))
        #expect(!PurpleAirFeed.channelsAgree(1, 6.01))
        // Far apart in µg/m³ but within 70 %: 2 · 40 / 160 = 50 % → kept.
        #expect(PurpleAirFeed.channelsAgree(60, 100))
        #expect(PurpleAirFeed.channelsAgree(100, 60))
    }

    // MARK: requests

    @Test func windows_inEpochSeconds_startInclusiveEndExclusive() throws {
        let feed = try makeFeed(start: hour(2024, 1, 1, 0))
        let requests = cycle(feed, unit: "131075", cursor: nil, now: hour(2024, 1, 10, 0))
        // 2024-01-01T00Z = 1704067200; + 168 h = 1704672000 (2024-01-08T00Z); then to now, 2024-01-10T00Z = 1704844800.
        #expect(requests.map(\.url) == [
            "https://api.purpleair.com/v1/sensors/131075/history?start_timestamp=1704067200&end_timestamp=1704672000&average=60&fields=pm2.5_cf_1_a,pm2.5_cf_1_b,humidity",
            "https://api.purpleair.com/v1/sensors/131075/history?start_timestamp=1704672000&end_timestamp=1704844800&average=60&fields=pm2.5_cf_1_a,pm2.5_cf_1_b,humidity",
        ])
        #expect(requests.allSatisfy { $0.headers == ["X-API-Key": Self.key] })
        #expect(requests.map { $0.windowEnd?.description } == ["2024-01-08T00:00Z", "2024-01-10T00:00Z"])
    }

    @Test func window_isCappedAt180Days() throws {
        let feed = try makeFeed(start: hour(2023, 1, 1, 0), window: 365 * 24)
        let first = try #require(feed.request(unit: "131075", after: nil, cursor: nil, now: hour(2024, 1, 1, 0)))
        // 2023-01-01T00Z = 1672531200; + 180 days (15 552 000 s) = 1688083200 (2023-06-30T00Z).
        #expect(first.url.contains("start_timestamp=1672531200&end_timestamp=1688083200&"))
        #expect(first.windowEnd?.description == "2023-06-30T00:00Z")
    }

    @Test func overlapAndCaughtUp() throws {
        let feed = try makeFeed()
        let first = try #require(feed.request(unit: "131075", after: nil, cursor: hour(2024, 1, 1, 12), now: hour(2024, 1, 1, 13)))
        #expect(first.windowStart?.description == "2024-01-01T09:00Z")
        #expect(feed.request(unit: "131075", after: first, cursor: hour(2024, 1, 1, 12), now: hour(2024, 1, 1, 13)) == nil)
    }

    @Test func configuration() {
        let bad = feedError { try makeFeed(options: ["correction": "2020-slides"]) }
        #expect(bad?.kind == .configuration)
        #expect(bad?.key == "feeds.pa.correction")
        let noSensors = feedError { try PurpleAirFeed(settings: FeedSettings(id: "pa", url: "", apiKey: "k")) }
        #expect(noSensors?.key == "feeds.pa.sensors")
    }
}
