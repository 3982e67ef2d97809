import AirtrendDomain
import Foundation

/// Sensor.Community (luftdaten.info) low-cost sensors, from the one-hour averages file `data.1h.json`.
///
/// One unit (`""`) and one conditional request per cycle to `url` as configured (default
/// `https://data.sensor.community/static/v2/data.1h.json`); the file only ever holds the latest
/// average, so the cursor moves to now.
///
/// Time: `timestamp` (`2019-04-25 01:51:12`) is **UTC** without a zone marker. What it marks in the
/// averaged file is unconfirmed; it is taken as the end of a one-hour average, and the value is stored
/// under the UTC hour containing the middle of that window (`timestamp` − 30 min). As the file slides
/// forward between fetches, an hour keeps the last average whose middle fell in it: a sliding mean, not
/// a clock-hour mean.
///
/// Values: `P2` in `sensordatavalues` is PM2.5 in µg/m³ (`P1` is PM10, `P0` PM1). Every number is a
/// JSON string and may be `"nan"` (a missing hour). Records of sensors without `P2` (temperature and
/// humidity sensors at the same site are separate records) are skipped, and so are records with
/// `location.indoor` = 1. Readings are uncalibrated low-cost sensor values.
///
/// Selection: `sensors` (by `sensor.id`) or the `bbox` option `minLon,minLat,maxLon,maxLat`
/// (inclusive); neither means every outdoor PM sensor in the file; both is a configuration error.
///
/// Stations: a mapped sensor goes to its station; any other to `sc-<sensor.id>` (`station_prefix`
/// replaces `sc-`), with a `.station` carrying its coordinates and the feed's `timezone`, else the
/// nominal zone `UTC±round(longitude / 15)` (a fixed offset without daylight saving, so local days
/// follow standard solar time, not the civil calendar of the country).
public struct SensorCommunityFeed: FeedKind {
    public static let name = "sensor-community"
    public static let timeConvention =
        "timestamp is UTC and taken as the end of a one-hour average; the value is stored under the hour containing timestamp − 30 min."
    public typealias Options = SensorCommunityFeedOptions
    public static let qualityDefaults = QualityDefaults.lowCostSensor
    public static let defaultURL = "https://data.sensor.community/static/v2/data.1h.json"

    /// The `bbox` option: minimum and maximum longitude and latitude, inclusive.
    public struct BoundingBox: Sendable, Equatable {
        var minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double
        func contains(latitude: Double, longitude: Double) -> Bool {
            (minLongitude...maxLongitude).contains(longitude) && (minLatitude...maxLatitude).contains(latitude)
        }
    }

    private let url: String
    private let stations: [String: String]
    private let bbox: BoundingBox?
    private let prefix: String
    private let timeZone: StationTimeZone?
    public let units: [String] = [""]

    public init(settings: FeedSettings) throws(FeedError) {
        stations = try settings.sensorStations(required: false, expected: "a Sensor.Community sensor id such as 2129", isValid: isDecimalDigits)
        let options = try Options(settings.options, feed: settings.id)
        bbox = options.bbox
        if bbox != nil && !stations.isEmpty {
            throw FeedError(.configuration, "expected either sensors or bbox, not both", key: settings.configKey("bbox"))
        }
        prefix = options.stationPrefix
        url = settings.baseURL(default: Self.defaultURL)
        timeZone = settings.timeZone
    }

    static func parseBoundingBox(_ text: String, key: String) throws(FeedError) -> BoundingBox {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        let expected = "expected bbox as minLon,minLat,maxLon,maxLat in degrees (such as 13.0,52.3,13.8,52.7)"
        guard parts.count == 4, let minLon = parts[0], let minLat = parts[1], let maxLon = parts[2], let maxLat = parts[3] else {
            throw FeedError(.configuration, "\(expected), found '\(text)'", key: key)
        }
        guard (-180...180).contains(minLon), (-180...180).contains(maxLon), (-90...90).contains(minLat), (-90...90).contains(maxLat) else {
            throw FeedError(.configuration, "\(expected): longitudes within ±180 and latitudes within ±90, found '\(text)'", key: key)
        }
        guard minLon <= maxLon, minLat <= maxLat else {
            throw FeedError(.configuration, "\(expected): minimum before maximum, found '\(text)'", key: key)
        }
        return BoundingBox(minLongitude: minLon, minLatitude: minLat, maxLongitude: maxLon, maxLatitude: maxLat)
    }

    public func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest? {
        guard previous == nil else { return nil }
        return FeedRequest(url: url, unit: unit, windowEnd: now, conditional: true)
    }

    public func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        let records = try FeedJSON.decode([SensorCommunityRecord].self, from: body, contentType: contentType,
                                          expected: "a JSON array of Sensor.Community records (data.1h.json)")
        var events: [ReadingEvent] = []
        var announced: Set<String> = []
        for (index, record) in records.enumerated() {
            decode(record, line: index + 1, announced: &announced, into: &events)
        }
        return FeedPage(events: events)
    }

    private func decode(_ record: SensorCommunityRecord, line: Int, announced: inout Set<String>, into events: inout [ReadingEvent]) {
        guard record.isObject else {
            events.append(.rejected(line: line, message: "expected a JSON object (a Sensor.Community record)", raw: summary(record)))
            return
        }
        guard let pm25 = record.pm25, record.indoor != 1 else { return }
        guard let sensor = record.sensorID else {
            events.append(.rejected(line: line, message: "expected sensor.id in a record with a P2 value", raw: summary(record)))
            return
        }
        let station: String
        if !stations.isEmpty {
            guard let mapped = stations[sensor] else { return }
            station = mapped
        } else {
            if let bbox {
                guard let latitude = record.latitude, let longitude = record.longitude,
                      bbox.contains(latitude: latitude, longitude: longitude) else { return }
            }
            station = prefix + sensor
        }
        guard let stamp = record.timestamp.flatMap(UTCTime.parse), stamp.offsetMinutes == nil else {
            events.append(.rejected(line: line, message: "expected timestamp as YYYY-MM-DD HH:MM:SS (UTC, no zone)", raw: summary(record)))
            return
        }
        if !announced.contains(station) {
            announced.insert(station)
            events.append(.station(StationInfo(
                id: station,
                name: "Sensor.Community sensor \(sensor)" + (record.sensorType.map { " (\($0))" } ?? ""),
                latitude: record.latitude, longitude: record.longitude,
                timeZone: timeZone ?? record.longitude.map(Self.nominalZone(longitude:))
            )))
        }
        let value: Double
        switch pm25 {
        case .null:
            events.append(.missing(station: station, line: line))
            return
        case .number(let number):
            value = number
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.lowercased() == "nan" {
                events.append(.missing(station: station, line: line))
                return
            }
            guard let number = Double(trimmed), number.isFinite else {
                events.append(.rejected(line: line, message: "expected the P2 value as a number in a string, or \"nan\"", raw: summary(record)))
                return
            }
            value = number
        }
        let hour = UTCTime.hour(containing: stamp.wallSeconds - 1800)
        events.append(.reading(RawReading(station: station, hour: hour, value: value, line: line)))
    }

    /// `UTC±round(longitude / 15)`: the zone of mean solar time, to the nearest hour.
    static func nominalZone(longitude: Double) -> StationTimeZone {
        let hours = min(max(Int((longitude / 15).rounded()), -12), 12)
        return StationTimeZone(fixedOffsetMinutes: hours * 60)
    }

    private func summary(_ record: SensorCommunityRecord) -> String {
        let value = switch record.pm25 {
        case .text(let text)?: text
        case .number(let number)?: String(number)
        case .null?: "null"
        case nil: "?"
        }
        return "sensor.id=\(record.sensorID ?? "?") timestamp=\(record.timestamp ?? "?") P2=\(value)"
    }
}
