import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

@Suite struct AirNowHourlyFeedTests {
    func makeFeed(sensors: [FeedSettings.Sensor] = [], start: UTCHour? = nil, options: [String: String] = [:]) throws -> AirNowHourlyFeed {
        try AirNowHourlyFeed(settings: FeedSettings(id: "airnow", url: "", sensors: sensors, start: start, options: options))
    }

    var request: FeedRequest {
        FeedRequest(url: "https://files.airnowtech.org/airnow/2016/20161226/HourlyData_2016122600.dat",
                    windowStart: hour(2016, 12, 26, 0), windowEnd: hour(2016, 12, 26, 1), conditional: true, notFoundIsEmpty: true)
    }

    /// Hand-built lines in the sample's layout (the sample itself has only an OZONE line), Latin-1 bytes.
    static let file: [UInt8] = {
        var data: [UInt8] = []
        func line(_ text: String) { data += Array(text.utf8) + [0x0A] }
        // 1: PM2.5 at the sample's site; the name carries the single byte 0x82, as a real file does.
        data += Array("12/26/16|00:00|000051501|Z".utf8) + [0x82] + Array("phirin|-5|PM2.5|UG/M3|7.4|Meteorological Service of Canada".utf8) + [0x0A]
        line("12/26/16|00:00|000051501|Zephirin|-5|OZONE|PPB|39|Meteorological Service of Canada") // 2: not PM2.5
        line("12/26/16|00:00|060370002|Broken|-8|PM2.5|UG/M3|12")                                  // 3: 8 fields
        line("12/26/16|00:00|060371103|Los Angeles - N. Main Street|-8|PM2.5|UG/M3|-999|California Air Resources Board") // 4: sentinel
        line("12/26/16|00:00|IN0030001|New Delhi - US Embassy|5.5|PM2.5|UG/M3|145.2|US State Department") // 5: half-hour zone
        line("12/26/16|00:00|000010102|Somewhere|-3.5|PM2.5|PPB|3|Someone")                        // 6: wrong unit
        line("")                                                                                   // 7: blank
        line("12/26/16|00:00|000010103|Empty Value|-4|PM2.5|UG/M3||Someone")                       // 8: empty value
        return data
    }()

    // MARK: golden sample

    @Test func realLine_isOzone_soNothingIsRead() throws {
        let page = try makeFeed().decode(try fixture("AirNow/airnow-hourlydata.dat"), contentType: "application/octet-stream", request: request)
        #expect(page.events.isEmpty)
        #expect(page.nextPage == nil)
    }

    @Test func pm25Rows_readings_missing_stations_andABadRowBetweenGoodOnes() throws {
        let events = try makeFeed().decode(Self.file, contentType: nil, request: request).events
        let readings = events.readings
        #expect(readings.map(\.station) == ["000051501", "IN0030001", "000010102"])
        #expect(readings.map(\.value) == [7.4, 145.2, 3])
        #expect(readings.map(\.line) == [1, 5, 6])
        #expect(readings.allSatisfy { $0.hour.description == "2016-12-26T00:00Z" })
        #expect(readings.map(\.badUnit) == [nil, nil, "PPB"])
        #expect(events.missing.map(\.station) == ["060371103", "000010103"])
        #expect(events.missing.map(\.line) == [4, 8])
        let rejected = try #require(events.rejections.first)
        #expect(events.rejections.count == 1)
        #expect(rejected.line == 3)
        #expect(rejected.message.contains("expected 9"))
        #expect(rejected.message.contains("found 8"))
        #expect(rejected.raw == "12/26/16|00:00|060370002|Broken|-8|PM2.5|UG/M3|12")

        let stations = events.stations
        #expect(stations.map(\.id) == ["000051501", "060371103", "IN0030001", "000010102", "000010103"])
        #expect(stations[0].name == "Z\u{0082}phirin")
        #expect(stations[0].timeZone?.standardOffsetMinutes == -300)
        #expect(stations[2].timeZone?.standardOffsetMinutes == 330)
        #expect(stations[3].timeZone?.standardOffsetMinutes == -210)
        // The station comes before the first event that names it.
        let firstStation = try #require(events.firstIndex { if case .station(let s) = $0 { s.id == "000051501" } else { false } })
        let firstReading = try #require(events.firstIndex { if case .reading = $0 { true } else { false } })
        #expect(firstStation < firstReading)
    }

    @Test func sensors_selectAndMapSites() throws {
        let feed = try makeFeed(sensors: [.init(sensor: "IN0030001", station: "delhi-us-embassy")])
        let events = try feed.decode(Self.file, contentType: nil, request: request).events
        #expect(events.readings.map(\.station) == ["delhi-us-embassy"])
        #expect(events.stations.map(\.id) == ["delhi-us-embassy"])
        #expect(events.missing.isEmpty)
        // The malformed row cannot be told apart by site, so it is still reported.
        #expect(events.rejections.map(\.line) == [3])
    }

    @Test func stationPrefix() throws {
        let events = try makeFeed(options: ["station_prefix": "airnow-"]).decode(Self.file, contentType: nil, request: request).events
        #expect(events.readings.first?.station == "airnow-000051501")
    }

    @Test func badDateAndOffset_areRejected() throws {
        let body = bytes("13/26/16|00:00|000051501|X|-5|PM2.5|UG/M3|7|Y\n12/26/16|00:30|000051501|X|-5|PM2.5|UG/M3|7|Y\n12/26/16|01:00|000051501|X|west|PM2.5|UG/M3|7|Y\n12/26/16|01:00|000051501|X|-5|PM2.5|UG/M3|n/a|Y\r\n12/26/16|02:00|000051501|X|-5|PM2.5|UG/M3|8|Y\r\n")
        let events = try makeFeed().decode(body, contentType: nil, request: request).events
        #expect(events.rejections.map(\.line) == [1, 2, 3, 4])
        #expect(events.readings.map(\.hour.description) == ["2016-12-26T02:00Z"])
    }

    @Test func html_isAPayloadError() throws {
        let error = feedError { try makeFeed().decode(bytes("\n<html><head><title>403 Forbidden</title></head></html>"), contentType: "text/html", request: request) }
        #expect(error?.kind == .payload)
        #expect(error?.message.contains("HourlyData") == true)
    }

    // MARK: requests

    @Test func firstRun_oneFilePerHour_upToTheHourBeforeNow() throws {
        let feed = try makeFeed(start: hour(2024, 2, 28, 22))
        let requests = cycle(feed, unit: "", cursor: nil, now: hour(2024, 2, 29, 1))
        #expect(requests.map(\.url) == [
            "https://files.airnowtech.org/airnow/2024/20240228/HourlyData_2024022822.dat",
            "https://files.airnowtech.org/airnow/2024/20240228/HourlyData_2024022823.dat",
            "https://files.airnowtech.org/airnow/2024/20240229/HourlyData_2024022900.dat",
        ])
        #expect(requests.map { $0.windowStart?.description } == ["2024-02-28T22:00Z", "2024-02-28T23:00Z", "2024-02-29T00:00Z"])
        #expect(requests.map { $0.windowEnd?.description } == ["2024-02-28T23:00Z", "2024-02-29T00:00Z", "2024-02-29T01:00Z"])
        #expect(requests.allSatisfy { $0.conditional && $0.notFoundIsEmpty && $0.unit == "" && $0.headers.isEmpty })
    }

    @Test func everyCycle_refetchesTheLast24Files() throws {
        let feed = try makeFeed()
        let requests = cycle(feed, unit: "", cursor: hour(2024, 3, 10, 12), now: hour(2024, 3, 10, 13))
        // 24 files before the cursor again (09T12 … 10T11), then the one new hour (10T12).
        #expect(requests.count == 25)
        #expect(requests.first?.url == "https://files.airnowtech.org/airnow/2024/20240309/HourlyData_2024030912.dat")
        #expect(requests.last?.url == "https://files.airnowtech.org/airnow/2024/20240310/HourlyData_2024031012.dat")
    }

    @Test func refetch_neverReachesBeforeStart() throws {
        let feed = try makeFeed(start: hour(2024, 3, 10, 0))
        let requests = cycle(feed, unit: "", cursor: hour(2024, 3, 10, 6), now: hour(2024, 3, 10, 7))
        #expect(requests.first?.windowStart?.description == "2024-03-10T00:00Z")
        #expect(requests.count == 7)
        // Nothing complete yet: no request.
        #expect(feed.request(unit: "", after: nil, cursor: nil, now: hour(2024, 3, 10, 0)) == nil)
    }

    @Test func configuration_rejectsMalformedAQSIDs() {
        let error = feedError { try AirNowHourlyFeed(settings: FeedSettings(id: "airnow", url: "", sensors: [.init(sensor: "51501", station: "x")])) }
        #expect(error?.kind == .configuration)
        #expect(error?.key == "feeds.airnow.sensors")
    }
}
