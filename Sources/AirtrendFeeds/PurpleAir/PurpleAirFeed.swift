import AirtrendDomain
import Foundation

/// PurpleAir sensors' hourly history (`/sensors/{index}/history`, `average=60`), EPA-corrected by default.
///
/// One unit per configured sensor (`sensor_index`); readings go to its mapped station. Windows work as
/// for OpenAQ (from the cursor less the overlap, window by window up to now), capped at 180 days, the
/// longest span PurpleAir serves for one-hour averages. The bounds are epoch seconds,
/// `start_timestamp` inclusive and `end_timestamp` exclusive, so a window of hour-starts `[S, E)` is asked
/// as exactly those two instants. The API does not page.
///
/// Time: `time_stamp` is epoch seconds UTC. Whether a bucket's stamp marks its start or its end is
/// unconfirmed; it is taken as the **start**, floored to the hour. Rows are not time-sorted: they are
/// sorted here. Columns are found by name in `fields` (their order is not guaranteed).
///
/// Values: by default the US EPA correction (Barkjohn, Gantt & Clements 2021, AMT 14:4617)
/// `PM2.5 = 0.524 × PA_cf1 − 0.0862 × RH + 5.75`, on the mean of channels A and B at CF=1, negatives
/// clamped to 0. An hour is missing when A and B differ by both more than 5 µg/m³ and more than 70 %
/// (relative to their mean), when only one channel is present, or when humidity is null (no corrected
/// value without it). A response with only `pm2.5_cf_1` (no `_a` / `_b`) uses it without the channel
/// check. `correction: none` stores the raw CF=1 mean instead: it reads high against FRM/FEM monitors
/// and is not comparable to them. The channels and humidity as sent, and the correction applied, are
/// kept in ``RawReading/raw``.
///
/// Errors: `{"error":"ApiKey…Error"}` is an authorization failure, any other `error` an upstream error.
public struct PurpleAirFeed: FeedKind {
    public static let name = "purpleair"
    public static let timeConvention = "History rows are stamped in epoch seconds UTC; each stamp is taken as the start of its hour, floored."
    public static let defaultRateLimit: String? = "60/min"
    public static let requiresAPIKey = true
    public typealias Options = PurpleAirFeedOptions
    public static let qualityDefaults = QualityDefaults.lowCostSensor
    public static let defaultURL = "https://api.purpleair.com/v1"
    /// PurpleAir's longest span for `average=60`.
    public static let maximumWindowHours = 180 * 24
    static let requestedFields = "pm2.5_cf_1_a,pm2.5_cf_1_b,humidity"

    /// How a CF=1 value becomes the stored one.
    public enum Correction: String, Sendable {
        /// US-wide EPA correction, Barkjohn, Gantt & Clements 2021.
        case epaBarkjohn2021 = "epa-barkjohn-2021"
        /// The raw CF=1 A/B mean.
        case none
    }

    /// Inputs of one hour: CF=1 channels (or the combined CF=1 value) and humidity as the API sent them.
    public struct Sample: Sendable, Equatable {
        public var channelA: Double?
        public var channelB: Double?
        /// `pm2.5_cf_1`, used only when the per-channel columns are absent.
        public var combined: Double?
        public var humidity: Double?
        public init(channelA: Double? = nil, channelB: Double? = nil, combined: Double? = nil, humidity: Double? = nil) {
            self.channelA = channelA
            self.channelB = channelB
            self.combined = combined
            self.humidity = humidity
        }
    }

    private let baseURL: String
    private let apiKey: String
    private let stations: [String: String]
    private let windowHours: Int
    private let settings: FeedSettings
    public let correction: Correction
    public let units: [String]

    public init(settings: FeedSettings) throws(FeedError) {
        apiKey = try settings.requireAPIKey(kind: Self.name)
        stations = try settings.sensorStations(required: true, expected: "a PurpleAir sensor_index such as 131075", isValid: isDecimalDigits)
        windowHours = try settings.windowHours(cappedAt: Self.maximumWindowHours)
        correction = try Options(settings.options, feed: settings.id).correction
        baseURL = settings.baseURL(default: Self.defaultURL)
        units = settings.sensors.map(\.sensor)
        self.settings = settings
    }

    public func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest? {
        guard let (start, end) = settings.nextWindow(after: previous, cursor: cursor, now: now, windowHours: windowHours) else { return nil }
        let url = "\(baseURL)/sensors/\(unit)/history?start_timestamp=\(start.epochSeconds)&end_timestamp=\(end.epochSeconds)"
            + "&average=60&fields=\(Self.requestedFields)"
        return FeedRequest(url: url, headers: ["X-API-Key": apiKey], unit: unit, windowStart: start, windowEnd: end, isHistoryWindow: true)
    }

    /// Decodes the body; the key is removed from every event and error, even one the body echoes.
    public func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        try FeedPage.redacting(apiKey) { () throws(FeedError) in try decodeBody(body, contentType: contentType, request: request) }
    }

    private func decodeBody(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        let json = try FeedJSON.parse(body, contentType: contentType, expected: "a PurpleAir history JSON object with fields and data")
        if let error = json["error"]?.string {
            let code = UpstreamText.clean(error, secret: apiKey, limit: 80)
            let description = json["description"]?.string.map { ": " + UpstreamText.clean($0, secret: apiKey) } ?? ""
            if code.hasPrefix("ApiKey") {
                throw FeedError(.authorization, "PurpleAir refused the API key (\(code))\(description)")
            }
            throw FeedError(.upstream, "PurpleAir error \(code)\(description)")
        }
        guard let fieldList = json["fields"]?.array, let rows = json["data"]?.array else {
            throw FeedError(.payload, "expected a JSON object with fields and data (PurpleAir /sensors/{index}/history)")
        }
        let fields = fieldList.map { $0.string ?? "" }
        func column(_ name: String) -> Int? { fields.firstIndex(of: name) }
        guard let time = column("time_stamp") else {
            throw FeedError(.payload, "expected a time_stamp column among the history fields, found \(fields.joined(separator: ", "))")
        }
        let a = column("pm2.5_cf_1_a"), b = column("pm2.5_cf_1_b"), combined = column("pm2.5_cf_1")
        guard (a != nil && b != nil) || combined != nil else {
            throw FeedError(.payload, "expected pm2.5_cf_1_a and pm2.5_cf_1_b (or pm2.5_cf_1) among the history fields, found \(fields.joined(separator: ", "))")
        }
        let humidity = column("humidity") ?? column("humidity_a")
        let station = stations[request.unit] ?? request.unit

        var rejected: [ReadingEvent] = []
        var timed: [(seconds: Double, line: Int, sample: Sample)] = []
        for (index, rowValue) in rows.enumerated() {
            let line = index + 1
            guard let row = rowValue.array, row.count == fields.count else {
                rejected.append(.rejected(line: line, message: "expected a row of \(fields.count) values (\(fields.joined(separator: ", ")))", raw: describe(rowValue)))
                continue
            }
            // From 1950 to the year 9999: -1e10 was a reading in 1653, and 1e300 trapped converting to an hour.
            guard let seconds = row[time].number, seconds >= Self.earliestSeconds, seconds < 253_402_300_800 else {
                rejected.append(.rejected(line: line, message: "expected time_stamp as epoch seconds from 1950 on", raw: describe(rowValue)))
                continue
            }
            func value(_ column: Int?) -> Double? { column.flatMap { row[$0].number }.flatMap { $0.isFinite ? $0 : nil } }
            let sample = a != nil && b != nil
                ? Sample(channelA: value(a), channelB: value(b), humidity: value(humidity))
                : Sample(combined: value(combined), humidity: value(humidity))
            timed.append((seconds, line, sample))
        }
        // Stable: rows of one stamp keep the order the API sent them in.
        timed.sort { ($0.seconds, $0.line) < ($1.seconds, $1.line) }
        var events = rejected
        for row in timed {
            let raw = Self.rawText(row.sample, correction: correction)
            if let value = Self.value(row.sample, correction: correction) {
                events.append(.reading(RawReading(station: station, hour: UTCTime.hour(containing: row.seconds), value: value, line: row.line, raw: raw)))
            } else {
                events.append(.missing(station: station, line: row.line))
            }
        }
        return FeedPage(events: events)
    }

    /// 1950-01-01T00:00Z in epoch seconds (see ``CivilDate/earliestPlausibleYear``).
    static let earliestSeconds = Double(CivilDate.earliestPlausibleDayNumber * 86_400)

    /// The stored value of one hour, or nil when the hour is missing (see the type's documentation).
    public static func value(_ sample: Sample, correction: Correction) -> Double? {
        let cf1: Double
        if sample.channelA != nil || sample.channelB != nil {
            guard let a = sample.channelA, let b = sample.channelB, channelsAgree(a, b) else { return nil }
            cf1 = a / 2 + b / 2 // (a + b) / 2 is infinity for two channels near the largest Double
        } else {
            guard let combined = sample.combined else { return nil }
            cf1 = combined
        }
        switch correction {
        case .none:
            return cf1
        case .epaBarkjohn2021:
            guard let humidity = sample.humidity else { return nil }
            return max(0, barkjohn2021(cf1: cf1, humidity: humidity))
        }
    }

    /// `0.524 × PA_cf1 − 0.0862 × RH + 5.75` (Barkjohn, Gantt & Clements 2021, US-wide), unclamped.
    public static func barkjohn2021(cf1: Double, humidity: Double) -> Double {
        0.524 * cf1 - 0.0862 * humidity + 5.75
    }

    /// False when channels A and B differ by both more than 5 µg/m³ and more than 70 % of their mean
    /// (`2|A − B| / (A + B)`, Barkjohn et al. 2021 §3.2.3).
    public static func channelsAgree(_ a: Double, _ b: Double) -> Bool {
        let difference = abs(a - b)
        guard difference > 5 else { return true }
        return 2 * difference / (a + b) <= 0.70
    }

    static func rawText(_ sample: Sample, correction: Correction) -> String {
        func text(_ value: Double?) -> String { value.map { String($0) } ?? "null" }
        let channels = sample.channelA != nil || sample.channelB != nil || sample.combined == nil
            ? "cf1_a=\(text(sample.channelA)) cf1_b=\(text(sample.channelB))"
            : "cf1=\(text(sample.combined))"
        return "purpleair \(channels) rh=\(text(sample.humidity)) correction=\(correction.rawValue)"
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): "[" + items.map(describe).joined(separator: ",") + "]"
        case .number(let number): String(number)
        case .string(let text): "\"\(UpstreamText.clean(text, secret: apiKey, limit: 40))\""
        case .bool(let flag): String(flag)
        case .null: "null"
        case .object: "{…}"
        }
    }
}
