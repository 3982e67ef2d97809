// fuzz-summary: CSVRecord.split (RFC 4180 quotes, any delimiter) and its field accessors
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/**/*.csv Config/data/stateair-beijing/*.csv
// fuzz-seed-mode: lines
// fuzz-max-len: 2048
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendNormalize

/// Fields are in-bounds, ordered byte ranges; a line without quotes splits into exactly one field more
/// than it has delimiters and joins back to itself; and what `string(_:)` reads back from fields written
/// out again with RFC 4180 quoting is what it read the first time.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let line = input(data, size)
    var record = CSVRecord()
    for delimiter: UInt8 in [44, 59, 9] {
        record.split(line, delimiter: delimiter)
        let delimiters = line.reduce(0) { $0 + ($1 == delimiter ? 1 : 0) }
        invariant(record.count >= 1 && record.count <= delimiters + 1,
                  "\(record.count) fields from \(delimiters) delimiters in '\(printable(line))'")
        var previousEnd = 0
        for range in record.ranges {
            invariant(range.lowerBound >= previousEnd && range.upperBound <= line.count,
                      "field \(range) out of order or bounds (\(line.count) bytes) in '\(printable(line))'")
            previousEnd = range.upperBound
        }
        if !line.contains(34) {
            invariant(record.count == delimiters + 1, "an unquoted line with \(delimiters) delimiters gave \(record.count) fields")
            let joined = (0..<record.count).map { Array(record.bytes($0)) }.joined(separator: [delimiter])
            invariant(joined.elementsEqual(line), "an unquoted line does not join back: '\(printable(line))'")
        }
        let strings = (0..<record.count).map { record.string($0) }
        for i in 0..<record.count {
            _ = record.latin1String(i)
            let s = strings[i]
            invariant(s.first != " " && s.first != "\t" && s.last != " " && s.last != "\t", "string(\(i)) is not trimmed: '\(s)'")
        }
        // Write the fields back, every one quoted, and read them again.
        var written: [UInt8] = []
        for (i, s) in strings.enumerated() {
            if i > 0 { written.append(delimiter) }
            written.append(34)
            for b in s.utf8 { written.append(b); if b == 34 { written.append(34) } }
            written.append(34)
        }
        // The record points into the bytes it split, so it is read while they are held.
        let back = written.withUnsafeBufferPointer { buffer -> [String] in
            var again = CSVRecord()
            again.split(buffer, delimiter: delimiter)
            return (0..<again.count).map { again.string($0) }
        }
        invariant(back.count == strings.count, "re-quoted fields split into \(back.count), not \(strings.count): '\(printable(written))'")
        for i in 0..<strings.count {
            invariant(back[i] == strings[i], "field \(i) '\(strings[i])' reads back as '\(back[i])' once quoted: '\(printable(written))'")
        }
    }
    return 0
}
