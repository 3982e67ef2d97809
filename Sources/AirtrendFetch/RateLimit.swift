import AirtrendDomain
/// A request rate such as `60/min`: at most `count` requests per `periodSeconds`.
///
/// Text forms: `N/<unit>` or `N/<amount><unit>`, units `ms`, `s`, `min`, `h`, `d`
/// (long forms like `sec`, `minute`, `hour`, `day` too): `60/min`, `10/s`,
/// `2000/h`, `1/500ms`, `5/10s`. `N` is a positive integer, the amount a positive number.
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    /// Why a rate-limit text was not understood; its description says what was expected.
    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "rate limit '\(text)' not understood; expected <requests>/<period> such as 60/min, 10/s, 2000/h or 1/500ms"
        }
    }

    public let count: Int
    public let periodSeconds: Double

    public init(count: Int, periodSeconds: Double) {
        precondition(count > 0 && periodSeconds > 0 && periodSeconds.isFinite, "a rate limit needs a positive count and period")
        self.count = count
        self.periodSeconds = periodSeconds
    }

    /// Parses `text`, or nil when it is in none of the forms (see the type's documentation).
    public init?(_ text: String) {
        guard let limit = try? Self.parse(text) else { return nil }
        self = limit
    }

    /// Parses `text`; the error says what was expected.
    public static func parse(_ text: String) throws(FormatError) -> RateLimit {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let count = Int(parts[0].trimmingSpaces), count > 0 else { throw FormatError(text: text) }
        // The one duration grammar; a bare unit (`/min`) is one of it.
        guard let seconds = DurationText.seconds(String(parts[1]), bareNumberUnit: nil, bareUnitAmount: 1) else { throw FormatError(text: text) }
        // A long run of zeros after the point can underflow to 0.
        guard seconds.isFinite, seconds > 0 else { throw FormatError(text: text) }
        return RateLimit(count: count, periodSeconds: seconds)
    }

    /// Requests per second, the bucket's refill rate.
    public var perSecond: Double { Double(count) / periodSeconds }

    public var description: String {
        switch periodSeconds {
        case 1: return "\(count)/s"
        case 60: return "\(count)/min"
        case 3_600: return "\(count)/h"
        case 86_400: return "\(count)/d"
        default:
            let ms = periodSeconds * 1_000
            return ms == ms.rounded() ? "\(count)/\(Int(ms))ms" : "\(count)/\(periodSeconds)s"
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        let text = self
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return text[text.endIndex...] }
        let end = text.lastIndex(where: { !$0.isWhitespace })!
        return text[start...end]
    }
}
