import AirtrendDomain

/// China's national network daily site files, quotsoft layout (`china_sites_YYYYMMDD.csv`, often `.csv.gz`).
///
/// A wide layout: header `date,hour,type,<station code>…` (about 1,600 codes), then for
/// each hour one row per `type` (`AQI`, `PM2.5`, `PM2.5_24h`, `PM10`, …).
/// - Only rows whose `type` is exactly `PM2.5` are hourly PM2.5. Every other type
///   (`PM2.5_24h` is a 24-hour running mean) is another series: skipped, neither
///   rejected nor counted as missing.
/// - Times are `date` (`YYYYMMDD`) and `hour` (0–23) in Beijing time (UTC+8) for
///   every site, western China included, labelling the **end** of the hour: CNEMC
///   publishes its 16:00 value as the 15:00–16:00 mean, and each `PM2.5_24h` in these
///   files is the mean of the 24 `PM2.5` labels up to and including its own. So date
///   20190101 hour 0 is 2018-12-31 23:00–24:00 local, UTC hour 2018-12-31T15:00Z.
/// - An empty cell is a missing hour, never zero; `--missing` adds tokens (default
///   `NA`, empty, `-999`).
/// - Codes are resolved through the station list given with `--stations` (required;
///   see ``CNEMCStationList``). After the header, each listed code yields one
///   ``ReadingEvent/station(_:)`` with the list's name, city and coordinates. A code the
///   list lacks yields ``ReadingEvent/unknownStation(station:line:)`` for each of its
///   values, so the import reports it with a count instead of dropping it.
/// - `--timezone` only sets the zone of stations the import creates (default UTC+8);
///   the file's own times are always Beijing time.
public struct CNEMCSitesLayout: ArchiveLayout {
    public static let name = "cnemc-sites"
    public static let timeConvention = "Beijing time UTC+8 for every site, label = end of the hour (date D hour 0 is 23:00–24:00 of D−1)"

    /// Beijing time, fixed: China has had no daylight saving since 1991.
    static let zone = StationTimeZone(fixedOffsetMinutes: 480)
    /// Fields before the first station code.
    private static let leadingFields = 3

    /// The list given with `--stations`, read once for this file; its ``CNEMCStationList/warnings`` are for the caller to show.
    public let stationList: CNEMCStationList
    private let file: String
    private let missing: [[UInt8]]
    private let stationZone: StationTimeZone
    private var record = CSVRecord()
    /// Station code per station column (field `leadingFields + i`), and whether the list knows it.
    private var codes: [String]?
    private var known: [Bool] = []

    public init(options: CNEMCSitesLayoutOptions, context: LayoutContext) throws(LayoutError) {
        self.stationList = try CNEMCStationList(path: options.stationListPath)
        self.file = context.file
        self.missing = options.missing
        self.stationZone = options.stationZone
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        guard let codes else {
            try readHeader(line, number: number, emit: emit)
            return
        }
        if line.trimmed().count == 0 { return }
        // Most rows are other series: look at `type` before splitting 1,600 fields.
        guard let type = Self.thirdField(line) else {
            try emit(.rejected(line: number, message: "expected date,hour,type and \(codes.count) station fields, found fewer than 3 fields", raw: rawText(line)))
            return
        }
        guard type.trimmed().equals("PM2.5") else { return }

        record.split(line)
        guard record.count == Self.leadingFields + codes.count else {
            try emit(.rejected(line: number, message: "expected \(Self.leadingFields + codes.count) fields (date,hour,type and \(codes.count) stations), found \(record.count)", raw: rawText(line)))
            return
        }
        let dateBytes = record.bytes(0).trimmed()
        guard dateBytes.count == 8, let yyyymmdd = NumberParser.smallInt(dateBytes), yyyymmdd / 10000 >= CivilDate.earliestPlausibleYear,
              let hour = NumberParser.smallInt(record.bytes(1)), hour < 24,
              let date = CivilDate(year: yyyymmdd / 10000, month: yyyymmdd / 100 % 100, day: yyyymmdd % 100) else {
            try emit(.rejected(line: number, message: "expected a date YYYYMMDD from 1950 on and an hour 0–23 in the date and hour columns", raw: rawText(line)))
            return
        }
        // The label is the end of the hour, so the hour starts one hour before it.
        let labelHour = date.dayNumber * 24 + hour - Self.zone.standardOffsetMinutes / 60
        let utcHour = UTCHour(labelHour - 1)

        for column in 0..<codes.count {
            let cell = record.bytes(Self.leadingFields + column).trimmed()
            let isMissing = cell.count == 0 || missing.contains(where: { cell.elementsEqual($0) })
            guard known[column] else {
                // Not in the list: no zone or facts to store it with, so report every value.
                if !isMissing { try emit(.unknownStation(station: codes[column], line: number)) }
                continue
            }
            if isMissing {
                try emit(.missing(station: codes[column], line: number))
                continue
            }
            guard let value = NumberParser.double(cell) else {
                try emit(.rejected(
                    line: number,
                    message: "expected a number or an empty field for station \(codes[column]) (field \(Self.leadingFields + column + 1)), found '\(record.string(Self.leadingFields + column))'",
                    raw: rawText(line)
                ))
                continue
            }
            try emit(.reading(RawReading(station: codes[column], hour: utcHour, value: value, line: number)))
        }
    }

    public mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        if codes == nil {
            throw LayoutError(file: file, line: nil, message: "empty file: expected the header date,hour,type,<station codes>", kind: .badFile)
        }
    }

    /// Reads `date,hour,type,<codes>` and describes every listed station once.
    private mutating func readHeader(_ line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        record.split(line)
        guard record.count > Self.leadingFields, record.bytes(0).trimmed().equals("date"),
              record.bytes(1).trimmed().equals("hour"), record.bytes(2).trimmed().equals("type") else {
            throw LayoutError(file: file, line: number, message: "expected the header date,hour,type followed by station codes (e.g. 1001A); is this a china_sites file?", kind: .badFile)
        }
        for warning in stationList.warnings { try emit(.warning(warning)) }
        var codes: [String] = []
        var known: [Bool] = []
        var described: Set<String> = []
        for field in Self.leadingFields..<record.count {
            let code = record.string(field)
            guard !code.isEmpty else {
                throw LayoutError(file: file, line: number, message: "expected a station code in header field \(field + 1), found an empty field", kind: .badFile)
            }
            codes.append(code)
            let entry = stationList[code: code]
            known.append(entry != nil)
            if let entry, described.insert(code).inserted {
                // A control point (对照点 = Y) is regional background, never part of its city's assessment.
                try emit(.station(StationInfo(id: code, name: entry.name, city: entry.city,
                                              latitude: entry.latitude, longitude: entry.longitude, timeZone: stationZone,
                                              role: entry.control.map { $0 ? .background : .assessment })))
            }
        }
        self.codes = codes
        self.known = known
    }

    /// The bytes of the third comma-separated field, or nil when the line has fewer than three.
    private static func thirdField(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var commas = 0
        var start = 0
        for i in 0..<line.count where line[i] == 44 {
            commas += 1
            if commas == 2 { start = i + 1 }
            if commas == 3 { return UnsafeBufferPointer(rebasing: line[start..<i]) }
        }
        return commas == 2 ? UnsafeBufferPointer(rebasing: line[start...]) : nil
    }
}
