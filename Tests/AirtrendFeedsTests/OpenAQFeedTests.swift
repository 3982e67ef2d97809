import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct OpenAQFeedTests {
    static let key = "oaq-Secret-Key-42"

    func makeFeed(start: UTCHour? = nil, window: Int = FeedSettings.defaultWindowHours, overlap: Int = 3) throws -> OpenAQFeed {
        try OpenAQFeed(settings: FeedSettings(
            id: "oaq", url: "https://api.openaq.org/v3", sensors: [.init(sensor: "3917", station: "denver-1")],
            apiKey: Self.key, start: start, windowHours: window, overlapHours: overlap))
    }

    func request(_ feed: OpenAQFeed, page: Int = 1) -> FeedRequest {
        feed.request(unit: "3917", after: nil, cursor: nil, now: hour(2023, 10, 17, 0))!
    }

    // MARK: golden samples

    @Test func hoursSample_yieldsTwoHoursStampedByPeriodStart() throws {
        let feed = try makeFeed(start: hour(2023, 10, 16, 0))
        let page = try feed.decode(try fixture("OpenAQ/openaq-v3-hours.json"), contentType: "application/json", request: request(feed))
        // period 12:00–13:00Z value 6; period 13:00–14:00Z value 7.5 (µg/m³, written with U+00B5 U+00B3).
        let readings = page.events.readings
        #expect(readings.map(\.hour.description) == ["2023-10-16T12:00Z", "2023-10-16T13:00Z"])
        #expect(readings.map(\.value) == [6, 7.5])
        #expect(readings.map(\.line) == [1, 2])
        #expect(readings.allSatisfy { $0.station == "denver-1" && $0.badUnit == nil && $0.raw == nil })
        #expect(page.events.count == 2)
        #expect(page.nextPage == nil)
    }

    @Test func measurementsSample_halfHourRowsAreRejected_notStoredUnderAnHour() throws {
        let feed = try makeFeed()
        let page = try feed.decode(try fixture("OpenAQ/openaq-v3-measurements.json"), contentType: nil, request: request(feed))
        #expect(page.events.readings.isEmpty)
        #expect(page.events.rejections.map(\.line) == [1, 2, 3, 4, 5])
        #expect(page.events.rejections.allSatisfy { $0.message.contains("one-hour period") })
        // limit 5 in that response, but ours is 1000: five rows is a short page.
        #expect(page.nextPage == nil)
    }

    // MARK: requests

    @Test func firstRun_catchesUpWindowByWindow_untilNow() throws {
        let feed = try makeFeed(start: hour(2024, 1, 1, 0), window: 48)
        let requests = cycle(feed, unit: "3917", cursor: nil, now: hour(2024, 1, 5, 12))
        #expect(requests.map(\.url) == [
            "https://api.openaq.org/v3/sensors/3917/hours?datetime_from=2024-01-01T00:00:00Z&datetime_to=2024-01-03T00:00:00Z&limit=1000&page=1",
            "https://api.openaq.org/v3/sensors/3917/hours?datetime_from=2024-01-03T00:00:00Z&datetime_to=2024-01-05T00:00:00Z&limit=1000&page=1",
            "https://api.openaq.org/v3/sensors/3917/hours?datetime_from=2024-01-05T00:00:00Z&datetime_to=2024-01-05T12:00:00Z&limit=1000&page=1",
        ])
        #expect(requests.map { $0.windowStart?.description } == ["2024-01-01T00:00Z", "2024-01-03T00:00Z", "2024-01-05T00:00Z"])
        #expect(requests.map { $0.windowEnd?.description } == ["2024-01-03T00:00Z", "2024-01-05T00:00Z", "2024-01-05T12:00Z"])
        #expect(requests.allSatisfy { $0.headers == ["X-API-Key": Self.key] && $0.unit == "3917" && $0.page == 1 })
    }

    @Test func withoutStart_beginsAWeekAgo() throws {
        let requests = cycle(try makeFeed(), unit: "3917", cursor: nil, now: hour(2024, 1, 8, 0))
        #expect(requests.first?.windowStart == hour(2024, 1, 1, 0))
        #expect(requests.count == 1)
    }

    @Test func cycleStart_overlapsTheCursor_thenStopsWhenCaughtUp() throws {
        let feed = try makeFeed(overlap: 3)
        let requests = cycle(feed, unit: "3917", cursor: hour(2024, 3, 10, 6), now: hour(2024, 3, 10, 9))
        #expect(requests.map(\.url) == [
            "https://api.openaq.org/v3/sensors/3917/hours?datetime_from=2024-03-10T03:00:00Z&datetime_to=2024-03-10T09:00:00Z&limit=1000&page=1",
        ])
        // Caught up: nothing to ask.
        let idle = try self.makeFeed(overlap: 0)
        #expect(idle.request(unit: "3917", after: nil, cursor: hour(2024, 3, 10, 9), now: hour(2024, 3, 10, 9)) == nil)
    }

    @Test func fullPage_asksForPage2_ofTheSameWindow_shortPageEndsIt() throws {
        let feed = try makeFeed(start: hour(2024, 1, 1, 0))
        let first = try #require(feed.request(unit: "3917", after: nil, cursor: nil, now: hour(2024, 3, 1, 0)))
        let full = try feed.decode(bytes(Self.page(rows: 1000, from: hour(2024, 1, 1, 0))), contentType: "application/json", request: first)
        #expect(full.events.readings.count == 1000)
        let second = try #require(full.nextPage)
        #expect(second.page == 2)
        #expect(second.url == "https://api.openaq.org/v3/sensors/3917/hours?datetime_from=2024-01-01T00:00:00Z&datetime_to=2024-01-08T00:00:00Z&limit=1000&page=2")
        #expect(second.windowStart == first.windowStart && second.windowEnd == first.windowEnd && second.headers == first.headers)
        let short = try feed.decode(bytes(Self.page(rows: 999, from: hour(2024, 1, 1, 0))), contentType: "application/json", request: second)
        #expect(short.nextPage == nil)
        #expect(short.events.readings.last?.hour.description == "2024-02-11T14:00Z") // 998 hours after 01-01T00Z
    }

    /// A hand-built `/hours` page of consecutive hours with `found` as a string, as OpenAQ sends it.
    static func page(rows: Int, from start: UTCHour, units: String = "µg/m³") -> String {
        let items = (0..<rows).map { i -> String in
            let from = start + i
            return #"{"period":{"label":"1hour","interval":"01:00:00","datetimeFrom":{"utc":"\#(iso(from))"},"datetimeTo":{"utc":"\#(iso(from + 1))"}},"value":\#(i % 40),"parameter":{"id":2,"name":"pm25","units":"\#(units)"}}"#
        }
        return #"{"meta":{"found":">1000","limit":1000,"page":1},"results":[\#(items.joined(separator: ","))]}"#
    }

    static func iso(_ h: UTCHour) -> String {
        let text = h.description // 2024-01-01T00:00Z
        return String(text.dropLast()) + ":00Z"
    }

    // MARK: values and units

    @Test func unitsNullsAndTimeForms() throws {
        let feed = try makeFeed()
        // Hand-built rows: µg/m³ JSON-escaped, ug/m3, µg/m3, ppm, a null value, a row with only datetimeTo in +00:00 form.
        let body = #"""
        {"meta":{"found":6},"results":[
         {"period":{"datetimeFrom":{"utc":"2024-01-01T00:00:00Z"},"datetimeTo":{"utc":"2024-01-01T01:00:00Z"}},"value":5,"parameter":{"name":"pm25","units":"\u00b5g/m\u00b3"}},
         {"period":{"datetimeFrom":{"utc":"2024-01-01T01:00:00Z"},"datetimeTo":{"utc":"2024-01-01T02:00:00Z"}},"value":6,"parameter":{"name":"pm25","units":"ug/m3"}},
         {"period":{"datetimeFrom":{"utc":"2024-01-01T02:00:00Z"},"datetimeTo":{"utc":"2024-01-01T03:00:00Z"}},"value":7,"parameter":{"name":"pm25","units":"µg/m3"}},
         {"period":{"datetimeFrom":{"utc":"2024-01-01T03:00:00Z"},"datetimeTo":{"utc":"2024-01-01T04:00:00Z"}},"value":0.02,"parameter":{"name":"pm25","units":"ppm"}},
         {"period":{"datetimeFrom":{"utc":"2024-01-01T04:00:00Z"},"datetimeTo":{"utc":"2024-01-01T05:00:00Z"}},"value":null,"parameter":{"name":"pm25","units":"µg/m³"}},
         {"period":{"datetimeFrom":null,"datetimeTo":{"utc":"2024-01-01T06:00:00+00:00"}},"value":9,"parameter":{"name":"pm25","units":"µg/m³"},"extra":{"new":true}}
        ]}
        """#
        let events = try feed.decode(bytes(body), contentType: "application/json", request: request(feed)).events
        let readings = events.readings
        #expect(readings.map(\.hour.description) == ["2024-01-01T00:00Z", "2024-01-01T01:00Z", "2024-01-01T02:00Z", "2024-01-01T03:00Z", "2024-01-01T05:00Z"])
        #expect(readings.map(\.value) == [5, 6, 7, 0.02, 9])
        #expect(readings.map(\.badUnit) == [nil, nil, nil, "ppm", nil])
        #expect(events.missing.map(\.line) == [5])
        #expect(events.missing.first?.station == "denver-1")
    }

    @Test func otherParameter_isRejected() throws {
        let feed = try makeFeed()
        let body = #"{"results":[{"period":{"datetimeFrom":{"utc":"2024-01-01T00:00:00Z"},"datetimeTo":{"utc":"2024-01-01T01:00:00Z"}},"value":20,"parameter":{"name":"pm10","units":"µg/m³"}}]}"#
        let events = try feed.decode(bytes(body), contentType: nil, request: request(feed)).events
        #expect(events.readings.isEmpty)
        #expect(events.rejections.first?.message.contains("expected parameter pm25") == true)
    }

    // MARK: errors

    @Test func htmlWith200_isAPayloadError() throws {
        let feed = try makeFeed()
        let error = feedError { try feed.decode(bytes("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"), contentType: "text/html", request: request(feed)) }
        #expect(error?.kind == .payload)
        #expect(error?.message.contains("expected an OpenAQ v3 JSON object") == true)
        #expect(error?.message.contains("HTML") == true)
    }

    @Test func invalidJSON_andMissingResults_arePayloadErrors() throws {
        let feed = try makeFeed()
        let broken = feedError { try feed.decode(bytes(#"{"results":[{"value":1"#), contentType: "application/json", request: request(feed)) }
        #expect(broken?.kind == .payload)
        #expect(broken?.message.contains("not valid JSON") == true)
        let noResults = feedError { try feed.decode(bytes(#"{"meta":{"found":0}}"#), contentType: "application/json", request: request(feed)) }
        #expect(noResults?.kind == .payload)
        #expect(noResults?.message.contains("results") == true)
    }

    @Test func credentialBodies_areAuthorization_otherBodiesUpstream() throws {
        let feed = try makeFeed()
        let invalid = feedError { try feed.decode(bytes(#"{"detail":"Invalid credentials"}"#), contentType: "application/json", request: request(feed)) }
        #expect(invalid?.kind == .authorization)
        let unauthorized = feedError {
            try feed.decode(bytes(#"{"message": "Unauthorized. A valid API key must be provided in the X-API-Key header."}"#), contentType: "application/json", request: request(feed))
        }
        #expect(unauthorized?.kind == .authorization)
        let tooMany = feedError { try feed.decode(bytes(#"{"detail":"Too many requests"}"#), contentType: "application/json", request: request(feed)) }
        #expect(tooMany?.kind == .upstream)
        #expect(tooMany?.message.contains("Too many requests") == true)
        let validation = feedError {
            try feed.decode(bytes(#"{"detail":[{"loc":["query","limit"],"msg":"Input should be less than or equal to 1000","type":"less_than_equal"}]}"#),
                            contentType: "application/json", request: request(feed))
        }
        #expect(validation?.kind == .upstream)
        #expect(validation?.message.contains("less than or equal to 1000") == true)
    }

    @Test func configuration_needsSensorsAndKey() {
        let noSensors = feedError { try OpenAQFeed(settings: FeedSettings(id: "oaq", url: "", apiKey: "k")) }
        #expect(noSensors?.kind == .configuration)
        #expect(noSensors?.key == "feeds.oaq.sensors")
        let noKey = feedError { try OpenAQFeed(settings: FeedSettings(id: "oaq", url: "", sensors: [.init(sensor: "1", station: "s")])) }
        #expect(noKey?.kind == .configuration)
        #expect(noKey?.key == "feeds.oaq.api_key_env")
        let badSensor = feedError { try OpenAQFeed(settings: FeedSettings(id: "oaq", url: "", sensors: [.init(sensor: "abc", station: "s")], apiKey: "k")) }
        #expect(badSensor?.key == "feeds.oaq.sensors")
        #expect(badSensor?.message.hasPrefix("sensors[0]: expected an OpenAQ sensor id") == true)
        let twice = feedError {
            try OpenAQFeed(settings: FeedSettings(id: "oaq", url: "", sensors: [.init(sensor: "1", station: "a"), .init(sensor: "1", station: "b")], apiKey: "k"))
        }
        #expect(twice?.message.hasPrefix("sensors[1]:") == true)
    }
}

/// Where a window moves its unit's cursor (``FeedRequest/cursor(afterNewest:lookbackHours:)``).
@Suite struct FeedCursorTests {
    let history = FeedRequest(url: "u", windowStart: UTCHour(1000), windowEnd: UTCHour(1168), isHistoryWindow: true)

    @Test func historyWindow_stopsAfterTheNewestHourReceived_boundedByTheLookback() {
        #expect(history.cursor(afterNewest: UTCHour(1160), lookbackHours: 24) == UTCHour(1161))
        #expect(history.cursor(afterNewest: UTCHour(1167), lookbackHours: 24) == UTCHour(1168))
        // Older than the look-back, or nothing at all: the cursor trails the window's end by the look-back.
        #expect(history.cursor(afterNewest: UTCHour(1100), lookbackHours: 24) == UTCHour(1144))
        #expect(history.cursor(afterNewest: nil, lookbackHours: 24) == UTCHour(1144))
        #expect(history.cursor(afterNewest: nil, lookbackHours: 500) == UTCHour(668))
    }

    @Test func otherWindows_moveToTheirEnd() {
        var file = history
        file.isHistoryWindow = false
        #expect(file.cursor(afterNewest: nil, lookbackHours: 24) == UTCHour(1168))
        #expect(FeedRequest(url: "u").cursor(afterNewest: UTCHour(5), lookbackHours: 24) == nil)
    }

    @Test func openAQAndPurpleAir_askForHistoryWindows() throws {
        let settings = FeedSettings(id: "f", url: "https://example.org", sensors: [.init(sensor: "1", station: "s")], apiKey: "k")
        let openAQ = try OpenAQFeed(settings: settings).request(unit: "1", after: nil, cursor: UTCHour(1000), now: UTCHour(1100))
        let purpleAir = try PurpleAirFeed(settings: settings).request(unit: "1", after: nil, cursor: UTCHour(1000), now: UTCHour(1100))
        #expect(openAQ?.isHistoryWindow == true && purpleAir?.isHistoryWindow == true)
        #expect(try WAQIFeed(settings: settings).request(unit: "1", after: nil, cursor: nil, now: UTCHour(1100))?.isHistoryWindow == false)
    }
}
