/// A monitoring station as the pipeline knows it.
///
/// `id` is the stable text identifier used in config files and on the command
/// line; the store keeps its own integer key.
public struct Station: Hashable, Sendable {
    public var id: String
    public var name: String?
    public var city: String?
    public var timeZone: StationTimeZone
    public var latitude: Double?
    public var longitude: Double?

    public init(
        id: String,
        name: String? = nil,
        city: String? = nil,
        timeZone: StationTimeZone,
        latitude: Double? = nil,
        longitude: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.city = city
        self.timeZone = timeZone
        self.latitude = latitude
        self.longitude = longitude
    }
}
