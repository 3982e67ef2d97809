/// A conservative estimate of how wide a line of text is drawn, for laying out labels.
///
/// The charts name no web font (they must not load anything), so the viewer's sans-serif is
/// used and exact widths are unknown. The estimate errs wide: digits and most Latin letters
/// are taken at 0.62 em (DejaVu Sans, the widest common fallback, draws digits at 0.64 em
/// and lower-case letters at about 0.6), wide letters at 0.9 em and CJK characters at a
/// full em, so labels placed apart by it stay apart in any common sans-serif.
public enum TextMetrics {
    public static func width(_ text: String, size: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x7C, 0x69, 0x6A, 0x6C, 0x49: ems += 0.36 // space . , : ; ' | i j l I
            case 0x66, 0x72, 0x74, 0x28, 0x29, 0x5B, 0x5D, 0x2F: ems += 0.45 // f r t ( ) [ ] /
            case 0x6D, 0x77, 0x4D, 0x57, 0x25, 0x40: ems += 0.95 // m w M W % @
            case 0x41...0x5A: ems += 0.72 // other capitals
            case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF: ems += 1.0 // CJK and full-width forms
            default: ems += 0.62
            }
        }
        return ems * size
    }
}
