/// A monitoring station as the pipeline knows it.
///
/// `id` is the stable text identifier used in config files and on the command
/// line; the store keeps its own integer key. Only `assessment` stations make up
/// their city's figures (see ``StationRole``), and only on the days they are in
/// service (``ServicePeriod``; by default from their first to their last stored hour).
public struct Station: Hashable, Sendable {
    public var id: String
    public var name: String?
    public var city: String?
    public var timeZone: StationTimeZone
    public var latitude: Double?
    public var longitude: Double?
    /// Whether the station counts in its city's figures.
    public var role: StationRole
    /// A stated service period, or nil to take it from the stored hours.
    public var inService: ServicePeriod?

    public init(
        id: String,
        name: String? = nil,
        city: String? = nil,
        timeZone: StationTimeZone,
        latitude: Double? = nil,
        longitude: Double? = nil,
        role: StationRole = .assessment,
        inService: ServicePeriod? = nil
    ) {
        self.id = id
        self.name = name
        self.city = city
        self.timeZone = timeZone
        self.latitude = latitude
        self.longitude = longitude
        self.role = role
        self.inService = inService
    }
}
