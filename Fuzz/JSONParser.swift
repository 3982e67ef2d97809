// fuzz-summary: the feeds' JSONParser against an independent RFC 8259 grammar check, and written back and read again
// fuzz-seeds: Tests/AirtrendFeedsTests/Fixtures/**/*.json ../shared/reference/samples/*.json
// fuzz-seed-mode: whole
// fuzz-max-len: 8192
// fuzz-dict: Fuzz/dict/json.dict
@testable import AirtrendFeeds

/// RFC 8259's grammar, checked without building anything; `maxDepth` and `nonFinite` note what the
/// parser may refuse on purpose (nesting past its limit, numbers beyond a Double's range).
/// Leniencies the parser has by design are allowed here too: a leading UTF-8 byte-order mark, and
/// string bytes that are not valid UTF-8 (repaired on decoding).
struct JSONGrammar {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    var maxDepth = 0
    var nonFinite = false

    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONGrammar? {
        var g = JSONGrammar(b: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { g.i = 3 }
        guard g.value() else { return nil }
        g.space()
        return g.i == bytes.count ? g : nil
    }

    mutating func space() { while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }
    mutating func eat(_ c: UInt8) -> Bool { if i < b.count, b[i] == c { i += 1; return true }; return false }
    mutating func word(_ w: String) -> Bool {
        let u = Array(w.utf8)
        guard i + u.count <= b.count, b[i..<(i + u.count)].elementsEqual(u) else { return false }
        i += u.count
        return true
    }

    mutating func value() -> Bool {
        space()
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1; depth += 1; maxDepth = max(maxDepth, depth); defer { depth -= 1 }
            space()
            if eat(UInt8(ascii: "}")) { return true }
            while true {
                space()
                guard string() else { return false }
                space()
                guard eat(UInt8(ascii: ":")), value() else { return false }
                space()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            i += 1; depth += 1; maxDepth = max(maxDepth, depth); defer { depth -= 1 }
            space()
            if eat(UInt8(ascii: "]")) { return true }
            while true {
                guard value() else { return false }
                space()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return word("true")
        case UInt8(ascii: "f"): return word("false")
        case UInt8(ascii: "n"): return word("null")
        default: return number()
        }
    }

    mutating func digits() -> Int { let s = i; while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }; return i - s }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number() -> Bool {
        let start = i
        _ = eat(UInt8(ascii: "-"))
        guard i < b.count, b[i] >= 48, b[i] <= 57 else { return false }
        if b[i] == 48 { i += 1 } else { _ = digits() }
        if eat(UInt8(ascii: ".")) { guard digits() > 0 else { return false } }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        if let v = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)), !v.isFinite { nonFinite = true }
        return true
    }

    mutating func string() -> Bool {
        guard eat(UInt8(ascii: "\"")) else { return false }
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\"") { return true }
            if c < 0x20 { return false }
            if c == UInt8(ascii: "\\") {
                guard i < b.count else { return false }
                let e = b[i]
                i += 1
                if Array("\"\\/bfnrt".utf8).contains(e) { continue }
                guard e == UInt8(ascii: "u"), i + 4 <= b.count,
                      b[i..<(i + 4)].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else { return false }
                i += 4
            }
        }
        return false
    }
}

/// A value as canonical JSON text: keys sorted, control characters escaped, numbers as Swift writes
/// them (always valid JSON for a finite Double).
func write(_ value: JSONValue, into out: inout [UInt8]) {
    switch value {
    case .null: out += Array("null".utf8)
    case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
    case .number(let number):
        invariant(number.isFinite, "the parser produced the number \(number)")
        out += Array(String(number).utf8)
    case .string(let text): writeString(text, into: &out)
    case .array(let items):
        out.append(UInt8(ascii: "["))
        for (k, item) in items.enumerated() { if k > 0 { out.append(UInt8(ascii: ",")) }; write(item, into: &out) }
        out.append(UInt8(ascii: "]"))
    case .object(let members):
        out.append(UInt8(ascii: "{"))
        for (k, key) in members.keys.sorted().enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(members[key]!, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
        case 0..<0x20: out += Array("\\u00".utf8) + Array((byte < 16 ? "0" : "").utf8) + Array(String(byte, radix: 16).utf8)
        default: out.append(byte)
        }
    }
    out.append(UInt8(ascii: "\""))
}

/// The parser accepts exactly the RFC 8259 texts (bar its nesting limit and numbers a Double cannot
/// hold, which it refuses), never hands out a non-finite number, and what it reads, written back as
/// JSON, reads again as the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let grammar = JSONGrammar.check(bytes)
    let parsed = try? JSONParser.parse(Array(bytes))
    if let parsed {
        invariant(grammar != nil, "accepted text that is not JSON: '\(printable(bytes))'")
        var out: [UInt8] = []
        write(parsed, into: &out)
        let again = try? JSONParser.parse(out)
        invariant(again == parsed, "read back differently: '\(printable(out))'")
    } else if let grammar {
        invariant(grammar.maxDepth >= 512 || grammar.nonFinite, "refused valid JSON: '\(printable(bytes))'")
    }
    return 0
}
