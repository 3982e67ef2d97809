import AirtrendDomain
import Foundation

/// US EPA AirNow's hourly files (`HourlyData_YYYYMMDDHH.dat`): PM2.5 concentrations of every reporting site.
///
/// One unit (`""`). A cycle fetches one file per hour, oldest first, up to the hour before `now` (the
/// file for hour H is complete once H has ended). AirNow keeps changing a file after its hour, and
/// some sites report 8 hours late or more, so every cycle starts again 24 files before the cursor
/// (but not before `start`, or, without `start`, a week before now: a feed stopped for longer than a
/// week resumes there and leaves the hours before it alone) and upserts. The requests are conditional (an
/// unchanged file costs a 304) and a 404 means "not published yet". While those 24 files are fetched
/// again the cursor steps through them: a cycle cut short leaves it behind where it was, which only
/// means more files are fetched again next time.
///
/// Layout: no header, 9 `|`-separated fields
/// `ValidDate (MM/DD/YY)|ValidTime (HH:MM)|AQSID|SiteName|GMTOffset|ParameterName|ReportingUnits|Value|DataSource`.
/// Time: date and time are **UTC** and mark the **start** of the hour. Encoding: Latin-1 (bytes
/// 0x80–0xFF become U+0080–U+00FF, so a name is never damaged further; a CP437 file's 0x82 "é" reads
/// as U+0082).
///
/// Only `PM2.5` rows are read; the unit must be `UG/M3` (else ``RawReading/badUnit``); an empty value
/// or `-999` / `-9999` is a missing hour (other negatives are kept for quality control to judge). A
/// row without 9 fields is rejected and the rows around it are kept.
///
/// Stations: a site's station id is its AQSID (the EPA's own site code, so the same monitor read from
/// another EPA product links to it), after `station_prefix` when that option is set, unless `sensors`
/// maps the AQSID to a station. With `sensors`, only those sites are read; without, every PM2.5 site.
/// Each site gets a `.station` with its name and the fixed zone of its `GMTOffset` (`UTC-05:00`,
/// fractional offsets such as `UTC+05:45` included).
public struct AirNowHourlyFeed: FeedKind {
    public static let name = "airnow-hourly"
    public static let timeConvention = "ValidDate and ValidTime are UTC and mark the start of the hour."
    public typealias Options = AirNowHourlyFeedOptions
    public static let defaultURL = "https://files.airnowtech.org/airnow"
    /// Files before the cursor fetched again every cycle, for late and revised values.
    public static let refetchHours = 24
    static let fieldNames = "ValidDate|ValidTime|AQSID|SiteName|GMTOffset|ParameterName|ReportingUnits|Value|DataSource"

    private let baseURL: String
    private let prefix: String
    private let stations: [String: String]
    private let settings: FeedSettings
    public let units: [String] = [""]

    public init(settings: FeedSettings) throws(FeedError) {
        stations = try settings.sensorStations(required: false, expected: "an AirNow AQSID of 9 or 12 letters and digits such as 000051501") { sensor in
            (9...12).contains(sensor.count) && sensor.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
        prefix = try Options(settings.options, feed: settings.id).stationPrefix
        baseURL = settings.baseURL(default: Self.defaultURL)
        self.settings = settings
    }

    public func request(unit: String, after previous: FeedRequest?, cursor: UTCHour?, now: UTCHour) -> FeedRequest? {
        let hour: UTCHour
        if let previous {
            guard let last = previous.windowStart else { return nil }
            hour = last + 1
        } else if let cursor {
            let floor = settings.start ?? UTCHour(now.value - FeedSettings.defaultStartHoursAgo)
            hour = max(UTCHour(cursor.value - Self.refetchHours), floor)
        } else {
            hour = settings.firstHour(cursor: nil, now: now)
        }
        guard hour < now else { return nil }
        return FeedRequest(url: url(for: hour), unit: unit, windowStart: hour, windowEnd: hour + 1,
                           conditional: true, notFoundIsEmpty: true)
    }

    /// `{url}/YYYY/YYYYMMDD/HourlyData_YYYYMMDDHH.dat`.
    func url(for hour: UTCHour) -> String {
        let date = hour.date
        let day = "\(date.year)\(UTCTime.twoDigits(date.month))\(UTCTime.twoDigits(date.day))"
        return "\(baseURL)/\(date.year)/\(day)/HourlyData_\(day)\(UTCTime.twoDigits(hour.hourOfDay)).dat"
    }

    public func decode(_ body: [UInt8], contentType: String?, request: FeedRequest) throws(FeedError) -> FeedPage {
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") {
            throw FeedError(.payload, "expected pipe-separated HourlyData lines (\(Self.fieldNames)), got HTML (\(body.count) bytes)")
        }
        var events: [ReadingEvent] = []
        var announced: Set<String> = []
        var lineNumber = 0
        var start = body.startIndex
        while start < body.endIndex {
            let end = body[start...].firstIndex(of: 0x0A) ?? body.endIndex
            lineNumber += 1
            var slice = body[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            start = end == body.endIndex ? end : end + 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            decodeLine(Latin1.string(slice), line: lineNumber, announced: &announced, into: &events)
        }
        return FeedPage(events: events)
    }

    private func decodeLine(_ text: String, line: Int, announced: inout Set<String>, into events: inout [ReadingEvent]) {
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 9 else {
            events.append(.rejected(line: line, message: "expected 9 '|'-separated fields (\(Self.fieldNames)), found \(fields.count)", raw: text))
            return
        }
        guard fields[5] == "PM2.5" else { return }
        let aqsid = fields[2]
        let station: String
        if stations.isEmpty {
            guard !aqsid.isEmpty else {
                events.append(.rejected(line: line, message: "expected an AQSID in field 3", raw: text))
                return
            }
            station = prefix + aqsid
        } else {
            guard let mapped = stations[aqsid] else { return }
            station = mapped
        }
        guard let hour = Self.hour(date: fields[0], time: fields[1]) else {
            events.append(.rejected(line: line, message: "expected ValidDate as MM/DD/YY and ValidTime as HH:00 (UTC), found '\(fields[0])' '\(fields[1])'", raw: text))
            return
        }
        guard let offsetHours = Double(fields[4]), offsetHours.isFinite, abs(offsetHours) <= 14 else {
            events.append(.rejected(line: line, message: "expected GMTOffset in hours such as -5 or 5.75, found '\(fields[4])'", raw: text))
            return
        }
        let valueText = fields[7]
        var value: Double?
        if !valueText.isEmpty {
            guard let number = Double(valueText), number.isFinite else {
                events.append(.rejected(line: line, message: "expected Value as a number or empty, found '\(valueText)'", raw: text))
                return
            }
            value = number
        }
        if !announced.contains(station) {
            announced.insert(station)
            let zone = StationTimeZone(fixedOffsetMinutes: Int((offsetHours * 60).rounded()))
            events.append(.station(StationInfo(id: station, name: fields[3].isEmpty ? nil : fields[3], timeZone: zone)))
        }
        guard let value, value != -999, value != -9999 else {
            events.append(.missing(station: station, line: line))
            return
        }
        let unit = fields[6]
        events.append(.reading(RawReading(station: station, hour: hour, value: value,
                                          badUnit: unit.uppercased() == "UG/M3" ? nil : unit, line: line)))
    }

    /// The UTC hour of `MM/DD/YY` and `HH:MM` (minutes 00); two-digit years are 2000–2099.
    static func hour(date: String, time: String) -> UTCHour? {
        let dateParts = date.split(separator: "/", omittingEmptySubsequences: false)
        let timeParts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard dateParts.count == 3, timeParts.count == 2,
              dateParts.allSatisfy({ $0.count == 2 }), timeParts.allSatisfy({ (1...2).contains($0.count) }),
              let month = Int(dateParts[0]), let day = Int(dateParts[1]), let year = Int(dateParts[2]),
              let hour = Int(timeParts[0]), let minute = Int(timeParts[1]),
              (0...23).contains(hour), minute == 0,
              let civil = CivilDate(year: 2000 + year, month: month, day: day) else { return nil }
        return UTCHour(date: civil, hour: hour)
    }
}
