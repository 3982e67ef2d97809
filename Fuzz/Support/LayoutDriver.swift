import AirtrendDomain
import AirtrendNormalize

/// The fuzzer's bytes as a ``ByteSource``, handed out `chunk` bytes at a time so lines cross reads.
struct MemoryByteSource: ByteSource {
    let name = "fuzz-input"
    let bytes: UnsafeBufferPointer<UInt8>
    let chunk: Int
    var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        guard n > 0 else { return 0 }
        buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
        offset += n
        return n
    }
}

/// What a layout made of one input.
struct LayoutRun {
    var events: [ReadingEvent] = []
    /// The lines as the layout saw them, by number (index 0 is line 1).
    var lines: [[UInt8]] = []
    /// The error that ended the file, if any (a missing header, a line too long).
    var error: LayoutError?
}

/// Runs the named layout over `bytes` with the real line reader, as `airtrend import` does.
func runLayout(_ name: String, options: OptionValues, bytes: UnsafeBufferPointer<UInt8>) -> LayoutRun {
    var run = LayoutRun()
    let layout: any ArchiveLayout
    do {
        layout = try LayoutRegistry.make(named: name, values: options, context: LayoutContext(file: "fuzz-input"))
    } catch {
        invariant(false, "the harness's options for \(name) are refused: \(error)")
        return run
    }
    var open = layout
    // Small reads and a small line limit keep every boundary in play and memory bounded.
    let chunk = 1 + (bytes.count % 61)
    var reader = LineReader(source: MemoryByteSource(bytes, chunk: chunk), bufferSize: 64, maximumLineLength: 1 << 16)
    do {
        _ = try reader.forEachLine { line, number throws(LayoutError) in
            run.lines.append(Array(line))
            invariant(number == run.lines.count, "line numbers run 1, 2, 3…: got \(number) for line \(run.lines.count)")
            try open.consume(line: line, number: number) { event throws(LayoutError) in run.events.append(event) }
        }
        try open.finish { event throws(LayoutError) in run.events.append(event) }
    } catch {
        invariant(error.kind == .badFile || error.kind == .badRow || error.kind == .truncated,
                  "\(name): a file error is badFile, badRow or truncated, got \(error.kind): \(error)")
        run.error = error
    }
    return run
}

/// The properties every layout keeps whatever the input ("never turn garbage into data").
///
/// - Parameters:
///   - headerLine: the line number of the header, when the layout read one.
///   - delimiter: the field delimiter, to count fields of the lines events came from.
func checkLayoutRun(_ name: String, _ run: LayoutRun, headerLine: Int?, delimiter: UInt8 = 44) {
    var record = CSVRecord()
    func fieldCount(_ line: Int) -> Int {
        run.lines[line - 1].withUnsafeBufferPointer { record.split($0, delimiter: delimiter); return record.count }
    }
    let headerFields = headerLine.map(fieldCount)
    for event in run.events {
        let line: Int
        switch event {
        case .reading(let r):
            line = r.line
            invariant(r.hour >= earliestPlausibleHour, "\(name): line \(r.line) became a reading at \(r.hour), before 1950: '\(printable(run.lines[r.line - 1]))'")
            invariant(!r.station.isEmpty, "\(name): line \(r.line) became a reading without a station")
            invariant(r.value.isFinite, "\(name): line \(r.line) became the non-finite value \(r.value): '\(printable(run.lines[r.line - 1]))'")
        case .missing(let station, let l):
            line = l
            invariant(!station.isEmpty, "\(name): line \(l) marked missing for an empty station")
        case .unknownStation(let station, let l):
            line = l
            invariant(!station.isEmpty, "\(name): line \(l) reported an empty unknown station")
        case .rejected(let l, let message, _):
            invariant(l >= 1 && l <= run.lines.count, "\(name): rejected line \(l) of \(run.lines.count)")
            invariant(!message.isEmpty, "\(name): a rejection without a reason")
            continue
        case .station(let info):
            invariant(!info.id.isEmpty, "\(name): a station without an id")
            continue
        case .warning:
            continue
        }
        invariant(line >= 1 && line <= run.lines.count, "\(name): event for line \(line) of \(run.lines.count)")
        invariant(line != headerLine, "\(name): the header line \(line) produced a value")
        if let headerFields {
            let fields = fieldCount(line)
            invariant(fields == headerFields,
                      "\(name): line \(line) has \(fields) fields, the header \(headerFields), yet it was read: '\(printable(run.lines[line - 1]))'")
        }
    }
}
