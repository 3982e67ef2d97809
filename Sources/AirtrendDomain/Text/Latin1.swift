/// ISO-8859-1 text: every byte is the Unicode scalar of the same number, so no byte is ever lost.
///
/// StateAir's and AirNow's files are not UTF-8 (a unit column holds the bytes µ and ³, a site name
/// the single byte 0x82); reading them as UTF-8 would replace such bytes with U+FFFD for good.
public enum Latin1 {
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
