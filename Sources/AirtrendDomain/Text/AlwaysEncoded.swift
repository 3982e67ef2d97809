/// An optional that a synthesized `Encodable` writes as `null` when absent, instead of leaving the key out.
///
/// airtrend's JSON keeps every key in every object, so readers can rely on them; a figure that does
/// not exist is `null`.
@propertyWrapper
public struct AlwaysEncoded<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
