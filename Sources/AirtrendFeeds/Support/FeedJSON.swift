import Foundation

/// Parses a response body as JSON, turning HTML and garbage into a ``FeedError`` that says what was expected.
enum FeedJSON {
    /// The body as a JSON tree.
    ///
    /// - Parameter expected: what the feed should have sent, for the error (`"an OpenAQ v3 /hours object"`).
    /// - Throws: ``FeedError/Kind/payload`` for an empty body, HTML (an error page or a captive portal
    ///   answering 200), or text that is not JSON. The body itself is never quoted: an HTML error page
    ///   can echo the request URL, and WAQI carries its token in the URL.
    static func parse(_ body: [UInt8], contentType: String?, expected: String) throws(FeedError) -> JSONValue {
        _ = try checkedStart(body, contentType: contentType, expected: expected)
        do throws(JSONParser.Failure) {
            return try JSONParser.parse(body)
        } catch {
            throw FeedError(.payload, "expected \(expected), got \(body.count) bytes that are not valid JSON (at byte \(error.offset))")
        }
    }

    /// The body decoded as `T`, with the same checks as ``parse(_:contentType:expected:)``.
    ///
    /// For large payloads a typed `Decodable` is several times faster than a ``JSONValue`` tree;
    /// `T` should decode leniently so that only a body of the wrong overall shape fails.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], contentType: String?, expected: String) throws(FeedError) -> T {
        let first = try checkedStart(body, contentType: contentType, expected: expected)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            let shape = switch body[first] {
            case UInt8(ascii: "{"): "a JSON object"
            case UInt8(ascii: "["): "a JSON array of another shape"
            default: "\(body.count) bytes that are not valid JSON"
            }
            throw FeedError(.payload, "expected \(expected), got \(shape)")
        }
    }

    /// True when a content type names JSON (`application/json`, `application/problem+json`, `text/json`).
    static func isJSON(_ contentType: String) -> Bool {
        contentType.lowercased().contains("json")
    }

    /// The index of the first byte that is not white space, after rejecting empty and HTML bodies.
    private static func checkedStart(_ body: [UInt8], contentType: String?, expected: String) throws(FeedError) -> Int {
        guard let first = body.firstIndex(where: { !isSpace($0) }) else {
            throw FeedError(.payload, "expected \(expected), got an empty body")
        }
        if body[first] == UInt8(ascii: "<") || contentType.map(isHTML) == true {
            throw FeedError(.payload, "expected \(expected), got HTML (\(body.count) bytes; an error page?)")
        }
        return first
    }

    private static func isHTML(_ contentType: String) -> Bool {
        contentType.lowercased().contains("html")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        // Also skips a UTF-8 byte order mark.
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }
}
