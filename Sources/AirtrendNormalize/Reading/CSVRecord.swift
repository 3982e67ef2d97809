import AirtrendDomain

/// The fields of one delimited line, as byte ranges into that line.
///
/// Quoted fields (RFC 4180) may hold the delimiter and doubled quotes; a quoted
/// field spanning lines is not supported and shows up as a short row.
public struct CSVRecord {
    public private(set) var ranges: [Range<Int>] = []
    private var quoted: [Bool] = []
    public private(set) var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    public init() {
        ranges.reserveCapacity(32)
        quoted.reserveCapacity(32)
    }

    public var count: Int { ranges.count }

    /// Splits `line` on `delimiter`, reusing this record's storage.
    public mutating func split(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = 44) {
        self.line = line
        ranges.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        let n = line.count
        var i = 0
        while true {
            if i < n && line[i] == 34 {
                // Quoted field: ends at a quote not followed by another quote.
                let start = i + 1
                var j = start
                var hasEscapes = false
                while j < n {
                    if line[j] == 34 {
                        if j + 1 < n && line[j + 1] == 34 { hasEscapes = true; j += 2; continue }
                        break
                    }
                    j += 1
                }
                ranges.append(start..<min(j, n))
                quoted.append(hasEscapes)
                i = j + 1
                while i < n && line[i] != delimiter { i += 1 }
            } else {
                let start = i
                while i < n && line[i] != delimiter { i += 1 }
                ranges.append(start..<i)
                quoted.append(false)
            }
            if i >= n { break }
            i += 1 // past the delimiter
            if i == n { ranges.append(n..<n); quoted.append(false); break }
        }
    }

    /// The raw bytes of field `index`, surrounding quotes removed.
    @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let r = ranges[index]
        return UnsafeBufferPointer(rebasing: line[r])
    }

    /// Field `index` as text (UTF-8, invalid bytes repaired), doubled quotes undone, spaces trimmed.
    public func string(_ index: Int) -> String {
        guard quoted[index] else { return String(decoding: bytes(index), as: UTF8.self).trimmingSpaces() }
        // On bytes, not Characters: a quote followed by a combining mark is one Character, so `""`
        // before one was not undone.
        var unescaped: [UInt8] = []
        var previousWasQuote = false
        for byte in bytes(index) {
            if byte == 34 && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = byte == 34
            unescaped.append(byte)
        }
        return String(decoding: unescaped, as: UTF8.self).trimmingSpaces()
    }

    /// Field `index` decoded as Latin-1 (ISO 8859-1), for files that are not UTF-8.
    public func latin1String(_ index: Int) -> String {
        Latin1.string(bytes(index))
    }
}

extension String {
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(self[first...last])
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes with leading and trailing spaces and tabs removed.
    @inline(__always)
    public func trimmed() -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = count
        while lo < hi && (self[lo] == 32 || self[lo] == 9) { lo += 1 }
        while hi > lo && (self[hi - 1] == 32 || self[hi - 1] == 9) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: self[lo..<hi])
    }

    /// Byte-wise equality with an ASCII string.
    @inline(__always)
    public func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for i in 0..<count where self[i] != other[i] { return false }
        return true
    }
}
