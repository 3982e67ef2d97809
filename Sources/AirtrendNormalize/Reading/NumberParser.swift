#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from bytes, without building a String per field.
public enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A double from a plain decimal such as `12`, `-3.5`, `.5` or `1e3`; nil for anything else.
    ///
    /// Only digits, one sign, one point and a decimal exponent are numbers: hexadecimal (`0x10`),
    /// `inf`, `nan`, thousands separators and anything that overflows to infinity are not, so
    /// garbage never becomes data. Short decimals (up to 15 significant digits, exponent within ±22) are
    /// converted exactly by one multiplication or division; anything else goes
    /// through `strtod`, so the result is always the correctly rounded double.
    @inline(__always)
    public static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        let bytes = raw.trimmed()
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == 45 || bytes[0] == 43 { negative = bytes[0] == 45; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < n, bytes[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            if mantissa != 0 { digits += 1 }
            sawDigit = true
            i += 1
        }
        if i < n && bytes[i] == 46 {
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                if mantissa != 0 { digits += 1 }
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        if i == n && sawDigit && digits <= 15 && exponent >= -22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] }
            return negative ? -value : value
        }
        return slowPath(bytes)
    }

    /// `strtod` for what the fast path leaves: long or exponent decimals.
    ///
    /// Only a plain decimal reaches `strtod`, which would also take hex (`0x10` as 16), `inf`, `nan`,
    /// leading control characters and `nan(…)`; and a decimal too large for a Double (`1e400`) is
    /// refused rather than read as infinity.
    private static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count < 64, isPlainDecimal(bytes) else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text -> Double? in
            for (index, byte) in bytes.enumerated() { text[index] = CChar(bitPattern: byte) }
            text[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            guard let end, end == text.baseAddress! + bytes.count, bytes.count > 0, value.isFinite else { return nil }
            return value
        }
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
    private static func isPlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        func digits() -> Int {
            let start = i
            while i < n, bytes[i] &- 48 < 10 { i += 1 }
            return i - start
        }
        if i < n, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
        var mantissa = digits()
        if i < n, bytes[i] == 46 { i += 1; mantissa += digits() }
        guard mantissa > 0 else { return false }
        if i < n, bytes[i] | 0x20 == 101 { // e or E
            i += 1
            if i < n, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == n
    }


    /// A non-negative integer of at most 9 digits; nil for anything else.
    @inline(__always)
    public static func smallInt(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        let bytes = raw.trimmed()
        guard bytes.count > 0, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
