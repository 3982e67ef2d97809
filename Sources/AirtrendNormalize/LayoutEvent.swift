import AirtrendDomain

/// What a layout found on one line.
public enum LayoutEvent: Sendable, Equatable {
    /// What the file (or its station list) says about a station, before that station's first reading.
    /// The importer creates unknown stations from it and fills in a known station's missing fields.
    case station(StationInfo)
    /// A value for a station and UTC hour (not yet quality-controlled).
    case reading(RawReading)
    /// The file says this hour has no value (`NA`, `-999`, QC `Missing`, an empty field).
    case missing(station: String, line: Int)
    /// The row's station is not known (no time zone for it) and its times need one to be placed.
    case unknownStation(station: String, line: Int)
    /// Something about the input worth telling the operator that does not reject anything
    /// (e.g. a station list that repeats a code).
    case warning(String)
    /// The line could not be read; the message says what was expected.
    case rejected(line: Int, message: String, raw: String)
}

/// A value as a layout read it: canonical station id, UTC hour-start, µg/m³.
public struct RawReading: Sendable, Equatable {
    public var station: String
    public var hour: UTCHour
    public var value: Double
    /// Nil when the unit is fine; otherwise the unit text the file gave.
    public var badUnit: String?
    public var line: Int
    /// What the source really sent when `value` was derived from it (a WAQI AQI sub-index, PurpleAir's
    /// uncorrected channels and humidity), kept beside the stored value; nil when `value` is as sent.
    public var raw: String?

    public init(station: String, hour: UTCHour, value: Double, badUnit: String? = nil, line: Int, raw: String? = nil) {
        self.station = station
        self.hour = hour
        self.value = value
        self.badUnit = badUnit
        self.line = line
        self.raw = raw
    }
}

/// Station facts a layout learned from its input (for example a network's station list).
public struct StationInfo: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// The city as the source names it (e.g. `北京`); the importer maps it to a configured city.
    public var city: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The zone the source's times are in, used when the importer creates the station.
    public var timeZone: StationTimeZone?

    public init(id: String, name: String? = nil, city: String? = nil, latitude: Double? = nil, longitude: Double? = nil, timeZone: StationTimeZone? = nil) {
        self.id = id
        self.name = name
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.timeZone = timeZone
    }
}
