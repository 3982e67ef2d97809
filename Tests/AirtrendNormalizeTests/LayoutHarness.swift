import AirtrendDomain
import AirtrendNormalize
import Foundation

/// Runs a real layout over a file with the real line reader and collects its events.
func events(layout name: String, options: TestLayoutOptions, file: String) throws -> [ReadingEvent] {
    var layout = try LayoutRegistry.make(named: name, options: options, file: file)
    var reader = LineReader(source: try FileByteSource(path: file), bufferSize: 64)
    var collected: [ReadingEvent] = []
    _ = try reader.forEachLine { line, number throws(LayoutError) in
        try layout.consume(line: line, number: number) { event throws(LayoutError) in collected.append(event) }
    }
    try layout.finish { event throws(LayoutError) in collected.append(event) }
    return collected
}

/// Writes text to a new temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

func fixture(_ relative: String) -> String {
    Bundle.module.path(forResource: "Fixtures/" + relative, ofType: nil)!
}

extension [ReadingEvent] {
    var readings: [RawReading] {
        compactMap { if case .reading(let r) = $0 { r } else { nil } }
    }
    var missingCount: Int {
        filter { if case .missing = $0 { true } else { false } }.count
    }
    var rejections: [(line: Int, message: String)] {
        compactMap { if case let .rejected(line, message, _) = $0 { (line, message) } else { nil } }
    }
}

func hour(_ y: Int, _ m: Int, _ d: Int, _ h: Int) -> UTCHour {
    UTCHour(date: CivilDate(year: y, month: m, day: d)!, hour: h)
}

/// Test shorthand for the options the bundled layouts read, by property; the layouts receive them as the
/// plain values a user writes (``values``), through the real registry.
struct TestLayoutOptions {
    var station: String?
    var stationColumn: String?
    var valueColumn: String?
    var timeColumn: String?
    var timeFormat: String?
    var dateColumns: [String]?
    var missing: [String]?
    var hourEnding = false
    var timeZone: StationTimeZone?
    var delimiter: String?
    /// The station list of `cnemc-sites` (`station_list`, `--stations`).
    var stations: String?
    var stationTimeZones: [String: StationTimeZone] = [:]

    var values: OptionValues {
        var values = OptionValues()
        let texts: [(String, String?)] = [
            ("station", station), ("station_column", stationColumn), ("value_column", valueColumn), ("time_column", timeColumn),
            ("time_format", timeFormat), ("timezone", timeZone?.name), ("delimiter", delimiter), ("station_list", stations),
        ]
        for case let (key, value?) in texts { values[key] = .string(value) }
        if let dateColumns { values["date_columns"] = .list(dateColumns) }
        if let missing { values["missing"] = .list(missing) }
        if hourEnding { values["hour_ending"] = .bool(true) }
        return values
    }
}

extension LayoutRegistry {
    static func make(named name: String, options: TestLayoutOptions, file: String) throws(LayoutError) -> any ArchiveLayout {
        try make(named: name, values: options.values, context: LayoutContext(file: file, stationTimeZones: options.stationTimeZones))
    }
}
