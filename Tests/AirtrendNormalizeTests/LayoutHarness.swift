import AirtrendDomain
import AirtrendNormalize
import Foundation

/// Runs a real layout over a file with the real line reader and collects its events.
func events(layout name: String, options: LayoutOptions, file: String) throws -> [ReadingEvent] {
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
