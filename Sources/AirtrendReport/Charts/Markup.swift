import AirtrendDomain

/// Text helpers shared by the SVG and HTML writers: escaping and compact numbers.
///
/// Everything the charts and the page print goes through ``escape(_:)``, so a station or city
/// name can never break the markup (both are written as XML, which HTML parsers also read).
public enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities; control characters other than
    /// tab and newline are dropped (XML 1.0 cannot carry them).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0x7F { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A coordinate with at most one decimal and no trailing `.0` (`12`, `12.5`), so the SVG stays small.
    public static func coordinate(_ value: Double) -> String {
        let text = value.formatted(decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A concentration as the report prints it: one decimal, rounded half to even.
    public static func concentration(_ value: Double) -> String { value.formatted(decimals: 1) }

    /// A signed number with a real minus sign, for labels people read (`−7.1`, `+2.0`).
    public static func signed(_ value: Double, decimals: Int = 1) -> String {
        let text = value.formatted(decimals: decimals)
        if text.hasPrefix("-") { return "−" + text.dropFirst() }
        return (Double(text) ?? 0) == 0 ? text : "+" + text
    }
}
