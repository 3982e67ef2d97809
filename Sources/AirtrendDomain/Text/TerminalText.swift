/// Text made safe to show on a terminal or in a log line: control characters written out as escapes.
///
/// Data files and upstreams are not trusted to be harmless text. A value holding `ESC [ 2 J` clears
/// the operator's screen, an OSC sequence retitles the window or writes to the clipboard, a carriage
/// return overwrites what was printed before, and a line feed inside a field forges a line of output
/// (or a log event). Every human-readable output of airtrend passes through ``escaped(_:keepingLineBreaks:)``
/// at the printing edge; CSV, JSON and the store keep the exact text.
public enum TerminalText {
    /// `text` with every C0 control (U+0000–U+001F) except tab, DEL (U+007F) and every C1 control
    /// (U+0080–U+009F) written as `\xNN` (two lower-case hex digits): ESC becomes `\x1b`, CSI (U+009B) `\x9b`.
    ///
    /// - Parameter keepingLineBreaks: keep `\n` as it is, for a message airtrend composed of several
    ///   lines; anything printed as one line (a table cell, a log field) escapes it too.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        // Fast path: most text has nothing to escape, and this runs on every line printed.
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingLineBreaks) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" + hex : hex)).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, _ keepingLineBreaks: Bool) -> Bool {
        let v = scalar.value
        if v == 9 { return false }
        if v == 10 { return !keepingLineBreaks }
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }
}
