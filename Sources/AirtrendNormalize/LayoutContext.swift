import AirtrendDomain

/// What a layout learns about one import beyond its options: the file, and the stations the store knows.
public struct LayoutContext: Sendable {
    /// The file, as messages name it.
    public var file: String
    /// Zones of known stations, for times without an offset when no `timezone` is given.
    public var stationTimeZones: [String: StationTimeZone]

    public init(file: String, stationTimeZones: [String: StationTimeZone] = [:]) {
        self.file = file
        self.stationTimeZones = stationTimeZones
    }
}
