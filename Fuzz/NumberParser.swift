// fuzz-summary: NumberParser.double and smallInt against Swift's own parser and the plain-decimal grammar
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/**/*.csv Config/data/stateair-beijing/*.csv
// fuzz-seed-mode: fields
// fuzz-max-len: 80
// fuzz-dict: Fuzz/dict/number.dict
@testable import AirtrendNormalize

/// A plain decimal: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
func isPlainDecimal(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = t.count
    func digits() -> Int { let s = i; while i < n, t[i] >= 48, t[i] <= 57 { i += 1 }; return i - s }
    if i < n, t[i] == 43 || t[i] == 45 { i += 1 }
    var mantissa = digits()
    if i < n, t[i] == 46 { i += 1; mantissa += digits() }
    guard mantissa > 0 else { return false }
    if i < n, t[i] == 101 || t[i] == 69 {
        i += 1
        if i < n, t[i] == 43 || t[i] == 45 { i += 1 }
        guard digits() > 0 else { return false }
    }
    return i == n
}

/// Accepted text is a plain decimal (never hex, `nan` or `inf`: issue 10); the value is then Swift's
/// correctly rounded parse of it, and finite (an overflow such as `1e400` is refused, not turned into
/// infinity). A plain decimal of fewer than 64 bytes whose value is finite is accepted.
/// `smallInt` takes exactly 1 to 9 digits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumberParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let raw = input(data, size)
    let t = raw.trimmed()
    let text = String(decoding: t, as: UTF8.self)
    let swift = Double(text)
    if let value = NumberParser.double(raw) {
        invariant(isPlainDecimal(t), "accepted '\(printable(t))' (\(value)), which is not a plain decimal")
        invariant(value.isFinite, "accepted '\(printable(t))' as the non-finite \(value)")
        invariant(swift?.bitPattern == value.bitPattern, "'\(printable(t))' is \(value) here, \(String(describing: swift)) for Swift")
    } else if isPlainDecimal(t), t.count < 64, let swift, swift.isFinite {
        invariant(false, "refused the plain decimal '\(printable(t))' (\(swift))")
    }
    let allDigits = !t.isEmpty && t.allSatisfy { $0 >= 48 && $0 <= 57 }
    if let small = NumberParser.smallInt(raw) {
        invariant(allDigits && t.count <= 9 && Int(text) == small, "smallInt took '\(printable(t))' as \(small)")
    } else {
        invariant(!(allDigits && t.count <= 9), "smallInt refused '\(printable(t))'")
    }
    return 0
}
