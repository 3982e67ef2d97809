import Foundation

/// Text an upstream sent (an error message, a description) made safe to put into a ``FeedError``.
enum UpstreamText {
    /// The text with the API key removed, control characters replaced and the length bounded.
    ///
    /// Error bodies sometimes echo what the client sent; the key must never reach a log or the store.
    static func clean(_ text: String, secret: String?, limit: Int = 200) -> String {
        var result = redact(text, secret: secret)
        result = String(result.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        result = result.trimmingCharacters(in: .whitespaces)
        if result.count > limit { result = String(result.prefix(limit)) + "…" }
        return result
    }

    /// The text with the API key, as sent and as it appears inside a URL's query, replaced by `[redacted]`.
    static func redact(_ text: String, secret: String?) -> String {
        guard let secret, !secret.isEmpty, text.contains(secret) || text.contains("%") else { return text }
        var result = text.replacingOccurrences(of: secret, with: "[redacted]")
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret {
            result = result.replacingOccurrences(of: encoded, with: "[redacted]")
        }
        return result
    }
}
