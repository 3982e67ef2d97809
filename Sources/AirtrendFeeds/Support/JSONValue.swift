import Foundation

/// A JSON document as a plain tree, so a kind reads only the keys it knows and ignores the rest.
///
/// Built by ``JSONParser``. Numbers become `Double`: every number a feed sends
/// (epoch seconds, sensor ids, concentrations) is well inside the 2^53 range a `Double` holds exactly.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A JSON number; nil for anything else, numeric strings included.
    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A JSON number, or a string holding one (`"16.23"`, `" 7 "`); nil otherwise.
    var numeric: Double? {
        switch self {
        case .number(let value): return value
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            // `Double("nan")` and `Double("inf")` succeed; a feed's "nan" means no value, not a number.
            guard let value = Double(trimmed), value.isFinite else { return nil }
            return value
        default: return nil
        }
    }

    var isNull: Bool { self == .null }
}
