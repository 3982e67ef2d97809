import AirtrendDomain
import Foundation

/// OpenAQ API v3 hourly means of configured PM2.5 sensors (`/sensors/{id}/hours`).
///
/// One unit per configured sensor; its readings go to the station the sensor is mapped to.
///
/// Time: OpenAQ datetimes mark the **end** of a period, and the range filters act on that end:
/// `datetime_from` is exclusive, `datetime_to` inclusive. A window of hour-starts `[S, E)` is
/// therefore asked as `datetime_from=S&datetime_to=E`, always with `Z` (a zone-less query time is read
/// in the station's local time). The hour of a row is `period.datetimeFrom.utc` (or
/// `period.datetimeTo.utc` − 1 h); `Z` and `+00:00` are both accepted.
///
/// Traps handled here:
/// - `meta.found` may be a number or a string such as `">1000"`; paging ignores it and asks for the next
///   page exactly when a page came back full (`limit` rows).
/// - `value: null` is a missing hour; `-999`, `-9999` and `9999` are provider sentinels, also missing.
/// - `parameter.units` must be µg/m³ (`µg/m³` with U+00B5 or U+03BC, `ug/m3`, `µg/m3`, any case);
///   anything else, or no unit at all, is kept as ``RawReading/badUnit`` so quality control
///   quarantines the value.
/// - A row that is not one whole clock hour (raw `/measurements` rows, 30-minute periods) or whose
///   parameter is not `pm25` is rejected, not stored under a wrong hour or pollutant.
/// - A 200 body without `results` that says `Invalid credentials` or `Unauthorized` is an
///   authorization failure; other `detail` / `message` bodies are upstream errors.
public struct OpenAQFeed: FeedKind {
    public static let name = "openaq-v3"
    public static let timeConvention =
        "Rows are labelled by period end in UTC; each hourly period is stored under its start (datetimeFrom.utc, or datetimeTo.utc − 1 h)."
    public static let defaultRateLimit: String? = "60/min"
    public static let requiresAPIKey = true
    public typealias Options = OpenAQFeedOptions
    public static let defaultURL = "https://api.openaq.org/v3"
    /// Rows per page: the API's maximum.
    public static let pageLimit = 1000

    private let baseURL: String
    private let apiKey: String
    private let stations: [String: String]
    private let windowHours: Int
    private let settings: FeedSettings
    public let units: [String]

    public init(settings: FeedSettings) throws(FeedError) {
        apiKey = try settings.requireAPIKey(kind: Self.name)
        stations = try settings.sensorStations(required: true, expected: "an OpenAQ sensor id such as 3917 (/v3/sensors/{id})",
                                               isValid: isDecimalDigits)
        // OpenAQ asks to keep /hours queries to a year at most.
        windowHours = try settings.windowHours(cappedAt: 366 * 24)
        baseURL = settings.baseURL(default: Self.defaultURL)
        units = settings.sensors.map(\.sensor)
        self.settings = settings
    }

    public func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest? {
        guard let window = settings.nextWindow(after: previous, cursor: cursor, now: now, windowHours: windowHours) else { return nil }
        return request(unit: unit, start: window.start, end: window.end, page: 1)
    }

    private func request(unit: String, start: UTCHour, end: UTCHour, page: Int) -> FeedRequest {
        let url = "\(baseURL)/sensors/\(unit)/hours?datetime_from=\(UTCTime.isoSeconds(start))"
            + "&datetime_to=\(UTCTime.isoSeconds(end))&limit=\(Self.pageLimit)&page=\(page)"
        return FeedRequest(url: url, headers: ["X-API-Key": apiKey], unit: unit, windowStart: start, windowEnd: end, page: page,
                           isHistoryWindow: true)
    }

    /// Decodes the body; the key is removed from every event and error, even one the body echoes.
    public func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        try FeedPage.redacting(apiKey) { () throws(FeedError) in try decodeBody(body, contentType: contentType, request: request) }
    }

    private func decodeBody(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        let json = try FeedJSON.parse(body, contentType: contentType, expected: "an OpenAQ v3 JSON object with a results array")
        guard let results = json["results"]?.array else {
            try throwUpstreamError(json)
            throw FeedError(.payload, "expected a JSON object with a results array (OpenAQ v3 /sensors/{id}/hours)")
        }
        let station = stations[request.unit] ?? request.unit
        var events: [ReadingEvent] = []
        events.reserveCapacity(results.count)
        for (index, row) in results.enumerated() {
            events.append(event(row, line: index + 1, station: station))
        }
        var next: FeedRequest?
        if results.count >= Self.pageLimit, let start = request.windowStart, let end = request.windowEnd {
            next = self.request(unit: request.unit, start: start, end: end, page: request.page + 1)
        }
        return FeedPage(events: events, nextPage: next)
    }

    private func event(_ row: JSONValue, line: Int, station: String) -> ReadingEvent {
        func reject(_ message: String) -> ReadingEvent {
            .rejected(line: line, message: message, raw: rawText(row))
        }
        let period = row["period"]
        let from = period?["datetimeFrom"]?["utc"]?.string.flatMap(UTCTime.epochSeconds)
        let to = period?["datetimeTo"]?["utc"]?.string.flatMap(UTCTime.epochSeconds)
        guard let start = from ?? to.map({ $0 - 3600 }) else {
            return reject("expected period.datetimeFrom.utc or period.datetimeTo.utc as an ISO 8601 time with Z or +00:00")
        }
        if let to, to - start != 3600 {
            return reject("expected a one-hour period (the /hours endpoint), found \(Int(to - start) / 60) minutes")
        }
        guard start.truncatingRemainder(dividingBy: 3600) == 0 else {
            return reject("expected an hourly period starting on the hour")
        }
        if let name = row["parameter"]?["name"]?.string, name.lowercased() != "pm25" {
            return reject("expected parameter pm25, found '\(name)': is the configured sensor a PM2.5 sensor?")
        }
        guard let valueField = row["value"], !valueField.isNull else {
            return .missing(station: station, line: line)
        }
        guard let value = valueField.number, value.isFinite else {
            return reject("expected value as a number or null")
        }
        if Self.sentinels.contains(value) {
            return .missing(station: station, line: line)
        }
        let units = row["parameter"]?["units"]?.string
        // Without a unit nothing says the value is µg/m³: quarantine rather than trust it.
        let badUnit = units.map { Self.isMicrogramsPerCubicMetre($0) ? nil : $0 } ?? "(no parameter.units)"
        return .reading(RawReading(station: station, hour: UTCTime.hour(containing: start), value: value, badUnit: badUnit, line: line))
    }

    /// Provider sentinels that reach OpenAQ values unfiltered (openaq/openaq-api#8).
    private static let sentinels: Set<Double> = [-999, -9999, 9999]

    /// µg/m³ as OpenAQ and the providers behind it write it.
    static func isMicrogramsPerCubicMetre(_ text: String) -> Bool {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "\u{03BC}", with: "\u{00B5}")
            .replacingOccurrences(of: "\u{00B3}", with: "3")
        return folded == "\u{00B5}g/m3" || folded == "ug/m3"
    }

    /// Throws the authorization or upstream error a 200 body without `results` carries, if it carries one.
    private func throwUpstreamError(_ json: JSONValue) throws(FeedError) {
        // FastAPI's validation errors (422) put a list of `{loc, msg}` under `detail`.
        let validation = json["detail"]?.array?.first?["msg"]?.string
        guard let text = json["detail"]?.string ?? json["message"]?.string ?? validation else { return }
        let message = UpstreamText.clean(text, secret: apiKey)
        let lowered = message.lowercased()
        if lowered.contains("credential") || lowered.contains("unauthorized") || lowered.contains("api key") {
            throw FeedError(.authorization, "OpenAQ refused the API key: \(message)")
        }
        throw FeedError(.upstream, "OpenAQ answered without results: \(message)")
    }

    /// The row as compact text for a rejection (rows carry no secrets).
    private func rawText(_ row: JSONValue) -> String {
        let period = row["period"]?["datetimeFrom"]?["utc"]?.string ?? "?"
        let value = row["value"].map { $0.number.map { String($0) } ?? ($0.isNull ? "null" : "?") } ?? "?"
        let name = row["parameter"]?["name"]?.string ?? "?"
        return "datetimeFrom=\(period) value=\(value) parameter=\(name)"
    }
}
