import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct SensorCommunityFeedTests {
    func makeFeed(sensors: [FeedSettings.Sensor] = [], timeZone: StationTimeZone? = nil, options: [String: String] = [:]) throws -> SensorCommunityFeed {
        try SensorCommunityFeed(settings: FeedSettings(id: "sc", url: "", sensors: sensors, timeZone: timeZone, options: options))
    }

    let request = FeedRequest(url: "https://data.sensor.community/static/v2/data.1h.json", windowEnd: hour(2019, 4, 25, 2), conditional: true)

    // MARK: golden sample

    @Test func sample_twoP2Values_ofSensor2129_inHour01() throws {
        let events = try makeFeed().decode(try fixture("SensorCommunity/sensor-community.json"), contentType: "application/json", request: request).events
        // Records 1 and 4 are the SDS011 (sensor 2129) with P2 16.23 at 01:51:12 and 16.80 at 01:53:40;
        // minus 30 minutes both fall in 01:00–02:00 UTC. Records 2, 3, 5 are DHT22 (no P2).
        let readings = events.readings
        #expect(readings.map(\.station) == ["sc-2129", "sc-2129"])
        #expect(readings.map(\.hour.description) == ["2019-04-25T01:00Z", "2019-04-25T01:00Z"])
        #expect(readings.map(\.value) == [16.23, 16.80])
        #expect(readings.map(\.line) == [1, 4])
        #expect(readings.allSatisfy { $0.badUnit == nil })
        #expect(events.missing.isEmpty && events.rejections.isEmpty)
        let station = try #require(events.stations.first)
        #expect(events.stations.count == 1)
        #expect(station.id == "sc-2129")
        #expect(station.latitude == 52.544)
        #expect(station.longitude == 13.374)
        // round(13.374 / 15) = round(0.89) = 1.
        #expect(station.timeZone?.standardOffsetMinutes == 60)
        #expect(station.name?.contains("SDS011") == true)
    }

    @Test func bbox_andSensors_select() throws {
        let sample = try fixture("SensorCommunity/sensor-community.json")
        let berlin = try makeFeed(options: ["bbox": "13.0,52.3,13.8,52.7"]).decode(sample, contentType: nil, request: request).events
        #expect(berlin.readings.count == 2)
        let stuttgart = try makeFeed(options: ["bbox": "9.0,48.5,9.5,49.0"]).decode(sample, contentType: nil, request: request).events
        #expect(stuttgart.isEmpty)
        let mapped = try makeFeed(sensors: [.init(sensor: "2129", station: "berlin-wedding")]).decode(sample, contentType: nil, request: request).events
        #expect(mapped.readings.map(\.station) == ["berlin-wedding", "berlin-wedding"])
        #expect(mapped.stations.map(\.id) == ["berlin-wedding"])
        let other = try makeFeed(sensors: [.init(sensor: "657", station: "stuttgart")]).decode(sample, contentType: nil, request: request).events
        #expect(other.isEmpty) // 657 is a DHT22: no PM2.5
    }

    @Test func indoorNanMidpointAndZones() throws {
        // Hand-built v2-style records: numbers as strings, one indoor, one "nan", stamps either side of :30.
        let body = #"""
        [
         {"timestamp":"2024-01-01 00:10:00","location":{"latitude":"40.71","longitude":"-73.99","indoor":0},"sensor":{"id":11,"sensor_type":{"name":"SDS011"}},"sensordatavalues":[{"value":"8.5","value_type":"P2"}]},
         {"timestamp":"2024-01-01 00:30:00","location":{"latitude":"40.71","longitude":"-73.99","indoor":0},"sensor":{"id":11},"sensordatavalues":[{"value":"9.5","value_type":"P2"}]},
         {"timestamp":"2024-01-01 00:45:00","location":{"latitude":"40.72","longitude":"-73.98","indoor":1},"sensor":{"id":12},"sensordatavalues":[{"value":"99","value_type":"P2"}]},
         {"timestamp":"2024-01-01 00:45:00","location":{"latitude":"35.0","longitude":"139.0"},"sensor":{"id":13},"sensordatavalues":[{"value":"nan","value_type":"P2"},{"value":"3","value_type":"P1"}]},
         {"timestamp":"yesterday","location":{"latitude":"35.0","longitude":"139.0"},"sensor":{"id":14},"sensordatavalues":[{"value":"3","value_type":"P2"}]}
        ]
        """#
        let events = try makeFeed().decode(bytes(body), contentType: nil, request: request).events
        // 00:10 − 30 min = 23:40 the day before; 00:30 − 30 min = 00:00 exactly.
        #expect(events.readings.map(\.hour.description) == ["2023-12-31T23:00Z", "2024-01-01T00:00Z"])
        #expect(events.readings.map(\.value) == [8.5, 9.5])
        #expect(events.missing.map(\.station) == ["sc-13"])
        #expect(events.missing.map(\.line) == [4])
        #expect(events.rejections.map(\.line) == [5])
        #expect(!events.stations.contains { $0.id == "sc-12" })
        // round(−73.99 / 15) = round(−4.93) = −5; round(139 / 15) = round(9.27) = 9.
        #expect(events.stations.map(\.timeZone?.standardOffsetMinutes) == [-300, 540])

        let zoned = try makeFeed(timeZone: try StationTimeZone("America/New_York")).decode(bytes(body), contentType: nil, request: request).events
        #expect(zoned.stations.first?.timeZone?.name == "America/New_York")
    }

    @Test func request_isTheURLAsGiven_oncePerCycle() throws {
        let feed = try SensorCommunityFeed(settings: FeedSettings(id: "sc", url: "https://data.sensor.community/static/v2/data.1h.json"))
        let now = hour(2024, 1, 1, 5)
        let first = try #require(feed.request(unit: "", after: nil, cursor: hour(2024, 1, 1, 4), now: now))
        #expect(first.url == "https://data.sensor.community/static/v2/data.1h.json")
        #expect(first.conditional)
        #expect(first.windowEnd == now)
        #expect(feed.request(unit: "", after: first, cursor: nil, now: now) == nil)
        #expect(feed.units == [""])
        #expect(try makeFeed().request(unit: "", after: nil, cursor: nil, now: now)?.url == SensorCommunityFeed.defaultURL)
    }

    @Test func notAnArray_orHTML_isAPayloadError() throws {
        let object = feedError { try makeFeed().decode(bytes(#"{"records":[]}"#), contentType: "application/json", request: request) }
        #expect(object?.kind == .payload)
        #expect(object?.message.contains("JSON array") == true)
        let html = feedError { try makeFeed().decode(bytes("<html>maintenance</html>"), contentType: nil, request: request) }
        #expect(html?.kind == .payload)
    }

    @Test(arguments: ["1,2,3", "13,52,12,53", "13,52,14,95", "a,b,c,d"])
    func badBoundingBox_isAConfigurationError(bbox: String) {
        let error = feedError { try makeFeed(options: ["bbox": bbox]) }
        #expect(error?.kind == .configuration)
        #expect(error?.key == "feeds.sc.bbox")
    }

    @Test func sensorsAndBBoxTogether_isAConfigurationError() {
        let error = feedError { try makeFeed(sensors: [.init(sensor: "1", station: "s")], options: ["bbox": "0,0,1,1"]) }
        #expect(error?.kind == .configuration)
    }
}
