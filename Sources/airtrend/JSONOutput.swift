import Foundation

/// The one way commands print JSON: `JSONEncoder` with sorted keys and unescaped slashes, one line.
enum JSONOutput {
    static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The values printed are plain (no NaN or infinity reach them), so encoding cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
