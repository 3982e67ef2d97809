import AirtrendDomain

/// A generic delimited file with a header line, for any user's data.
///
/// Times come either from one column parsed with `--time-format`, or from
/// four columns (`--date-columns YEAR,MONTH,DAY,HOUR`). A time without an
/// offset is local to `--timezone` (or to the station's stored zone); labels
/// mark the **start** of the hour unless `--hour-ending` says they mark its end.
/// Values are taken as µg/m³. Tokens in `--missing` (default `NA`, empty,
/// `-999`) mean no value, never zero.
public struct CSVLayout: ArchiveLayout {
    public static let name = "csv"
    public static let timeConvention = "as configured: --time-format with an offset, or local to --timezone; start of the hour unless --hour-ending"

    private enum TimeSource {
        case column(index: Int, format: TimeFormat)
        case dateColumns(year: Int, month: Int, day: Int, hour: Int)
    }

    private let options: CSVLayoutOptions
    private let file: String
    private let stationTimeZones: [String: StationTimeZone]
    private var labeler: HourLabeler
    private var record = CSVRecord()
    private var header: Header?
    /// Station names seen so far, by a hash of their bytes, so a multi-station file
    /// does not build a String per row. Bounded by the number of stations in the file.
    private var stationNames: [UInt64: [(bytes: [UInt8], name: String)]] = [:]

    private struct Header {
        var value: Int
        var station: Int?
        var time: TimeSource
        /// Fields in the header; every data row has as many.
        var width: Int
        /// For messages: the station column's name, the station every row belongs to, the time column(s).
        var stationName: String?
        var fixedStation: String?
        var timeName: String
    }

    public init(options: CSVLayoutOptions, context: LayoutContext) throws(LayoutError) {
        self.options = options
        self.file = context.file
        self.stationTimeZones = context.stationTimeZones
        self.labeler = HourLabeler(convention: options.hourEnding ? .hourEnding : .hourBeginning)
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        var line = line
        if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeBufferPointer(rebasing: line[3...]) // UTF-8 byte-order mark
        }
        record.split(line, delimiter: options.delimiter)
        guard let header else {
            header = try readHeader(line: number)
            return
        }
        if line.trimmed().count == 0 { return }
        guard record.count == header.width else {
            try emit(.rejected(line: number, message: "expected \(header.width) fields as in the header, found \(record.count)", raw: rawText(line)))
            return
        }
        let station: String
        if let column = header.station {
            let name = stationName(column: column)
            guard !name.isEmpty else {
                try emit(.rejected(line: number, message: "empty station in column '\(header.stationName ?? "")'", raw: rawText(line)))
                return
            }
            station = name
        } else {
            station = header.fixedStation ?? ""
        }

        let parsed: TimeFormat.Parsed
        switch header.time {
        case let .column(index, format):
            guard let time = format.parse(record.bytes(index)) else {
                try emit(.rejected(line: number, message: "expected a time like '\(format.pattern)' in column '\(header.timeName)', found '\(record.string(index))'", raw: rawText(line)))
                return
            }
            guard time.wallMinutes >= CivilDate.earliestPlausibleDayNumber * 1440 else {
                try emit(.rejected(line: number, message: "expected a time from 1950 on in column '\(header.timeName)', found '\(record.string(index))'", raw: rawText(line)))
                return
            }
            parsed = time
        case let .dateColumns(y, m, d, h):
            guard let localHour = FieldReader.localHour(record, year: y, month: m, day: d, hour: h, allowHour24: true) else {
                let names = header.timeName
                try emit(.rejected(line: number, message: "expected a valid date from 1950 on and an hour 0–24 in columns \(names)", raw: rawText(line)))
                return
            }
            parsed = TimeFormat.Parsed(wallMinutes: localHour * 60, offsetMinutes: nil)
        }

        let value: Double
        switch FieldReader.value(record.bytes(header.value), missing: options.missing) {
        case .missing:
            try emit(.missing(station: station, line: number))
            return
        case .invalid:
            try emit(.rejected(line: number, message: "expected a number in column '\(options.valueColumn)', found '\(record.string(header.value))'", raw: rawText(line)))
            return
        case .number(let number):
            value = number
        }
        let zone = options.timeZone ?? stationTimeZones[station]
        switch labeler.hour(wallMinutes: parsed.wallMinutes, offsetMinutes: parsed.offsetMinutes, zone: zone) {
        case .success(let hour):
            try emit(.reading(RawReading(station: station, hour: hour, value: value, line: number)))
        case .failure(.noZone) where options.timeZone == nil:
            try emit(.unknownStation(station: station, line: number))
        case .failure(let problem):
            try emit(.rejected(line: number, message: problem.message, raw: rawText(line)))
        }
    }

    private mutating func stationName(column: Int) -> String {
        let bytes = record.bytes(column).trimmed()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let candidates = stationNames[hash] {
            for candidate in candidates where bytes.elementsEqual(candidate.bytes) { return candidate.name }
        }
        let name = record.string(column)
        stationNames[hash, default: []].append((Array(bytes), name))
        return name
    }

    private mutating func readHeader(line: Int) throws(LayoutError) -> Header {
        var index: [String: Int] = [:]
        var names: [String] = []
        for i in 0..<record.count {
            let name = record.string(i)
            names.append(name)
            if index[name] == nil { index[name] = i }
        }
        let found = names.joined(separator: ", ")
        func column(_ name: String, _ spec: OptionSpec) throws(LayoutError) -> Int {
            guard let i = index[name] else {
                throw LayoutError(file: file, line: line, message: "no column '\(name)' (\(spec.flag)) in the header; found: \(found)", kind: .badFile)
            }
            return i
        }
        let value = try column(options.valueColumn, CSVLayoutOptions.valueColumnKey)
        var station: Int?
        var stationName: String?
        var fixedStation: String?
        switch options.station {
        case .column(let name):
            station = try column(name, CSVLayoutOptions.stationColumnKey)
            stationName = name
        case .fixed(let code):
            fixedStation = code
        }
        let time: TimeSource
        let timeName: String
        var carriesOffset = false
        switch options.time {
        case let .column(name, format):
            time = .column(index: try column(name, CSVLayoutOptions.timeColumnKey), format: format)
            timeName = name
            carriesOffset = format.carriesOffset
        case .dateColumns(let c):
            time = .dateColumns(
                year: try column(c[0], CSVLayoutOptions.dateColumnsKey), month: try column(c[1], CSVLayoutOptions.dateColumnsKey),
                day: try column(c[2], CSVLayoutOptions.dateColumnsKey), hour: try column(c[3], CSVLayoutOptions.dateColumnsKey)
            )
            timeName = c.joined(separator: ",")
        }
        if !carriesOffset, options.timeZone == nil, stationTimeZones.isEmpty {
            throw LayoutError(file: file, line: line, message: "the times carry no UTC offset: give --timezone (e.g. Asia/Shanghai or UTC+8)", kind: .usage)
        }
        // A data row has exactly the header's fields: one more or fewer means a shifted row, never data.
        let width = record.count
        return Header(value: value, station: station, time: time, width: width, stationName: stationName, fixedStation: fixedStation,
                      timeName: timeName)
    }
}
