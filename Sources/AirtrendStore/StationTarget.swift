import AirtrendDomain

/// The parts of a station a writer needs to store its hours and find the aggregates they change.
public struct StationTarget: Hashable, Sendable {
    public let stationID: Int64
    public let scopeID: Int64
    public let offsetMinutes: Int
    /// The station's city, whose daily series follows the station's.
    public let city: String?
    public init(stationID: Int64, scopeID: Int64, offsetMinutes: Int, city: String? = nil) {
        self.stationID = stationID
        self.scopeID = scopeID
        self.offsetMinutes = offsetMinutes
        self.city = city
    }
    public init(_ stored: StoredStation) {
        self.init(stationID: stored.id, scopeID: stored.scopeID, offsetMinutes: stored.station.timeZone.standardOffsetMinutes,
                  city: stored.station.city)
    }
}
