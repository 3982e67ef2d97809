import AirtrendDomain

/// What the generic `csv` layout reads: which columns hold the value, the time and the station, how
/// times are written, and what marks a missing value.
public struct CSVLayoutOptions: LayoutOptions {
    static let valueColumnKey = OptionSpec("value_column", required: true, summary: "column holding the PM2.5 value (µg/m³)")
    static let timeColumnKey = OptionSpec("time_column", summary: "column holding the time; use with time_format")
    static let timeFormatKey = OptionSpec("time_format", summary: "strftime-style format of time_column, e.g. '%Y-%m-%d %H:%M' or '%Y-%m-%dT%H:%M:%SZ'")
    static let dateColumnsKey = OptionSpec("date_columns", .list, summary: "YEAR,MONTH,DAY,HOUR column names instead of time_column")
    static let stationColumnKey = OptionSpec("station_column", summary: "column naming each row's station")
    static let hourEndingKey = OptionSpec("hour_ending", .flag, summary: "a time label marks the end of its hour (13:00 is 12:00–13:00)")
    static let delimiterKey = OptionSpec("delimiter", summary: "field delimiter, one ASCII character or \\t (default ',')")
    public static let specs = [
        CommonLayoutOptions.stationKey, stationColumnKey, valueColumnKey, timeColumnKey, timeFormatKey, dateColumnsKey,
        CommonLayoutOptions.missingKey, hourEndingKey, CommonLayoutOptions.timeZoneKey, delimiterKey,
    ]

    /// Where a row's time comes from.
    public enum TimeSource: Sendable {
        case column(name: String, format: TimeFormat)
        /// Year, month, day and hour column names, in that order.
        case dateColumns([String])
    }

    /// Where a row's station comes from.
    public enum StationSource: Sendable {
        case fixed(String)
        case column(String)
    }

    public var valueColumn: String
    public var time: TimeSource
    public var station: StationSource
    public var missing: [[UInt8]]
    public var hourEnding: Bool
    public var timeZone: StationTimeZone?
    public var delimiter: UInt8

    public init(_ values: OptionValues) throws(LayoutError) {
        func usage(_ message: String) -> LayoutError { LayoutError(file: nil, line: nil, message: "layout csv: " + message, kind: .usage) }
        guard let value = values.text(Self.valueColumnKey.key) else { throw usage("--value-column NAME is required") }
        valueColumn = value
        switch (values.text(Self.timeColumnKey.key), values.text(Self.timeFormatKey.key), values.list(Self.dateColumnsKey.key)) {
        case let (column?, format?, nil):
            time = .column(name: column, format: try TimeFormat(format))
        case (nil, nil, let columns?):
            guard columns.count == 4 else { throw usage("--date-columns takes four names, YEAR,MONTH,DAY,HOUR; got \(columns.count)") }
            time = .dateColumns(columns)
        case (.some, nil, _): throw usage("--time-column needs --time-format (e.g. '%Y-%m-%d %H:%M')")
        case (nil, .some, _): throw usage("--time-format needs --time-column")
        case (.some, .some, .some): throw usage("give either --time-column with --time-format, or --date-columns, not both")
        case (nil, nil, nil): throw usage("give --time-column NAME --time-format FORMAT, or --date-columns YEAR,MONTH,DAY,HOUR")
        }
        switch (values.text(CommonLayoutOptions.stationKey.key), values.text(Self.stationColumnKey.key)) {
        case (.some, .some): throw usage("give either --station or --station-column, not both")
        case (nil, nil): throw usage("give --station ID for a single-station file, or --station-column NAME")
        case let (station?, nil): self.station = .fixed(station)
        case let (nil, column?): self.station = .column(column)
        }
        let delimiter = values.text(Self.delimiterKey.key) ?? ","
        guard delimiter == "\\t" || delimiter.utf8.count == 1 && delimiter.utf8.first! < 0x80 else {
            throw usage("--delimiter must be one ASCII character, got '\(delimiter)'")
        }
        self.delimiter = delimiter == "\\t" ? 9 : delimiter.utf8.first!
        missing = CommonLayoutOptions.missingTokens(values)
        hourEnding = values.flag(Self.hourEndingKey.key)
        timeZone = try CommonLayoutOptions.parseTimeZone(values, layout: CSVLayout.name)
    }
}
