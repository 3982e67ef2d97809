/// What a report is about: one station, one city, or one configured region.
public enum ReportScope: Sendable, Equatable {
    case station(String)
    case city(String)
    case region(String)

    /// `station:ID`, `city:NAME` or `region:ID`, as reports name their scope.
    public var label: String {
        switch self {
        case .station(let id): "station:\(id)"
        case .city(let name): "city:\(name)"
        case .region(let id): "region:\(id)"
        }
    }
}
