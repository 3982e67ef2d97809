import AirtrendDomain
import Foundation

/// The World Air Quality Index project's current reading of configured stations (`/feed/@{idx}/`).
///
/// One unit per configured sensor: a WAQI station index written `6337` or `@6337`. Each cycle asks
/// once per unit; the answer is the station's latest hour, so there is no history and no paging, and the
/// cursor simply moves to the current hour.
///
/// Values: `iaqi.pm25.v` is a **US EPA AQI sub-index, not a concentration**. It is converted back to
/// µg/m³ with ``AQIScale/concentration(forIndex:)`` on the EPA breakpoints in force at the reading's
/// hour (``AQIScale/epa2024`` from 2024-05-06T00:00Z, ``AQIScale/epa2012`` before). That is an
/// approximation: the index was rounded to an integer, so the concentration is known only to within one
/// index step, and whether WAQI itself uses the 2024 breakpoints is unconfirmed. The index as sent is kept
/// in ``RawReading/raw`` (`waqi iaqi.pm25.v=57 (US EPA AQI, epa2024 inverted)`).
///
/// Time: `time.iso` (an ISO time with offset), else `time.s` (local wall time) with `time.tz`, else
/// `time.s` in the feed's `timezone`. Never `time.v`: it is the local wall time written as if it were
/// UTC. What the stamp marks is unconfirmed; it is taken as the **start** of the hour, and a stamp off
/// the hour is floored to it.
///
/// Traps: check `status` first (`"error"` with `Invalid key` is an authorization failure, anything
/// else an upstream error naming WAQI's message); a body or content type that is not JSON is rejected;
/// `pm25` can be absent or `"-"` (a missing hour). The token travels in the URL's query, which the runner
/// redacts; it never appears in an event or error here.
///
/// Also emits `.station` for the configured station with WAQI's `city.name` and `city.geo`
/// (latitude, longitude), and the feed's `timezone`, else the offset of the reading (which includes
/// daylight saving: configure `timezone` for a station in a zone that observes it).
public struct WAQIFeed: FeedKind {
    public static let name = "waqi"
    public static let timeConvention =
        "time.iso (local time with its offset) is converted to UTC and taken as the start of the hour, floored; time.v is never used."
    public static let requiresAPIKey = true
    public typealias Options = WAQIFeedOptions
    public static let defaultURL = "https://api.waqi.info"
    /// The day the EPA's 2024 PM2.5 breakpoints took effect.
    public static let epa2024Effective = UTCHour(date: CivilDate(year: 2024, month: 5, day: 6)!, hour: 0)

    private let baseURL: String
    private let token: String
    private let stations: [String: String]
    private let timeZone: StationTimeZone?
    public let units: [String]

    public init(settings: FeedSettings) throws(FeedError) {
        token = try settings.requireAPIKey(kind: Self.name)
        stations = try settings.sensorStations(required: true, expected: "a WAQI station index such as 6337 or @6337") { sensor in
            isDecimalDigits(sensor.hasPrefix("@") ? String(sensor.dropFirst()) : sensor)
        }
        baseURL = settings.baseURL(default: Self.defaultURL)
        timeZone = settings.timeZone
        units = settings.sensors.map(\.sensor)
    }

    public func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest? {
        guard previous == nil else { return nil }
        let index = unit.hasPrefix("@") ? String(unit.dropFirst()) : unit
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        // The reading's hour is only known after decoding, so completing the request moves the cursor to now.
        return FeedRequest(url: "\(baseURL)/feed/@\(index)/?token=\(encoded)", unit: unit, windowEnd: now)
    }

    /// Decodes the body; the key is removed from every event and error, even one the body echoes.
    public func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        try FeedPage.redacting(token) { () throws(FeedError) in try decodeBody(body, contentType: contentType, request: request) }
    }

    private func decodeBody(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        if let contentType, !contentType.isEmpty, !FeedJSON.isJSON(contentType) {
            throw FeedError(.payload, "expected a WAQI JSON body (application/json), got content type '\(UpstreamText.clean(contentType, secret: token, limit: 60))'")
        }
        let json = try FeedJSON.parse(body, contentType: contentType, expected: "a WAQI JSON object with status and data")
        guard let status = json["status"]?.string else {
            throw FeedError(.payload, "expected a WAQI JSON object with a status of \"ok\" or \"error\"")
        }
        guard status == "ok" else {
            let message = UpstreamText.clean(json["data"]?.string ?? json["message"]?.string ?? "status \(status)", secret: token)
            if message.lowercased().contains("invalid key") {
                throw FeedError(.authorization, "WAQI refused the token: \(message)")
            }
            throw FeedError(.upstream, "WAQI answered status \(UpstreamText.clean(status, secret: token, limit: 40)): \(message)")
        }
        guard let data = json["data"]?.object else {
            throw FeedError(.payload, "expected a data object in the WAQI answer (status ok)")
        }
        let station = stations[request.unit] ?? request.unit
        let line = 1
        var events: [ReadingEvent] = []
        let city = data["city"]
        let geo = city?["geo"]?.array
        let offset = data["time"]?["tz"]?.string.flatMap(StationTimeZone.parseFixedOffset)
        events.append(.station(StationInfo(
            id: station,
            name: city?["name"]?.string.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 },
            latitude: geo.flatMap { $0.count == 2 ? $0[0].numeric : nil },
            longitude: geo.flatMap { $0.count == 2 ? $0[1].numeric : nil },
            timeZone: timeZone ?? offset.map(StationTimeZone.init(fixedOffsetMinutes:))
        )))

        guard let field = data["iaqi"]?["pm25"]?["v"], !field.isNull, field != .string("-") else {
            events.append(.missing(station: station, line: line))
            return FeedPage(events: events)
        }
        guard let index = field.number, index.isFinite else {
            events.append(.rejected(line: line, message: "expected iaqi.pm25.v as a number (a US EPA AQI sub-index) or \"-\"", raw: "iaqi.pm25.v=\(describe(field))"))
            return FeedPage(events: events)
        }
        guard let instant = instant(data["time"]) else {
            events.append(.rejected(line: line, message: "expected time.iso with an offset, or time.s with time.tz", raw: "time.s=\(data["time"]?["s"]?.string ?? "?")"))
            return FeedPage(events: events)
        }
        let hour = UTCTime.hour(containing: instant)
        let (scale, label) = hour >= Self.epa2024Effective ? (AQIScale.epa2024, "epa2024") : (AQIScale.epa2012, "epa2012")
        let raw = "waqi iaqi.pm25.v=\(format(index)) (US EPA AQI, \(label) inverted)"
        // A sub-index is an integer by definition; a fraction would only be WAQI's averaging noise.
        // Checked before the conversion to Int, which traps on 1e300.
        let rounded = index.rounded()
        guard (0...500).contains(rounded), let concentration = scale.concentration(forIndex: Int(rounded)) else {
            events.append(.rejected(line: line, message: "expected a US EPA AQI sub-index from 0 to 500", raw: raw))
            return FeedPage(events: events)
        }
        events.append(.reading(RawReading(station: station, hour: hour, value: concentration, line: line, raw: raw)))
        return FeedPage(events: events)
    }

    /// Seconds since 1970-01-01T00:00Z of the reading, from `iso`, `s` + `tz`, or `s` in the configured zone.
    private func instant(_ time: JSONValue?) -> Double? {
        if let iso = time?["iso"]?.string, let seconds = UTCTime.epochSeconds(iso) {
            return seconds
        }
        guard let local = time?["s"]?.string.flatMap(UTCTime.parse), local.offsetMinutes == nil else { return nil }
        if let tz = time?["tz"]?.string, let offset = StationTimeZone.parseFixedOffset(tz) {
            return local.wallSeconds - Double(offset * 60)
        }
        guard let timeZone else { return nil }
        var cache = StationTimeZone.OffsetCache()
        let wholeMinutes = Int((local.wallSeconds / 60).rounded(.down))
        let utcMinutes = timeZone.utcMinutes(localMinutes: wholeMinutes, cache: &cache)
        return Double(utcMinutes * 60) + (local.wallSeconds - Double(wholeMinutes * 60))
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(UpstreamText.clean(text, secret: token, limit: 40))\""
        case .number(let number): format(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array: "[…]"
        case .object: "{…}"
        }
    }
}
