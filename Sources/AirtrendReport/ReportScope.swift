/// What a report is about: one station, one city, or one configured region.
public enum ReportScope: Sendable, Equatable {
    case station(String)
    case city(String)
    case region(String)
}
