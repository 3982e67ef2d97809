/// Station facts a source gave (for example a network's station list).
public struct StationInfo: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// The city as the source names it (e.g. `北京`); the importer maps it to a configured city.
    public var city: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The zone the source's times are in, used when the importer creates the station.
    public var timeZone: StationTimeZone?
    /// The role the source gives (a station list's control-point marker), or nil when it says nothing:
    /// the importer then uses the import's role (`assessment` unless `--role`).
    public var role: StationRole?

    public init(id: String, name: String? = nil, city: String? = nil, latitude: Double? = nil, longitude: Double? = nil, timeZone: StationTimeZone? = nil,
                role: StationRole? = nil) {
        self.id = id
        self.name = name
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.timeZone = timeZone
        self.role = role
    }
}
