import AirtrendDomain

/// The UCI "Beijing PM2.5 Data" file (dataset 381, `PRSA_data_2010.1.1-2014.12.31.csv`).
///
/// US Embassy Beijing PM2.5 for 2010–2014, joined by the dataset authors with airport
/// weather. Header `No,year,month,day,hour,pm2.5,DEWP,…`, CRLF, one station per file:
/// the station comes from `--station`, as for StateAir.
/// - Times are the `year,month,day,hour` columns in Beijing time (UTC+8, no daylight
///   saving), labelling the **end** of the hour: label 2010-01-02 00 is
///   2010-01-01 23:00–24:00 local, i.e. UTC hour 2010-01-01T15:00Z. The file itself
///   only says "hour of data in this row"; the data settle it. Every one of its 41,757
///   values equals the StateAir value one hour *earlier* (StateAir labels the start of
///   the hour), and the same group's multi-site files match Beijing's official
///   hour-ending bulletins. Read this way, each reading lands on the same UTC hour as
///   in the `stateair` layout.
/// - `NA` is a missing hour, never zero; `--missing` adds tokens (default `NA`,
///   empty, `-999`).
/// - `--timezone` only sets the zone of a station the import creates; the file's
///   own times are always Beijing time.
public struct UCIPRSALayout: ArchiveLayout {
    public static let name = "uci-prsa"
    public static let timeConvention = "Beijing time UTC+8, label = end of the hour (label 00 is 23:00–24:00 of the day before)"

    /// Beijing time, fixed: China has had no daylight saving since 1991.
    static let offsetHours = 8

    private let station: String
    private let file: String
    private let missing: [[UInt8]]
    private var record = CSVRecord()
    private var columns: Columns?

    struct Columns {
        var year: Int, month: Int, day: Int, hour: Int, value: Int
        /// Fields in the header, so in every data row: a row with more or fewer is shifted, not read.
        var width: Int
    }

    public init(options: UCIPRSALayoutOptions, context: LayoutContext) throws(LayoutError) {
        self.station = options.station
        self.file = context.file
        self.missing = options.missing
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        record.split(line)
        guard let columns else {
            columns = try Self.columns(of: record, file: file, line: number)
            return
        }
        if line.trimmed().count == 0 { return }
        guard record.count == columns.width else {
            try emit(.rejected(line: number, message: "expected \(columns.width) comma-separated fields as in the header (No,year,month,day,hour,pm2.5,…), found \(record.count)", raw: rawText(line)))
            return
        }
        try FieldReader.emitDatedRow(
            record, station: station, year: columns.year, month: columns.month, day: columns.day, hour: columns.hour,
            value: columns.value, valueName: "pm2.5", missing: missing, offsetHours: Self.offsetHours, hourEnding: true,
            line: number, raw: line, emit: emit
        )
    }

    public mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        if columns == nil {
            throw LayoutError(file: file, line: nil, message: "empty file: expected the header No,year,month,day,hour,pm2.5,…", kind: .badFile)
        }
    }

    /// The header is the first line; anything else means this is not the UCI file.
    private static func columns(of record: CSVRecord, file: String, line: Int) throws(LayoutError) -> Columns {
        var index: [String: Int] = [:]
        for i in 0..<record.count where index[record.string(i)] == nil { index[record.string(i)] = i }
        func find(_ names: String...) throws(LayoutError) -> Int {
            for name in names { if let i = index[name] { return i } }
            throw LayoutError(
                file: file, line: line,
                message: "expected the UCI header No,year,month,day,hour,pm2.5,… on the first line; no column '\(names[0])'",
                kind: .badFile
            )
        }
        // Some public copies rename `pm2.5` to `pm` and are otherwise identical.
        let c = Columns(year: try find("year"), month: try find("month"), day: try find("day"),
                        hour: try find("hour"), value: try find("pm2.5", "pm"), width: 0)
        var result = c
        // A data row has exactly the header's fields: an extra comma shifts every column after it.
        result.width = record.count
        return result
    }
}
