/// What a station id may look like: the check that keeps a damaged row from creating a station.
///
/// Ids are 1–64 characters of letters (any script: network lists use Chinese names), digits and
/// `-`, `_`, `.`, `:`, `@`, `/` or a space inside; control characters, quotes, commas and the
/// like mean the row was shifted or damaged.
public enum StationCode {
    public static let maximumLength = 64

    /// Why `code` cannot be a station id (`'x,y' is not …`), or nil when it can.
    public static func problem(_ code: String) -> String? {
        if isPlainASCIIID(code) { return nil }
        let expected = "expected 1–\(maximumLength) letters, digits, spaces or - _ . : @ /"
        guard !code.isEmpty, code.count <= maximumLength else { return "'\(code.prefix(80))' is not a station id: \(expected)" }
        let allowed = code.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:@/ ".unicodeScalars.contains(scalar)
        }
        guard allowed, code.first != " ", code.last != " " else { return "'\(code)' is not a station id: \(expected)" }
        return nil
    }

    /// True for an id of 1–64 ASCII letters, digits and allowed marks that neither starts nor ends with a space.
    ///
    /// Every row is checked, and the Unicode property lookup of the general rule cost an import of ASCII
    /// ids 15 % of its time; for ASCII each byte is one character and the only alphabetic bytes are the
    /// Latin letters, so this answers the general rule's question exactly. Anything else (non-ASCII letters,
    /// a problem to describe) goes to the general rule.
    private static func isPlainASCIIID(_ code: String) -> Bool {
        code.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last, bytes.count <= maximumLength,
                  first != UInt8(ascii: " "), last != UInt8(ascii: " ") else { return false }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"),
                     UInt8(ascii: " "):
                    continue
                default:
                    return false
                }
            }
            return true
        } ?? false
    }
}
