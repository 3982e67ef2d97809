import AirtrendDomain

/// The UCI "Beijing Multi-Site Air Quality" files (dataset 501, `PRSA_Data_<Station>_20130301-20170228.csv`).
///
/// Twelve Beijing national sites, 2013-03 to 2017-02, one file per site. The header
/// names are quoted (`"No","year","month","day","hour","PM2.5",…,"station"`), numbers
/// are not; CRLF.
/// - The station is the quoted `station` column (e.g. `Aotizhongxin`), so `--station`
///   is not taken. A station the store does not know is created only with `--timezone`,
///   as for a generic `--station-column`; otherwise its rows are reported as unknown.
/// - Times are the `year,month,day,hour` columns in Beijing time (UTC+8), labelling the
///   **end** of the hour, the Chinese network's convention: label 2014-01-31 00 is
///   2014-01-30 23:00–24:00 local, UTC hour 2014-01-30T15:00Z. Evidence: Wanshouxigong's
///   value at that label (247) is the Beijing bulletin's "00:00" New Year's Eve figure
///   for the same site (246, the city's highest), and these series match StateAir best
///   one label later (Nongzhanguan r = 0.968 against 0.941 unshifted).
/// - `NA` is a missing hour, never zero; `--missing` adds tokens (default `NA`,
///   empty, `-999`). PM2.5 is mostly whole numbers, with a few like `87.8`.
public struct UCIMultisiteLayout: ArchiveLayout {
    public static let name = "uci-multisite"
    public static let timeConvention = "Beijing time UTC+8, label = end of the hour (label 00 is 23:00–24:00 of the day before)"

    /// Beijing time, fixed: China has had no daylight saving since 1991.
    static let offsetHours = 8

    private let file: String
    private let missing: [[UInt8]]
    /// The one station of the file: named by the file, else by its first data row. A row naming another
    /// is a damaged row, never a new station.
    private var fileStation: String?
    private var record = CSVRecord()
    private var columns: Columns?
    /// The last station seen, so a file (one station throughout) builds its name once, not per row.
    private var lastStation: (bytes: [UInt8], name: String)?

    struct Columns {
        var year: Int, month: Int, day: Int, hour: Int, value: Int, station: Int
        /// Fields in the header, so in every data row: with one comma too many, the station column would
        /// hold another field's value (a station named `7`).
        var width: Int
    }

    public init(options: UCIMultisiteLayoutOptions, context: LayoutContext) throws(LayoutError) {
        self.file = context.file
        self.missing = options.missing
        self.fileStation = Self.stationNamed(byFile: context.file)
    }

    /// The station a UCI file is for, from its name `PRSA_Data_<Station>_<from>-<to>.csv`, or nil for another name.
    static func stationNamed(byFile path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix("PRSA_Data_") else { return nil }
        let rest = name.dropFirst("PRSA_Data_".count)
        guard let underscore = rest.lastIndex(of: "_"), underscore > rest.startIndex else { return nil }
        return String(rest[..<underscore])
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        record.split(line)
        guard let columns else {
            columns = try Self.columns(of: record, file: file, line: number)
            return
        }
        if line.trimmed().count == 0 { return }
        guard record.count == columns.width else {
            try emit(.rejected(line: number, message: "expected \(columns.width) comma-separated fields as in the header (No,year,month,day,hour,PM2.5,…,station), found \(record.count)", raw: rawText(line)))
            return
        }
        let station = stationName()
        guard !station.isEmpty, station != "NA" else {
            try emit(.rejected(line: number, message: "expected a station name in the station column, found '\(station)'", raw: rawText(line)))
            return
        }
        if let fileStation, station != fileStation {
            try emit(.rejected(line: number, message: "expected station '\(fileStation)' (every row of a UCI multi-site file is one station), found '\(station)'",
                               raw: rawText(line)))
            return
        }
        fileStation = station
        try FieldReader.emitDatedRow(
            record, station: station, year: columns.year, month: columns.month, day: columns.day, hour: columns.hour,
            value: columns.value, valueName: "PM2.5", missing: missing, offsetHours: Self.offsetHours, hourEnding: true,
            line: number, raw: line, emit: emit
        )
    }

    public mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        if columns == nil {
            throw LayoutError(file: file, line: nil, message: "empty file: expected the header \"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",…,\"station\"", kind: .badFile)
        }
    }

    private mutating func stationName() -> String {
        let bytes = record.bytes(columns!.station).trimmed()
        if let lastStation, bytes.elementsEqual(lastStation.bytes) { return lastStation.name }
        let name = record.string(columns!.station)
        lastStation = (Array(bytes), name)
        return name
    }

    /// The header is the first line; anything else means this is not a UCI multi-site file.
    private static func columns(of record: CSVRecord, file: String, line: Int) throws(LayoutError) -> Columns {
        var index: [String: Int] = [:]
        for i in 0..<record.count where index[record.string(i)] == nil { index[record.string(i)] = i }
        func find(_ name: String) throws(LayoutError) -> Int {
            guard let i = index[name] else {
                throw LayoutError(
                    file: file, line: line,
                    message: "expected the UCI multi-site header \"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",…,\"station\" on the first line; no column '\(name)'",
                    kind: .badFile
                )
            }
            return i
        }
        let c = Columns(year: try find("year"), month: try find("month"), day: try find("day"), hour: try find("hour"),
                        value: try find("PM2.5"), station: try find("station"), width: 0)
        var result = c
        // A data row has exactly the header's fields: an extra comma shifts every column after it.
        result.width = record.count
        return result
    }
}
