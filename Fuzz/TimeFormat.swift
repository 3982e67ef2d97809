// fuzz-summary: TimeFormat (strftime-style patterns) compiled and matched; input is PATTERN, a newline, then TEXT
// fuzz-seeds:
// fuzz-seed-mode: whole
// fuzz-max-len: 256
// fuzz-dict: Fuzz/dict/time.dict
import AirtrendDomain
@testable import AirtrendNormalize

/// Writes a matched time back in the pattern's own form: two digits, four for `%Y`, `+HH:MM`, and
/// midnight as 00:00 (a `24:00` read reads back as 00:00 of the next day, the same time).
func write(_ tokens: [TimeFormat.Token], _ parsed: TimeFormat.Parsed) -> [UInt8] {
    let day = parsed.wallMinutes.floorDiv(1440)
    let minutes = parsed.wallMinutes - day * 1440
    let date = CivilDate(dayNumber: day)
    func digits(_ v: Int, _ width: Int) -> [UInt8] {
        let text = String(v)
        return Array((String(repeating: "0", count: max(0, width - text.count)) + text).utf8)
    }
    var out: [UInt8] = []
    for token in tokens {
        switch token {
        case .year4: out += digits(date.year, 4)
        case .year2: out += digits(date.year % 100, 2)
        case .month: out += digits(date.month, 2)
        case .day: out += digits(date.day, 2)
        case .hour: out += digits(minutes / 60, 2)
        case .minute: out += digits(minutes % 60, 2)
        case .second: out += digits(0, 2)
        case .offset:
            let o = parsed.offsetMinutes ?? 0
            out += Array((o < 0 ? "-" : "+").utf8) + digits(abs(o) / 60, 2) + Array(":".utf8) + digits(abs(o) % 60, 2)
        case .literal(let b): out.append(b)
        case .space: out.append(32)
        case .utcMarker: out.append(UInt8(ascii: "Z"))
        }
    }
    return out
}

/// Patterns compile or fail with a usage error; a match names a real calendar time (month 1–12, a day
/// of that month, hour 0–24 with 24 only as 24:00, whole minutes, seconds zero) with an offset of at most
/// ±14:00 in whole minutes below 60; written back in the pattern's form it matches again to the same time.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeFormat(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let split = bytes.firstIndex(of: 10) ?? bytes.count
    let pattern = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<split]), as: UTF8.self)
    let text = UnsafeBufferPointer(rebasing: bytes[min(split + 1, bytes.count)...])
    let format: TimeFormat
    do {
        format = try TimeFormat(pattern)
    } catch {
        invariant(error.kind == .usage, "pattern '\(pattern)': expected a usage error, got \(error.kind)")
        return 0
    }
    invariant(format.carriesOffset == (format.tokens.contains(.offset) || format.tokens.contains(.utcMarker)), "carriesOffset")
    guard let parsed = format.parse(text) else { return 0 }
    let day = parsed.wallMinutes.floorDiv(1440)
    let date = CivilDate(dayNumber: day)
    invariant(date.year >= 0 && date.year <= 10_000, "'\(printable(text))' with '\(pattern)' is in the year \(date.year)")
    if let offset = parsed.offsetMinutes {
        invariant(abs(offset) <= 14 * 60 && abs(offset) % 60 < 60,
                  "'\(printable(text))' with '\(pattern)' has the offset \(offset) minutes, beyond ±14:00")
    }
    // 24:00 of 2068-12-31 (`%y`) or of 9999-12-31 (`%Y`) lands on a year the pattern cannot write.
    if format.tokens.contains(.year2) && !(1969...2068).contains(date.year) { return 0 }
    if date.year > 9999 { return 0 }
    let once = write(format.tokens, parsed)
    let again = once.withUnsafeBufferPointer { format.parse($0) }
    invariant(again == parsed, "'\(printable(text))' with '\(pattern)' reads as \(parsed), written back as '\(printable(once))' it reads as \(String(describing: again))")
    return 0
}
