import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct WAQIFeedTests {
    static let token = "waqiSecretToken77"

    func makeFeed(sensor: String = "@6337", timeZone: StationTimeZone? = nil) throws -> WAQIFeed {
        try WAQIFeed(settings: FeedSettings(id: "waqi", url: "", sensors: [.init(sensor: sensor, station: "klundert")],
                                            apiKey: Self.token, timeZone: timeZone))
    }

    func request(_ feed: WAQIFeed) -> FeedRequest {
        feed.request(unit: "@6337", after: nil, cursor: nil, now: hour(2023, 8, 7, 18))!
    }

    /// The real `waqi-feed.json` with a `pm25` sub-index added to `iaqi` (WAQI omits the key for this station).
    func sampleWithPM25(_ value: String) throws -> [UInt8] {
        let text = String(decoding: try fixture("WAQI/waqi-feed.json"), as: UTF8.self)
        let patched = text.replacingOccurrences(of: #""iaqi": {"#, with: #""iaqi": { "pm25": { "v": \#(value) },"#)
        precondition(patched != text)
        return bytes(patched)
    }

    // MARK: golden samples

    @Test func feedSample_withoutPM25_isAMissingHour_andTheStationFacts() throws {
        let feed = try makeFeed()
        let events = try feed.decode(try fixture("WAQI/waqi-feed.json"), contentType: "application/json; charset=UTF-8", request: request(feed)).events
        #expect(events.readings.isEmpty)
        #expect(events.missing.map(\.station) == ["klundert"])
        #expect(events.missing.map(\.line) == [1])
        let station = try #require(events.stations.first)
        #expect(events.stations.count == 1)
        #expect(station.id == "klundert")
        #expect(station.name == "Klundert, Brabant")
        #expect(station.latitude == 51.6689355)
        #expect(station.longitude == 4.541659)
        // No zone configured: the reading's offset, +02:00 (summer time in the Netherlands).
        #expect(station.timeZone?.standardOffsetMinutes == 120)
    }

    @Test func noAQISample_isAlsoMissing() throws {
        let feed = try makeFeed()
        let events = try feed.decode(try fixture("WAQI/waqi-feed-no-aqi.json"), contentType: "application/json", request: request(feed)).events
        #expect(events.readings.isEmpty)
        #expect(events.missing.count == 1)
    }

    @Test func subIndex_isInvertedOnThe2012Scale_atTheISOHour_notTimeV() throws {
        let feed = try makeFeed(timeZone: try StationTimeZone("Europe/Amsterdam"))
        // time.iso 2023-08-07T19:00:00+02:00 = 17:00Z (time.v would say 19:00Z); before 2024-05-06: EPA 2012.
        // 57 → 12.1 + (57 − 51) · (35.4 − 12.1) / (100 − 51) = 12.1 + 6 · 23.3 / 49 = 14.9531 µg/m³.
        let events = try feed.decode(try sampleWithPM25("57"), contentType: "application/json", request: request(feed)).events
        let reading = try #require(events.readings.first)
        #expect(reading.hour.description == "2023-08-07T17:00Z")
        #expect(isClose(reading.value, 14.953061, tolerance: 1e-6))
        #expect(reading.station == "klundert")
        #expect(reading.line == 1)
        #expect(reading.raw == "waqi iaqi.pm25.v=57 (US EPA AQI, epa2012 inverted)")
        #expect(events.stations.first?.timeZone?.name == "Europe/Amsterdam")
    }

    @Test func after20240506_usesThe2024Breakpoints_andSPlusTZ() throws {
        let feed = try makeFeed()
        // No iso: time.s is local wall time, time.tz its offset. 10:00 +08:00 = 02:00Z.
        let body = #"{"status":"ok","data":{"idx":1451,"city":{"name":"Beijing","geo":[39.95,116.46]},"iaqi":{"pm25":{"v":57}},"time":{"s":"2024-06-01 10:00:00","tz":"+08:00","v":1717236000}}}"#
        let reading = try #require(try feed.decode(bytes(body), contentType: "application/json", request: request(feed)).events.readings.first)
        #expect(reading.hour.description == "2024-06-01T02:00Z")
        // 9.1 + 6 · 26.3 / 49 = 12.3204 µg/m³.
        #expect(isClose(reading.value, 12.320408, tolerance: 1e-6))
        #expect(reading.raw == "waqi iaqi.pm25.v=57 (US EPA AQI, epa2024 inverted)")
    }

    @Test func stampOffTheHour_isFlooredToItsHour() throws {
        let feed = try makeFeed()
        let body = #"{"status":"ok","data":{"iaqi":{"pm25":{"v":50}},"time":{"iso":"2024-07-01T09:40:00-04:00"}}}"#
        let reading = try #require(try feed.decode(bytes(body), contentType: nil, request: request(feed)).events.readings.first)
        #expect(reading.hour.description == "2024-07-01T13:00Z")
        #expect(isClose(reading.value, 9.0))
    }

    @Test func dashAndAbsentPM25_areMissing_outOfScaleRejected() throws {
        let feed = try makeFeed()
        let dash = #"{"status":"ok","data":{"aqi":"-","iaqi":{"pm25":{"v":"-"}},"time":{"iso":"2024-07-01T09:00:00Z"}}}"#
        #expect(try feed.decode(bytes(dash), contentType: nil, request: request(feed)).events.missing.count == 1)
        let over = #"{"status":"ok","data":{"iaqi":{"pm25":{"v":612}},"time":{"iso":"2024-07-01T09:00:00Z"}}}"#
        let events = try feed.decode(bytes(over), contentType: nil, request: request(feed)).events
        #expect(events.readings.isEmpty)
        #expect(events.rejections.first?.message.contains("0 to 500") == true)
    }

    // MARK: requests

    @Test func oneRequestPerUnitAndCycle() throws {
        let feed = try makeFeed()
        let now = hour(2024, 5, 1, 12)
        let first = try #require(feed.request(unit: "@6337", after: nil, cursor: hour(2024, 5, 1, 11), now: now))
        #expect(first.url == "https://api.waqi.info/feed/@6337/?token=\(Self.token)")
        #expect(first.windowEnd == now)
        #expect(first.unit == "@6337")
        #expect(feed.request(unit: "@6337", after: first, cursor: nil, now: now) == nil)
        let plain = try makeFeed(sensor: "6337")
        #expect(plain.request(unit: "6337", after: nil, cursor: nil, now: now)?.url == "https://api.waqi.info/feed/@6337/?token=\(Self.token)")
        #expect(plain.units == ["6337"])
    }

    // MARK: errors

    @Test func invalidKeySample_isAuthorization() throws {
        let feed = try makeFeed()
        let error = feedError { try feed.decode(try! fixture("WAQI/waqi-error-invalid-key.json"), contentType: "application/json", request: request(feed)) }
        #expect(error?.kind == .authorization)
        #expect(error?.message.contains("Invalid key") == true)
    }

    @Test func unknownStationSample_isUpstream_withWAQIsMessage() throws {
        let feed = try makeFeed()
        let error = feedError { try feed.decode(try! fixture("WAQI/waqi-error-unknown-station.json"), contentType: "application/json", request: request(feed)) }
        #expect(error?.kind == .upstream)
        #expect(error?.message.contains("Unknown station") == true)
    }

    @Test func nonJSON_isRejected() throws {
        let feed = try makeFeed()
        let html = feedError { try feed.decode(bytes("<html><body>Over quota</body></html>"), contentType: nil, request: request(feed)) }
        #expect(html?.kind == .payload)
        let typed = feedError { try feed.decode(try! fixture("WAQI/waqi-feed.json"), contentType: "text/html", request: request(feed)) }
        #expect(typed?.kind == .payload)
        #expect(typed?.message.contains("content type") == true)
        let garbage = feedError { try feed.decode(bytes("status=ok"), contentType: "application/json", request: request(feed)) }
        #expect(garbage?.kind == .payload)
        let noStatus = feedError { try feed.decode(bytes(#"{"data":{}}"#), contentType: "application/json", request: request(feed)) }
        #expect(noStatus?.kind == .payload)
    }

    @Test func configuration_needsKeyAndStationIndices() {
        let noKey = feedError { try WAQIFeed(settings: FeedSettings(id: "w", url: "", sensors: [.init(sensor: "@1", station: "s")])) }
        #expect(noKey?.key == "feeds.w.api_key_env")
        let badIndex = feedError { try WAQIFeed(settings: FeedSettings(id: "w", url: "", sensors: [.init(sensor: "beijing", station: "s")], apiKey: "t")) }
        #expect(badIndex?.kind == .configuration)
        #expect(badIndex?.key == "feeds.w.sensors")
    }
}
