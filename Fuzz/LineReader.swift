// fuzz-summary: LineReader over FileByteSource, plain and gzip (zlib, concatenated members, truncation)
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/**/*.csv Tests/AirtrendNormalizeTests/Fixtures/**/*.gz
// fuzz-seed-mode: whole
// fuzz-max-len: 16384
import AirtrendNormalize

/// The lines of a file read with the given buffer sizes, and the error that ended it.
func readLines(_ path: String, inputBuffer: Int, lineBuffer: Int) -> (lines: [[UInt8]], error: LayoutError?) {
    var lines: [[UInt8]] = []
    do {
        var reader = LineReader(source: try FileByteSource(path: path, inputBufferSize: inputBuffer),
                                bufferSize: lineBuffer, maximumLineLength: 1 << 12)
        let count = try reader.forEachLine { line, number throws(LayoutError) in
            invariant(number == lines.count + 1, "line \(number) after \(lines.count) lines")
            lines.append(Array(line))
        }
        invariant(count == lines.count, "forEachLine returned \(count) for \(lines.count) lines")
        return (lines, nil)
    } catch {
        return (lines, error)
    }
}

/// The lines of plain bytes: split at LF, one CR before it dropped, no empty line after a final LF.
func referenceLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = 0
    func add(_ end: Int) {
        var e = end
        if e > start && bytes[e - 1] == 13 { e -= 1 }
        lines.append(Array(bytes[start..<e]))
    }
    for i in 0..<bytes.count where bytes[i] == 10 { add(i); start = i + 1 }
    if start < bytes.count { add(bytes.count) }
    return lines
}

/// Tiny and large buffers read the same lines and fail the same way; plain input reads as its own
/// lines (a line over the limit is a badFile error); a gzip stream cut short never reads as complete
/// unless it was cut exactly after a member, and then it reads as a prefix of the whole.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let path = writeScratch(bytes)
    let small = readLines(path, inputBuffer: 2, lineBuffer: 16)
    let large = readLines(path, inputBuffer: 1 << 16, lineBuffer: 1 << 10)
    invariant(small.error?.kind == large.error?.kind && small.error?.message == large.error?.message,
              "buffer sizes disagree: \(String(describing: small.error)) against \(String(describing: large.error))")
    if let error = small.error {
        invariant(error.kind == .badFile, "a read error is badFile, got \(error.kind): \(error)")
        let (shorter, longer) = small.lines.count <= large.lines.count ? (small.lines, large.lines) : (large.lines, small.lines)
        invariant(longer.starts(with: shorter), "before the error, the buffer sizes read different lines")
    } else {
        invariant(small.lines == large.lines, "buffer sizes read different lines")
    }
    let gzip = bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    if !gzip {
        // A line (its CR included) of 4096 bytes or more fills the largest buffer: an error, else all is read.
        var longest = 0, run = 0
        for b in bytes { if b == 10 { longest = max(longest, run); run = 0 } else { run += 1 } }
        longest = max(longest, run)
        let tooLong = longest >= 1 << 12
        invariant((small.error != nil) == tooLong, "longest line \(longest) bytes, error: \(String(describing: small.error))")
        if !tooLong { invariant(small.lines == referenceLines(bytes), "plain input read as other lines") }
    } else if large.error == nil, bytes.count > 2 {
        // Cut the stream somewhere: it must fail, or read as a prefix of the whole (a cut between members).
        let cut = 1 + Int(bytes[bytes.count / 2]) * (bytes.count - 1) / 256
        let cutPath = writeScratch(UnsafeBufferPointer(rebasing: bytes[0..<cut]), suffix: ".cut")
        let part = readLines(cutPath, inputBuffer: 1 << 16, lineBuffer: 1 << 10)
        if part.error == nil {
            let whole = large.lines.map { $0 + [10] }.joined()
            let partial = part.lines.map { $0 + [10] }.joined()
            invariant(whole.starts(with: partial.dropLast()), "a gzip stream cut at \(cut) of \(bytes.count) bytes read as something else")
        }
    }
    return 0
}
