import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

/// Bodies that crashed a decode or made a reading from nothing under `Scripts/fuzz FeedDecode`,
/// kept in `Fuzz/regressions/FeedDecode/`. A hostile upstream must not stop the daemon.
@Suite struct FeedFuzzRegressionTests {
    func body(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/FeedDecode/\(name)")
        return try [UInt8](Data(contentsOf: url))
    }

    func decode(_ kind: some FeedKind, unit: String, _ name: String) throws -> [ReadingEvent] {
        let request = try #require(kind.request(unit: unit, after: nil, cursor: nil, now: hour(2024, 6, 1, 0)))
        return try kind.decode(try body(name), contentType: "application/json", request: request).events
    }

    func settings(_ sensor: String?) -> FeedSettings {
        FeedSettings(id: "f", url: "", sensors: sensor.map { [.init(sensor: $0, station: "st")] } ?? [], apiKey: "k")
    }

    @Test func waqi_hugeSubIndex_isRejected_notATrap() throws {
        let events = try decode(try WAQIFeed(settings: settings("@6337")), unit: "@6337", "waqi-huge-index.json") // v: 1e300
        #expect(events.readings.isEmpty)
        #expect(events.rejections.first?.message.contains("0 to 500") == true)
    }

    @Test func waqi_signedTimeZoneDigits_areNoOffset() throws {
        let events = try decode(try WAQIFeed(settings: settings("@6337")), unit: "@6337", "waqi-absurd-tz.json") // tz: --99999999:00
        #expect(events.readings.isEmpty) // was a reading in the year -9384
        #expect(events.rejections.count == 1)
    }

    @Test func purpleair_timeStampsBefore1950OrBeyondAnHour_areRejected() throws {
        let feed = try PurpleAirFeed(settings: settings("131075"))
        for name in ["purpleair-1653.json", "purpleair-huge-time.json"] { // -1e10 was 1653; 1e300 trapped
            let events = try decode(feed, unit: "131075", name)
            #expect(events.readings.isEmpty, "\(name)")
            #expect(events.rejections.first?.message.contains("from 1950 on") == true, "\(name)")
        }
    }

    @Test func purpleair_hugeChannels_averageToAFiniteValue() throws {
        var settings = settings("131075")
        settings.options = OptionValues(["correction": .string("none")])
        let events = try decode(try PurpleAirFeed(settings: settings), unit: "131075", "purpleair-inf-mean.json")
        #expect(events.readings.map(\.value) == [1e308]) // was infinity; the implausible rule quarantines it
    }

    /// Found by `Scripts/fuzz FeedDecode`: one digit of a Sensor.Community timestamp changed (2019 → 1009).
    @Test func timeStampsBefore1950_areRejected() throws {
        let events = try decode(try SensorCommunityFeed(settings: settings(nil)), unit: "", "sc-year-1009.json")
        #expect(events.readings.isEmpty)
        #expect(events.rejections.first?.message.contains("timestamp") == true)
        let waqi = #"{"status":"ok","data":{"iaqi":{"pm25":{"v":57}},"time":{"iso":"1949-12-31T23:00:00+00:00"}}}"#
        let request = try #require(try WAQIFeed(settings: settings("@6337")).request(unit: "@6337", after: nil, cursor: nil, now: hour(2024, 6, 1, 0)))
        #expect(try WAQIFeed(settings: settings("@6337")).decode(Array(waqi.utf8), contentType: nil, request: request).events.readings.isEmpty)
    }

    /// Found by `Scripts/fuzz FeedDecode` (PurpleAir's field list in an error); the OpenAQ unit and
    /// the WAQI city name and time.s are the same echo through other fields.
    @Test func anEchoedKey_reachesNoEventAndNoError() throws {
        let key = "FUZZ-KEY-s3cr3t" // the key the regression bodies echo
        func texts(_ kind: some FeedKind, unit: String, _ name: String) throws -> [String] {
            let request = try #require(kind.request(unit: unit, after: nil, cursor: nil, now: hour(2024, 6, 1, 0)))
            let bytes = try body(name)
            do throws(FeedError) {
                return try kind.decode(bytes, contentType: "application/json", request: request).events.map { String(describing: $0) }
            } catch {
                return [error.description]
            }
        }
        func keyed(_ sensor: String) -> FeedSettings {
            FeedSettings(id: "f", url: "", sensors: [.init(sensor: sensor, station: "st")], apiKey: key)
        }
        let all = try texts(try PurpleAirFeed(settings: keyed("131075")), unit: "131075", "purpleair-key-in-fields.json")
            + texts(try OpenAQFeed(settings: keyed("3917")), unit: "3917", "openaq-key-in-units.json")
            + texts(try WAQIFeed(settings: keyed("@6337")), unit: "@6337", "waqi-key-in-time.json")
        #expect(all.count >= 4)
        for text in all {
            #expect(!text.contains(key), "leaked: \(text)")
        }
        #expect(all.contains { $0.contains("[redacted]") })
    }

    @Test func sensorCommunity_longitudeOffTheGlobe_isNoLongitude() throws {
        let events = try decode(try SensorCommunityFeed(settings: settings(nil)), unit: "", "sc-huge-longitude.json") // "1e300" trapped
        #expect(events.readings.map(\.value) == [3])
        #expect(events.stations.first?.longitude == nil)
        #expect(events.stations.first?.latitude == 35)
    }
}
