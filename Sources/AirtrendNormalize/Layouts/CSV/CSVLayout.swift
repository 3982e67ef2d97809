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
    public static let acceptedOptions: Set<LayoutOptions.Key> = [
        .station, .stationColumn, .valueColumn, .timeColumn, .timeFormat, .dateColumns, .missing, .hourEnding, .timeZone, .delimiter,
    ]

    private enum TimeSource {
        case column(index: Int, format: TimeFormat)
        case dateColumns(year: Int, month: Int, day: Int, hour: Int)
    }

    private let options: LayoutOptions
    private let file: String
    private let delimiter: UInt8
    private let missing: [[UInt8]]
    private let format: TimeFormat?
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
    }

    public init(options: LayoutOptions, file: String) throws(LayoutError) {
        func usage(_ message: String) -> LayoutError { LayoutError(file: nil, line: nil, message: "layout csv: " + message, kind: .usage) }
        guard options.valueColumn != nil else { throw usage("--value-column NAME is required") }
        switch (options.timeColumn, options.timeFormat, options.dateColumns) {
        case (.some, .some, nil): break
        case (nil, nil, .some(let columns)):
            guard columns.count == 4 else { throw usage("--date-columns takes four names, YEAR,MONTH,DAY,HOUR; got \(columns.count)") }
        case (.some, nil, _): throw usage("--time-column needs --time-format (e.g. '%Y-%m-%d %H:%M')")
        case (nil, .some, _): throw usage("--time-format needs --time-column")
        case (.some, .some, .some): throw usage("give either --time-column with --time-format, or --date-columns, not both")
        case (nil, nil, nil): throw usage("give --time-column NAME --time-format FORMAT, or --date-columns YEAR,MONTH,DAY,HOUR")
        }
        switch (options.station, options.stationColumn) {
        case (.some, .some): throw usage("give either --station or --station-column, not both")
        case (nil, nil): throw usage("give --station ID for a single-station file, or --station-column NAME")
        default: break
        }
        let delimiter = options.delimiter ?? ","
        guard delimiter.utf8.count == 1 else { throw usage("--delimiter must be one ASCII character, got '\(delimiter)'") }
        self.delimiter = delimiter == "\\t" ? 9 : delimiter.utf8.first!
        self.format = try options.timeFormat.map { format throws(LayoutError) in try TimeFormat(format) }
        self.options = options
        self.file = file
        self.missing = options.missingTokens()
        self.labeler = HourLabeler(convention: options.hourEnding ? .hourEnding : .hourBeginning)
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        var line = line
        if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeBufferPointer(rebasing: line[3...]) // UTF-8 byte-order mark
        }
        record.split(line, delimiter: delimiter)
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
                try emit(.rejected(line: number, message: "empty station in column '\(options.stationColumn!)'", raw: rawText(line)))
                return
            }
            station = name
        } else {
            station = options.station!
        }

        let parsed: TimeFormat.Parsed
        switch header.time {
        case let .column(index, format):
            guard let time = format.parse(record.bytes(index)) else {
                try emit(.rejected(line: number, message: "expected a time like '\(format.pattern)' in column '\(options.timeColumn!)', found '\(record.string(index))'", raw: rawText(line)))
                return
            }
            guard time.wallMinutes >= CivilDate.earliestPlausibleDayNumber * 1440 else {
                try emit(.rejected(line: number, message: "expected a time from 1950 on in column '\(options.timeColumn!)', found '\(record.string(index))'", raw: rawText(line)))
                return
            }
            parsed = time
        case let .dateColumns(y, m, d, h):
            guard let localHour = FieldReader.localHour(record, year: y, month: m, day: d, hour: h, allowHour24: true) else {
                let names = options.dateColumns!.joined(separator: ",")
                try emit(.rejected(line: number, message: "expected a valid date from 1950 on and an hour 0–24 in columns \(names)", raw: rawText(line)))
                return
            }
            parsed = TimeFormat.Parsed(wallMinutes: localHour * 60, offsetMinutes: nil)
        }

        let value: Double
        switch FieldReader.value(record.bytes(header.value), missing: missing) {
        case .missing:
            try emit(.missing(station: station, line: number))
            return
        case .invalid:
            try emit(.rejected(line: number, message: "expected a number in column '\(options.valueColumn!)', found '\(record.string(header.value))'", raw: rawText(line)))
            return
        case .number(let number):
            value = number
        }
        let zone = options.timeZone ?? options.stationTimeZones[station]
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
        func column(_ name: String, _ key: LayoutOptions.Key) throws(LayoutError) -> Int {
            guard let i = index[name] else {
                throw LayoutError(file: file, line: line, message: "no column '\(name)' (\(key.flag)) in the header; found: \(found)", kind: .badFile)
            }
            return i
        }
        let value = try column(options.valueColumn!, .valueColumn)
        let station = try options.stationColumn.map { name throws(LayoutError) in try column(name, .stationColumn) }
        let time: TimeSource
        if let name = options.timeColumn, let format {
            time = .column(index: try column(name, .timeColumn), format: format)
        } else {
            let c = options.dateColumns!
            time = .dateColumns(
                year: try column(c[0], .dateColumns), month: try column(c[1], .dateColumns),
                day: try column(c[2], .dateColumns), hour: try column(c[3], .dateColumns)
            )
        }
        if format?.carriesOffset != true, options.timeZone == nil, options.stationTimeZones.isEmpty {
            throw LayoutError(file: file, line: line, message: "the times carry no UTC offset: give --timezone (e.g. Asia/Shanghai or UTC+8)", kind: .usage)
        }
        // Every data row has the header's fields: one with more or fewer is shifted, not read.
        return Header(value: value, station: station, time: time, width: record.count)
    }
}
