import AirtrendDomain

/// The US State Department "StateAir" hourly files (Mission China, 2008–2017).
///
/// - Encoding Latin-1 (the unit column holds the bytes µ and ³); the publisher's
///   misspelled unit `µg/mg³` is accepted as µg/m³.
/// - Preamble lines before the `Site,Parameter,Date (LST),…` header are skipped.
/// - Times are the `Year,Month,Day,Hour` columns in local standard time
///   (UTC+8, no daylight saving), labelling the **start** of the hour. Checked
///   against the data: the UCI Beijing file carries the same readings one hour
///   later, and the New Year's Eve fireworks peak falls at StateAir hour 00 but at
///   hour 01 in the hour-ending UCI multi-site files (README, "Time conventions").
/// - `-999` with QC `Missing` is a missing hour, never a value.
/// - On US daylight-saving start days some files repeat `hour 3` and lack hour 2:
///   the first of the pair is the 02:00 reading, so it is relabelled. A row is
///   held back until the next one shows whether it is such a pair.
public struct StateAirLayout: ArchiveLayout {
    public static let name = "stateair"
    public static let timeConvention = "local standard time UTC+8, label = start of the hour"

    /// Beijing standard time; StateAir's China sites all use it.
    static let zone = StationTimeZone(fixedOffsetMinutes: 480)

    private let station: String
    private let file: String
    private let missing: [[UInt8]]
    private var record = CSVRecord()
    private var columns: Columns?
    private var pending: Row?
    private var lastEmittedLocalHour: Int?

    struct Columns {
        var parameter: Int, year: Int, month: Int, day: Int, hour: Int, value: Int, unit: Int, qc: Int
        /// Fields in the header, so in every data row: a row with more or fewer is shifted, not read.
        var count: Int
    }

    struct Row {
        var localHour: Int // hours since 1970-01-01T00:00 local
        var value: Double?
        var unit: String?
        var line: Int
    }

    public init(options: StateAirLayoutOptions, context: LayoutContext) throws(LayoutError) {
        self.station = options.station
        self.file = context.file
        self.missing = options.missing
    }

    public mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        record.split(line)
        guard let columns else {
            // Preamble: anything before the header line.
            if record.count >= 8, record.bytes(0).trimmed().equals("Site"), record.bytes(1).trimmed().equals("Parameter") {
                columns = try Self.columns(of: record, file: file, line: number)
            }
            return
        }
        if line.trimmed().count == 0 { return }
        guard record.count == columns.count else {
            try emit(.rejected(line: number, message: "expected \(columns.count) comma-separated fields, found \(record.count)", raw: rawText(line)))
            return
        }
        guard record.bytes(columns.parameter).trimmed().equals("PM2.5") else {
            try emit(.rejected(line: number, message: "expected Parameter PM2.5, found '\(record.latin1String(columns.parameter))'", raw: rawText(line)))
            return
        }
        guard let localHour = FieldReader.localHour(record, year: columns.year, month: columns.month, day: columns.day, hour: columns.hour) else {
            try emit(.rejected(line: number, message: "expected a date from 1950 on in the Year, Month, Day and Hour columns (hour 0–23)", raw: rawText(line)))
            return
        }
        var value: Double?
        if !record.bytes(columns.qc).trimmed().equals("Missing") {
            switch FieldReader.value(record.bytes(columns.value), missing: missing) {
            case .missing: break
            case .number(let number): value = number
            case .invalid:
                try emit(.rejected(line: number, message: "expected a number in Value, found '\(record.latin1String(columns.value))'", raw: rawText(line)))
                return
            }
        }
        let unit = Self.unitProblem(record.bytes(columns.unit).trimmed(), record: record, column: columns.unit)
        let row = Row(localHour: localHour, value: value, unit: unit, line: number)
        if var held = pending {
            if held.localHour == row.localHour, lastEmittedLocalHour != row.localHour - 1 {
                held.localHour -= 1 // the spring-forward pair: the first is really the hour before
            }
            try flush(held, emit: emit)
        }
        pending = row
    }

    public mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        if let held = pending { try flush(held, emit: emit) }
        pending = nil
        if columns == nil {
            throw LayoutError(file: file, line: nil, message: "no StateAir header line (Site,Parameter,Date (LST),Year,Month,Day,Hour,Value,Unit,Duration,QC Name) found; is this a StateAir file?", kind: .badFile)
        }
    }

    private mutating func flush(_ row: Row, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {
        lastEmittedLocalHour = row.localHour
        guard let value = row.value else {
            try emit(.missing(station: station, line: row.line))
            return
        }
        let hour = UTCHour(row.localHour - Self.zone.standardOffsetMinutes / 60)
        try emit(.reading(RawReading(station: station, hour: hour, value: value, badUnit: row.unit, line: row.line)))
    }

    /// µg/m³ and the publisher's µg/mg³ typo (both Latin-1) are fine; anything else is reported.
    private static func unitProblem(_ unit: UnsafeBufferPointer<UInt8>, record: CSVRecord, column: Int) -> String? {
        let good: [[UInt8]] = [
            [0xB5, 0x67, 0x2F, 0x6D, 0xB3],       // µg/m³
            [0xB5, 0x67, 0x2F, 0x6D, 0x67, 0xB3], // µg/mg³ (2008 and 2012 files)
            Array("µg/m³".utf8), Array("ug/m3".utf8),
        ]
        return good.contains(where: { unit.elementsEqual($0) }) ? nil : record.latin1String(column)
    }

    private static func columns(of record: CSVRecord, file: String, line: Int) throws(LayoutError) -> Columns {
        var index: [String: Int] = [:]
        for i in 0..<record.count { index[record.latin1String(i)] = i }
        func find(_ name: String) throws(LayoutError) -> Int {
            guard let i = index[name] else {
                throw LayoutError(file: file, line: line, message: "StateAir header lacks the column '\(name)'", kind: .badFile)
            }
            return i
        }
        let columns = Columns(
            parameter: try find("Parameter"), year: try find("Year"), month: try find("Month"), day: try find("Day"),
            hour: try find("Hour"), value: try find("Value"), unit: try find("Unit"), qc: try find("QC Name"), count: 0
        )
        var result = columns
        // A data row has exactly the header's fields: one more or fewer means a shifted row, never data.
        result.count = record.count
        return result
    }
}

func rawText(_ line: UnsafeBufferPointer<UInt8>) -> String {
    let limited = UnsafeBufferPointer(rebasing: line[0..<min(line.count, 200)])
    var scalars = String.UnicodeScalarView()
    for byte in limited { scalars.append(Unicode.Scalar(byte)) }
    return String(scalars)
}
