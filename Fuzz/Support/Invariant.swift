#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AirtrendDomain

/// Stops the run when a property the harness checks does not hold.
///
/// libFuzzer sees the abort as a crash and saves the input under `.fuzz/TARGET/crashes/`;
/// the message says which property failed and on what.
@inline(__always)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    let text = "INVARIANT VIOLATED at \(file):\(line): \(message())\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    abort()
}

/// The fuzzer's input as a buffer (valid during the call only).
@inline(__always)
func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
}

/// Bytes as printable text for a message: ASCII as is, anything else as `\xNN`.
func printable<S: Sequence>(_ bytes: S, limit: Int = 120) -> String where S.Element == UInt8 {
    var out = ""
    for (i, b) in bytes.enumerated() {
        if i == limit { out += "…"; break }
        out += (b >= 0x20 && b < 0x7F) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }
    return out
}

/// No layout or feed may place a reading before 1950: the hour is then a garbled or default date
/// (0001-01-01, a year 0 from a missing field), not a measurement. One day earlier is allowed for
/// a 1950-01-01 local label east of UTC.
let earliestPlausibleHour = UTCHour(date: CivilDate(year: 1949, month: 12, day: 31)!, hour: 0)

/// True when the text spells NaN or infinity (`nan`, `-inf`, `Infinity`…), the only way a parser
/// may hand out a non-finite value; quality control then quarantines it as `non-finite`.
func spellsNonFinite<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    let lower = String(decoding: bytes, as: UTF8.self).lowercased()
    return lower.contains("nan") || lower.contains("inf")
}
