/// ISO-8859-1 text: every byte is the Unicode scalar of the same number, so no byte is ever lost.
///
/// AirNow's files are not UTF-8 (a site name carries the single byte 0x82); reading them as UTF-8
/// would replace such bytes with U+FFFD and could not be undone.
enum Latin1 {
    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
