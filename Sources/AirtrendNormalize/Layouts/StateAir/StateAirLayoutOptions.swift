import AirtrendDomain

/// What the `stateair` layout reads: the station the file is for, extra missing tokens, and the zone
/// of the station when the import creates it (the file's own times are always Beijing time).
public struct StateAirLayoutOptions: LayoutOptions {
    public static let specs = [CommonLayoutOptions.stationKey, CommonLayoutOptions.missingKey, CommonLayoutOptions.timeZoneKey]

    public var station: String
    public var missing: [[UInt8]]

    public init(_ values: OptionValues) throws(LayoutError) {
        station = try CommonLayoutOptions.requiredStation(values, layout: StateAirLayout.name)
        missing = CommonLayoutOptions.missingTokens(values)
        _ = try CommonLayoutOptions.parseTimeZone(values, layout: StateAirLayout.name)
    }
}
