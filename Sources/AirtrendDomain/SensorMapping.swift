/// One upstream sensor (or station index) of a live feed, and the airtrend station its readings go to.
public struct SensorMapping: Sendable, Equatable {
    /// The id the upstream uses (an OpenAQ sensor id, a WAQI idx, an AirNow AQSID…), as text.
    public var sensor: String
    /// The configured station id.
    public var station: String

    public init(sensor: String, station: String) {
        self.sensor = sensor
        self.station = station
    }
}
