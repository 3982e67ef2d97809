import AirtrendDomain

/// Reads the fields every hourly layout has: a calendar hour split over columns, and a value.
enum FieldReader {
    /// What a value field holds.
    enum Value {
        case missing
        case number(Double)
        case invalid
    }

    /// Local wall-clock hours since 1970-01-01T00:00 from year, month, day and hour fields,
    /// or nil when they are not a real date from 1950 on and an hour 0–23 (0–24 with `allowHour24`).
    static func localHour(_ record: CSVRecord, year: Int, month: Int, day: Int, hour: Int, allowHour24: Bool = false) -> Int? {
        guard let y = NumberParser.smallInt(record.bytes(year)),
              let m = NumberParser.smallInt(record.bytes(month)),
              let d = NumberParser.smallInt(record.bytes(day)),
              let h = NumberParser.smallInt(record.bytes(hour)),
              h < 24 || (allowHour24 && h == 24), y >= CivilDate.earliestPlausibleYear,
              let date = CivilDate(year: y, month: m, day: d) else { return nil }
        return date.dayNumber * 24 + h
    }

    /// The value of a field: missing when it is one of the `missing` tokens, else a number or invalid.
    static func value(_ raw: UnsafeBufferPointer<UInt8>, missing: [[UInt8]]) -> Value {
        let bytes = raw.trimmed()
        if missing.contains(where: { bytes.elementsEqual($0) }) { return .missing }
        return NumberParser.double(bytes).map(Value.number) ?? .invalid
    }

    /// Emits the event of one row whose hour is split over date columns, labelled in a
    /// fixed zone (`offsetHours` from UTC) and marking the end of the hour when `hourEnding`.
    static func emitDatedRow(
        _ record: CSVRecord, station: String, year: Int, month: Int, day: Int, hour: Int, value: Int, valueName: String,
        missing: [[UInt8]], offsetHours: Int, hourEnding: Bool, line: Int, raw: UnsafeBufferPointer<UInt8>,
        emit: (ReadingEvent) throws(LayoutError) -> Void
    ) throws(LayoutError) {
        guard let localHour = localHour(record, year: year, month: month, day: day, hour: hour) else {
            try emit(.rejected(line: line, message: "expected a date from 1950 on in the year, month, day and hour columns (hour 0–23)", raw: rawText(raw)))
            return
        }
        switch self.value(record.bytes(value), missing: missing) {
        case .missing:
            try emit(.missing(station: station, line: line))
        case .invalid:
            try emit(.rejected(line: line, message: "expected a number or NA in \(valueName), found '\(record.string(value))'", raw: rawText(raw)))
        case .number(let number):
            // An hour-ending label starts its hour one hour earlier.
            let start = localHour - offsetHours - (hourEnding ? 1 : 0)
            try emit(.reading(RawReading(station: station, hour: UTCHour(start), value: number, line: line)))
        }
    }
}
