import AirtrendDomain

/// The options a layout may take, from the command line or a feed's config keys.
///
/// Plain values with defaults here; each layout reads the ones it declares in
/// ``ArchiveLayout/acceptedOptions`` and the registry rejects the rest.
public struct LayoutOptions: Sendable, Equatable {
    /// Option names as written in config (`value_column`) and, with dashes, on the command line.
    public enum Key: String, Sendable, CaseIterable {
        case station
        case stationColumn = "station_column"
        case valueColumn = "value_column"
        case timeColumn = "time_column"
        case timeFormat = "time_format"
        case dateColumns = "date_columns"
        case missing
        case hourEnding = "hour_ending"
        case timeZone = "timezone"
        case delimiter
        /// A station list file (code, name, city, longitude, latitude), for network files keyed by code.
        case stations = "station_list"

        /// The command-line spelling, e.g. `--value-column`.
        public var flag: String { self == .stations ? "--stations" : "--" + rawValue.replacingOccurrences(of: "_", with: "-") }
    }

    /// The one station every row belongs to.
    public var station: String?
    public var stationColumn: String?
    public var valueColumn: String?
    public var timeColumn: String?
    public var timeFormat: String?
    /// Year, month, day and hour column names, in that order.
    public var dateColumns: [String]?
    /// Tokens that mean "no value"; nil means the default `NA`, empty and `-999`.
    public var missing: [String]?
    public var hourEnding: Bool = false
    /// The zone of times that carry no offset.
    public var timeZone: StationTimeZone?
    /// Zones of known stations, used when `timeZone` is not given.
    public var stationTimeZones: [String: StationTimeZone] = [:]
    public var delimiter: String?
    /// Path of a station list; see ``Key/stations``.
    public var stations: String?

    public init() {}

    public static let defaultMissing = ["NA", "", "-999"]

    /// The missing-value tokens as bytes: `--missing` (or the defaults), plus the file format's own
    /// marker, which stays missing whatever `--missing` says.
    public func missingTokens(always formatMarkers: [String] = []) -> [[UInt8]] {
        (formatMarkers + (missing ?? Self.defaultMissing)).map { Array($0.utf8) }
    }

    /// The keys that were set, for checking against a layout's accepted options.
    public var setKeys: Set<Key> {
        var keys: Set<Key> = []
        if station != nil { keys.insert(.station) }
        if stationColumn != nil { keys.insert(.stationColumn) }
        if valueColumn != nil { keys.insert(.valueColumn) }
        if timeColumn != nil { keys.insert(.timeColumn) }
        if timeFormat != nil { keys.insert(.timeFormat) }
        if dateColumns != nil { keys.insert(.dateColumns) }
        if missing != nil { keys.insert(.missing) }
        if hourEnding { keys.insert(.hourEnding) }
        if timeZone != nil { keys.insert(.timeZone) }
        if delimiter != nil { keys.insert(.delimiter) }
        if stations != nil { keys.insert(.stations) }
        return keys
    }
}

extension String {
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
