import Foundation

/// One record of a Sensor.Community data file, with only the fields the feed reads.
///
/// Decoded leniently: a field that is absent, null or of an unexpected type becomes nil, so one odd
/// record never fails the whole file. A typed `Decodable` rather than a generic JSON tree because the
/// file holds every sensor of the network (many megabytes) and is fetched every cycle.
struct SensorCommunityRecord: Decodable {
    /// A JSON scalar as sent: Sensor.Community writes numbers as strings (`"16.23"`, `"nan"`).
    enum Scalar: Equatable {
        case text(String)
        case number(Double)
        case null
    }

    var timestamp: String?
    var sensorID: String?
    var sensorType: String?
    var latitude: Double?
    var longitude: Double?
    var indoor: Double?
    /// The `P2` (PM2.5) entry of `sensordatavalues`; nil when the record has none.
    var pm25: Scalar?
    /// False when the array element was not a JSON object at all.
    var isObject = true

    private enum Key: String, CodingKey {
        case timestamp, location, sensor, sensordatavalues
        case latitude, longitude, indoor
        case id, sensorType = "sensor_type", name
        case value, valueType = "value_type"
    }

    init(from decoder: any Decoder) throws {
        guard let record = try? decoder.container(keyedBy: Key.self) else {
            isObject = false
            return
        }
        timestamp = try? record.decodeIfPresent(String.self, forKey: .timestamp)
        if let location = try? record.nestedContainer(keyedBy: Key.self, forKey: .location) {
            // Coordinates off the globe are no coordinates (a longitude of 1e300 trapped deriving a zone).
            latitude = Self.number(location, .latitude).flatMap { abs($0) <= 90 ? $0 : nil }
            longitude = Self.number(location, .longitude).flatMap { abs($0) <= 180 ? $0 : nil }
            indoor = Self.number(location, .indoor)
        }
        if let sensor = try? record.nestedContainer(keyedBy: Key.self, forKey: .sensor) {
            sensorID = Self.identifier(sensor, .id)
            if let type = try? sensor.nestedContainer(keyedBy: Key.self, forKey: .sensorType) {
                sensorType = try? type.decodeIfPresent(String.self, forKey: .name)
            }
        }
        if let values = try? record.decodeIfPresent([DataValue].self, forKey: .sensordatavalues) {
            pm25 = values.first { $0.valueType == "P2" }.map { $0.value ?? .null }
        }
    }

    /// One `sensordatavalues` entry; never fails.
    private struct DataValue: Decodable {
        var value: Scalar?
        var valueType: String?

        init(from decoder: any Decoder) throws {
            guard let entry = try? decoder.container(keyedBy: Key.self) else { return }
            valueType = try? entry.decodeIfPresent(String.self, forKey: .valueType)
            guard entry.contains(.value) else { return }
            if (try? entry.decodeNil(forKey: .value)) == true {
                value = .null
            } else if let text = try? entry.decode(String.self, forKey: .value) {
                value = .text(text)
            } else if let number = try? entry.decode(Double.self, forKey: .value) {
                value = .number(number)
            }
        }
    }

    /// A number sent as a string (`"52.544"`) or as a number; nil for `"nan"`, null or anything else.
    private static func number(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Double? {
        if let text = try? container.decodeIfPresent(String.self, forKey: key) {
            return Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        }
        return (try? container.decodeIfPresent(Double.self, forKey: key)).flatMap { $0.isFinite ? $0 : nil }
    }

    /// An id sent as a number (`2129`) or a string, as text.
    private static func identifier(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> String? {
        if let number = try? container.decodeIfPresent(Int64.self, forKey: key) {
            return String(number)
        }
        let text = (try? container.decodeIfPresent(String.self, forKey: key))?.trimmingCharacters(in: .whitespaces)
        return text?.isEmpty == false ? text : nil
    }
}
