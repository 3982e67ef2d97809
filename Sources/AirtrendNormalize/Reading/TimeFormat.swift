import AirtrendDomain

/// A strftime-style pattern compiled once and matched against raw bytes.
///
/// Supported: `%Y` (year), `%y` (two-digit year, 69–99 → 19xx), `%m`, `%d`, `%e`,
/// `%H`, `%M`, `%S` (one or two digits, so `1/1/2015 0:00` matches
/// `%m/%d/%Y %H:%M`), `%z` (`Z`, `+08:00`, `+0800`; at most ±14:00), `%F` (`%Y-%m-%d`),
/// `%T` (`%H:%M:%S`), `%%`. A literal `Z` in the pattern marks the time as UTC.
/// A space in the pattern matches one or more spaces.
public struct TimeFormat: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year4, year2, month, day, hour, minute, second, offset
        case literal(UInt8)
        case space
        case utcMarker
    }

    let tokens: [Token]
    /// The pattern as written.
    public let pattern: String

    /// True when every matched time carries its own offset (`%z` or a literal `Z`).
    public var carriesOffset: Bool { tokens.contains(.offset) || tokens.contains(.utcMarker) }

    /// Compiles a pattern, or throws naming the unsupported directive.
    public init(_ pattern: String) throws(LayoutError) {
        self.pattern = pattern
        var tokens: [Token] = []
        var bytes = Array(pattern.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == 37 { // %
                guard let directive = bytes.popFirst() else {
                    throw LayoutError(file: nil, line: nil, message: "time format '\(pattern)' ends with a lone %", kind: .usage)
                }
                switch directive {
                case UInt8(ascii: "Y"): tokens.append(.year4)
                case UInt8(ascii: "y"): tokens.append(.year2)
                case UInt8(ascii: "m"): tokens.append(.month)
                case UInt8(ascii: "d"), UInt8(ascii: "e"): tokens.append(.day)
                case UInt8(ascii: "H"): tokens.append(.hour)
                case UInt8(ascii: "M"): tokens.append(.minute)
                case UInt8(ascii: "S"): tokens.append(.second)
                case UInt8(ascii: "z"): tokens.append(.offset)
                case UInt8(ascii: "F"): tokens += [.year4, .literal(45), .month, .literal(45), .day]
                case UInt8(ascii: "T"): tokens += [.hour, .literal(58), .minute, .literal(58), .second]
                case 37: tokens.append(.literal(37))
                default:
                    throw LayoutError(
                        file: nil, line: nil,
                        message: "time format '\(pattern)': %\(Character(Unicode.Scalar(directive))) is not supported (use %Y %y %m %d %e %H %M %S %z %F %T %%)",
                        kind: .usage
                    )
                }
            } else if byte == 32 {
                tokens.append(.space)
            } else if byte == UInt8(ascii: "Z") {
                tokens.append(.utcMarker)
            } else {
                tokens.append(.literal(byte))
            }
        }
        guard tokens.contains(.year4) || tokens.contains(.year2), tokens.contains(.month), tokens.contains(.day), tokens.contains(.hour) else {
            throw LayoutError(file: nil, line: nil, message: "time format '\(pattern)' needs at least a year, month, day and hour (%Y %m %d %H)", kind: .usage)
        }
        self.tokens = tokens
    }

    /// A matched time: local wall-clock minutes since 1970-01-01T00:00 and the offset, if the text had one.
    public struct Parsed: Equatable, Sendable {
        public var wallMinutes: Int
        public var offsetMinutes: Int?
        public init(wallMinutes: Int, offsetMinutes: Int?) {
            self.wallMinutes = wallMinutes
            self.offsetMinutes = offsetMinutes
        }
    }

    /// Matches the whole field; nil when it does not fit the pattern or names an impossible date.
    public func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Parsed? {
        let text = raw.trimmed()
        let n = text.count
        var i = 0
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var offset: Int?

        func number(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while i < n, count < maxDigits, text[i] &- 48 < 10 {
                value = value * 10 + Int(text[i] &- 48)
                i += 1
                count += 1
            }
            return count == 0 ? nil : value
        }

        for token in tokens {
            switch token {
            case .year4: guard let v = number(maxDigits: 4) else { return nil }; year = v
            case .year2: guard let v = number(maxDigits: 2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
            case .month: guard let v = number(maxDigits: 2) else { return nil }; month = v
            case .day:
                while i < n && text[i] == 32 { i += 1 }
                guard let v = number(maxDigits: 2) else { return nil }; day = v
            case .hour: guard let v = number(maxDigits: 2) else { return nil }; hour = v
            case .minute: guard let v = number(maxDigits: 2) else { return nil }; minute = v
            case .second: guard let v = number(maxDigits: 2) else { return nil }; second = v
            case .literal(let byte):
                guard i < n, text[i] == byte else { return nil }
                i += 1
            case .space:
                guard i < n, text[i] == 32 else { return nil }
                while i < n && text[i] == 32 { i += 1 }
            case .utcMarker:
                guard i < n, text[i] == UInt8(ascii: "Z") else { return nil }
                i += 1
                offset = 0
            case .offset:
                guard i < n else { return nil }
                if text[i] == UInt8(ascii: "Z") { i += 1; offset = 0; continue }
                guard text[i] == 43 || text[i] == 45 else { return nil }
                let sign = text[i] == 45 ? -1 : 1
                i += 1
                guard let hh = number(maxDigits: 2) else { return nil }
                if i < n && text[i] == 58 { i += 1 }
                let minutesStart = i
                let mm = number(maxDigits: 2) ?? 0
                // Real offsets lie within ±14:00; `+28:00` is no zone, and minutes are two digits or none
                // (`-142` is not 14:02).
                guard hh * 60 + mm <= 14 * 60, mm < 60, i - minutesStart != 1 else { return nil }
                offset = sign * (hh * 60 + mm)
            }
        }
        // 24:00 is accepted (some hour-ending files use it); seconds must be zero, since a
        // reading stamped mid-minute is not an hourly value.
        guard i == n, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              hour <= 24, minute < 60, second == 0, hour < 24 || minute == 0 else { return nil }
        let dayNumber = CivilDate.dayNumber(year: year, month: month, day: day)
        return Parsed(wallMinutes: dayNumber * 1440 + hour * 60 + minute, offsetMinutes: offset)
    }
}
