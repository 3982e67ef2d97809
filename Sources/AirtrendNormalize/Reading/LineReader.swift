/// Splits a byte source into lines without holding more than one buffer of it.
///
/// Lines end at LF; a CR before the LF is dropped, so CRLF files read the same.
/// The line handed to the body is valid only during the call.
public struct LineReader<Source: ByteSource> {
    private var source: Source
    private let bufferSize: Int
    private let maximumLineLength: Int

    /// - Parameters:
    ///   - bufferSize: bytes read per call to the source.
    ///   - maximumLineLength: longer lines are never held whole, so a file without newlines cannot exhaust
    ///     memory: see ``forEachLine(tooLong:_:)``. 1 MiB is far above any line of the formats airtrend reads.
    public init(source: Source, bufferSize: Int = 1 << 20, maximumLineLength: Int = 1 << 20) {
        self.source = source
        self.bufferSize = max(16, bufferSize)
        self.maximumLineLength = maximumLineLength
    }

    /// Calls `body` with each line and its 1-based number; returns the number of lines.
    ///
    /// - Parameter tooLong: called with the number of a line longer than the maximum, whose bytes are
    ///   then skipped up to its end so the lines after it are read; without it such a line is an error.
    /// - Throws: a read error of the source (a truncated gzip stream) after some lines were handed out
    ///   is ``LayoutError/Kind/truncated``: the complete lines before it were read, the partial one is dropped.
    public mutating func forEachLine(
        tooLong: ((Int) throws(LayoutError) -> Void)? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws(LayoutError) -> Void
    ) throws(LayoutError) -> Int {
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var start = 0
        var end = 0
        var lineNumber = 0
        var atEOF = false
        // Inside a line longer than the maximum: its bytes are dropped until its newline.
        var skipping = false
        while true {
            // Hand out every complete line in buffer[start..<end].
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var scan = start
            while scan < end {
                if let found = memchrIndex(base, from: scan, to: end) {
                    lineNumber += 1
                    if skipping {
                        skipping = false
                        start = found + 1
                        scan = start
                        continue
                    }
                    var lineEnd = found
                    if lineEnd > start && base[lineEnd - 1] == 13 { lineEnd -= 1 }
                    try body(UnsafeBufferPointer(start: base + start, count: lineEnd - start), lineNumber)
                    start = found + 1
                    scan = start
                } else {
                    scan = end
                }
            }
            if atEOF {
                if skipping { return lineNumber + 1 }
                if start < end {
                    lineNumber += 1
                    var lineEnd = end
                    if base[lineEnd - 1] == 13 { lineEnd -= 1 }
                    try body(UnsafeBufferPointer(start: base + start, count: lineEnd - start), lineNumber)
                }
                return lineNumber
            }
            // Keep the partial line, growing the buffer if it alone fills it.
            let remaining = end - start
            if start > 0 {
                if remaining > 0 { (base).update(from: base + start, count: remaining) }
                start = 0
                end = remaining
            }
            if skipping {
                end = 0
            } else if end == buffer.count && buffer.count >= maximumLineLength {
                guard let tooLong else {
                    throw LayoutError(file: source.name, line: lineNumber + 1, message: "line longer than \(maximumLineLength) bytes; is this a text file?", kind: .badFile)
                }
                try tooLong(lineNumber + 1)
                skipping = true
                end = 0
            } else if end == buffer.count {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
                buffer.deallocate()
                buffer = bigger
            }
            let n: Int
            do {
                n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            } catch where lineNumber > 0 {
                throw LayoutError(file: source.name, line: lineNumber + 1,
                                  message: "\(error.message); the \(lineNumber) complete lines before it were read, the rest of the file was not",
                                  kind: .truncated)
            }
            if n == 0 { atEOF = true } else { end += n }
        }
    }
}

@inline(__always)
private func memchrIndex(_ base: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int? {
    guard let hit = memchr(base + from, 10, to - from) else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
