/// What a station id may look like: the check that keeps a damaged row from creating a station.
///
/// Ids are 1–64 characters of letters (any script: network lists use Chinese names), digits and
/// `-`, `_`, `.`, `:`, `@`, `/` or a space inside; control characters, quotes, commas and the
/// like mean the row was shifted or damaged.
public enum StationCode {
    public static let maximumLength = 64

    /// Why `code` cannot be a station id (`'x,y' is not …`), or nil when it can.
    public static func problem(_ code: String) -> String? {
        let expected = "expected 1–\(maximumLength) letters, digits, spaces or - _ . : @ /"
        guard !code.isEmpty, code.count <= maximumLength else { return "'\(code.prefix(80))' is not a station id: \(expected)" }
        let allowed = code.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.:@/ ".unicodeScalars.contains(scalar)
        }
        guard allowed, code.first != " ", code.last != " " else { return "'\(code)' is not a station id: \(expected)" }
        return nil
    }
}
