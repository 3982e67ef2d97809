import AirtrendDomain

/// A station with the store's keys for it.
public struct StoredStation: Sendable, Hashable {
    public let id: Int64
    /// The aggregate scope holding this station's daily, monthly and annual rows.
    public let scopeID: Int64
    public var station: Station
}
