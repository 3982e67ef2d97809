import AirtrendDomain
import Foundation

/// Text an upstream sent (an error message, a description) made safe to put into a ``FeedError``.
enum UpstreamText {
    /// The text with the API key removed (in any case or percent-encoding, see ``SecretRedactor``),
    /// control characters replaced and the length bounded.
    ///
    /// Error bodies sometimes echo what the client sent; the key must never reach a log or the store.
    /// The runner redacts every event and error once more with all of the feed's secrets.
    static func clean(_ text: String, secret: String?, limit: Int = 200) -> String {
        var result = SecretRedactor(secrets: secret.map { [$0] } ?? []).redact(text)
        result = String(result.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        result = result.trimmingCharacters(in: .whitespaces)
        if result.count > limit { result = String(result.prefix(limit)) + "…" }
        return result
    }

    /// The text with the API key, in any case or percent-encoding (``SecretRedactor``), replaced by `[redacted]`.
    static func redact(_ text: String, secret: String?) -> String {
        SecretRedactor(secrets: secret.map { [$0] } ?? []).redact(text)
    }
}
