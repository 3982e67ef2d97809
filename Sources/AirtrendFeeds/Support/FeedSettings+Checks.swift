import Foundation
import AirtrendDomain

/// The configuration checks several kinds share; each error names the config key at fault.
extension FeedSettings {
    /// `feeds.<id>.<key>`, the path a ``FeedError/key`` names.
    func configKey(_ key: String) -> String { "feeds.\(id).\(key)" }

    /// The API key, or a configuration error naming where it should come from.
    func requireAPIKey(kind: String) throws(FeedError) -> String {
        guard let apiKey, !apiKey.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FeedError(.configuration, "expected api_key_env or api_key_file: the \(kind) feed needs an API key",
                            key: configKey("api_key_env"))
        }
        return apiKey
    }

    /// Sensor → station, with every sensor id checked by `isValid` and listed once.
    ///
    /// - Parameters:
    ///   - required: true when the kind cannot run without sensors (one cursor per sensor).
    ///   - expected: what a sensor id looks like, for the error (`"an OpenAQ sensor id such as 3917"`).
    func sensorStations(required: Bool, expected: String, isValid: (String) -> Bool) throws(FeedError) -> [String: String] {
        if required && sensors.isEmpty {
            throw FeedError(.configuration, "expected at least one sensor (\(expected)) mapped to a station", key: configKey("sensors"))
        }
        var map: [String: String] = [:]
        // The key stays `feeds.<id>.sensors` (the form callers map to a config line); the entry is in the message.
        let key = configKey("sensors")
        for (index, entry) in sensors.enumerated() {
            guard isValid(entry.sensor) else {
                throw FeedError(.configuration, "sensors[\(index)]: expected \(expected), found '\(entry.sensor)'", key: key)
            }
            guard !entry.station.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw FeedError(.configuration, "sensors[\(index)]: expected a station id for sensor '\(entry.sensor)'", key: key)
            }
            guard map[entry.sensor] == nil else {
                throw FeedError(.configuration, "sensors[\(index)]: sensor '\(entry.sensor)' is listed twice; expected each sensor once", key: key)
            }
            map[entry.sensor] = entry.station
        }
        return map
    }

    /// Window hours capped at `limit`, or a configuration error for a window under one hour.
    func windowHours(cappedAt limit: Int) throws(FeedError) -> Int {
        guard windowHours >= 1 else {
            throw FeedError(.configuration, "expected a window of at least 1 hour, found \(windowHours)", key: configKey("window"))
        }
        guard overlapHours >= 0 else {
            throw FeedError(.configuration, "expected an overlap of 0 hours or more, found \(overlapHours)", key: configKey("overlap"))
        }
        return min(windowHours, limit)
    }

    /// The configured base URL, or the kind's default when the config leaves it empty.
    func baseURL(default fallback: String) -> String {
        url.isEmpty ? fallback : url
    }
}

/// True for a non-empty string of ASCII digits (sensor indices, OpenAQ sensor ids).
func isDecimalDigits(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.count <= 18 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
}
