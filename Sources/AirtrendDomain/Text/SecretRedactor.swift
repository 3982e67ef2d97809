/// Removes known secrets (a feed's API key or token) from text airtrend is about to write or print.
///
/// Upstreams echo what a client sent: in an error message, a unit, a parameter name, a URL. They do
/// not echo it faithfully, so a plain search for the key misses most echoes. A secret is found here
///
/// - in any ASCII case (`K3Y-ABC`, `k3y-abc`, `K3y-aBc`),
/// - percent-encoded, wholly or in part, with upper- or lower-case hex (`%6B%33y-abc`), up to two
///   levels deep (`%256B`),
///
/// and each occurrence is replaced by ``replacement``. Everything else is left exactly as it was.
///
/// What a caller must know: redact at the one place text from an upstream (or an error about it)
/// passes before it is stored, logged or printed; the redactor only knows the secrets it was given.
/// Empty and whitespace-only secrets are ignored.
public struct SecretRedactor: Sendable {
    public static let replacement = "[redacted]"

    /// Each secret lower-cased (ASCII), as UTF-8.
    private let secrets: [[UInt8]]

    public init(secrets: [String]) {
        var seen = Set<[UInt8]>()
        self.secrets = secrets.compactMap { secret in
            let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
            let folded = secret.utf8.map(Self.lower).drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            guard !folded.isEmpty else { return nil }
            let bytes = Array(folded)
            return seen.insert(bytes).inserted ? bytes : nil
        }
    }

    /// A redactor that changes nothing.
    public static let none = SecretRedactor(secrets: [])

    /// True when there is nothing to redact.
    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every occurrence of a secret replaced by ``replacement``.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty, !text.isEmpty else { return text }
        let bytes = Array(text.utf8)
        // Three views of the text, each with the byte range of the original every byte came from:
        // as written, percent-decoded once, and twice.
        var view = Decoded(bytes)
        var found: [Range<Int>] = []
        for level in 0..<3 {
            if level > 0 {
                guard let next = view.percentDecoded() else { break }
                view = next
            }
            for secret in secrets { found += view.occurrences(of: secret) }
        }
        guard !found.isEmpty else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in Self.merged(found) {
            if range.lowerBound > position { output += bytes[position..<range.lowerBound] }
            output += Self.replacement.utf8
            position = max(position, range.upperBound)
        }
        if position < bytes.count { output += bytes[position...] }
        return String(decoding: output, as: UTF8.self)
    }

    /// The event with every text it carries redacted: station ids and names, units, messages, raw rows.
    public func redact(_ event: ReadingEvent) -> ReadingEvent {
        guard !secrets.isEmpty else { return event }
        switch event {
        case .station(var info):
            info.id = redact(info.id)
            info.name = info.name.map(redact)
            info.city = info.city.map(redact)
            return .station(info)
        case .reading(var reading):
            reading.station = redact(reading.station)
            reading.badUnit = reading.badUnit.map(redact)
            reading.raw = reading.raw.map(redact)
            return .reading(reading)
        case let .missing(station, line):
            return .missing(station: redact(station), line: line)
        case let .unknownStation(station, line):
            return .unknownStation(station: redact(station), line: line)
        case .warning(let text):
            return .warning(redact(text))
        case let .rejected(line, message, raw):
            return .rejected(line: line, message: redact(message), raw: redact(raw))
        }
    }

    /// The events redacted (see ``redact(_:)-(ReadingEvent)``).
    public func redact(_ events: [ReadingEvent]) -> [ReadingEvent] {
        secrets.isEmpty ? events : events.map(redact)
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// Overlapping or touching ranges joined, in order.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// Text as lower-cased bytes, each with the range of the original text it stands for.
    private struct Decoded {
        var bytes: [UInt8]
        var origins: [Range<Int>]

        init(_ original: [UInt8]) {
            bytes = original.map(SecretRedactor.lower)
            origins = original.indices.map { $0..<($0 + 1) }
        }

        init(bytes: [UInt8], origins: [Range<Int>]) {
            self.bytes = bytes
            self.origins = origins
        }

        /// `%XX` (either case of hex) replaced by its byte; nil when there is no escape to decode.
        func percentDecoded() -> Decoded? {
            guard bytes.contains(UInt8(ascii: "%")) else { return nil }
            var out: [UInt8] = []
            var outOrigins: [Range<Int>] = []
            out.reserveCapacity(bytes.count)
            outOrigins.reserveCapacity(bytes.count)
            var i = 0
            var changed = false
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = Self.hex(bytes[i + 1]),
                   let low = Self.hex(bytes[i + 2]) {
                    out.append(SecretRedactor.lower(high << 4 | low))
                    outOrigins.append(origins[i].lowerBound..<origins[i + 2].upperBound)
                    i += 3
                    changed = true
                } else {
                    out.append(bytes[i])
                    outOrigins.append(origins[i])
                    i += 1
                }
            }
            return changed ? Decoded(bytes: out, origins: outOrigins) : nil
        }

        /// The original ranges of every occurrence of `needle` (already lower-cased).
        func occurrences(of needle: [UInt8]) -> [Range<Int>] {
            guard let first = needle.first, bytes.count >= needle.count else { return [] }
            var result: [Range<Int>] = []
            var i = 0
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    result.append(origins[i].lowerBound..<origins[i + needle.count - 1].upperBound)
                    i += needle.count
                } else {
                    i += 1
                }
            }
            return result
        }

        private static func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
    }
}
