import AirtrendDomain

/// The parts of a station a writer needs to store its hours and find the aggregates they change.
public struct StationTarget: Hashable, Sendable {
    public let stationID: Int64
    public let scopeID: Int64
    public let offsetMinutes: Int
    /// The city whose daily series follows the station's: the station's city when it is an assessment
    /// station, nil otherwise (a background, traffic or other station never enters a city mean).
    public let city: String?
    public init(stationID: Int64, scopeID: Int64, offsetMinutes: Int, city: String? = nil) {
        self.stationID = stationID
        self.scopeID = scopeID
        self.offsetMinutes = offsetMinutes
        self.city = city
    }
    public init(_ stored: StoredStation) {
        self.init(stationID: stored.id, scopeID: stored.scopeID, offsetMinutes: stored.station.timeZone.standardOffsetMinutes,
                  city: stored.station.role.countsInCity ? stored.station.city : nil)
    }
}
