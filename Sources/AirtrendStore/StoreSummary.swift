import AirtrendDomain

/// What `airtrend status` shows about a store.
public struct StoreSummary: Sendable {
    public struct StationLine: Sendable {
        public var station: String
        public var hours: Int
        public var first: UTCHour?
        public var last: UTCHour?
    }
    public var path: String
    public var schemaVersion: Int
    public var hours: Int
    public var quarantined: Int
    public var imports: Int
    public var stations: [StationLine]
    public var lastImport: String?
    public var profiles: [String]
}
