/// What a report is about: one station, one city, or one configured region.
public enum ReportScope: Sendable, Equatable, Hashable {
    case station(String)
    case city(String)
    case region(String)

    /// `station:ID`, `city:NAME` or `region:ID`, as reports and charts name their scope.
    public var label: String {
        switch self {
        case .station(let id): "station:\(id)"
        case .city(let name): "city:\(name)"
        case .region(let id): "region:\(id)"
        }
    }

    /// The scope a label names (`station:ID`, `city:NAME`, `region:ID`), or nil.
    public init?(label: String) {
        guard let colon = label.firstIndex(of: ":") else { return nil }
        let kind = label[..<colon], id = String(label[label.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        switch kind {
        case "station": self = .station(id)
        case "city": self = .city(id)
        case "region": self = .region(id)
        default: return nil
        }
    }
}
