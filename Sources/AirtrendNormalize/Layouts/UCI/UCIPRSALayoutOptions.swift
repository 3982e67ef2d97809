import AirtrendDomain

/// What the `uci-prsa` layout reads: the station the file is for, extra missing tokens (`NA` always
/// counts), and the zone of the station when the import creates it.
public struct UCIPRSALayoutOptions: LayoutOptions {
    public static let specs = [CommonLayoutOptions.stationKey, CommonLayoutOptions.missingKey, CommonLayoutOptions.timeZoneKey]

    public var station: String
    public var missing: [[UInt8]]

    public init(_ values: OptionValues) throws(LayoutError) {
        station = try CommonLayoutOptions.requiredStation(values, layout: UCIPRSALayout.name)
        // `NA` is the file's own marker, so it stays missing whatever `missing` adds.
        missing = CommonLayoutOptions.missingTokens(values, always: ["NA"])
        _ = try CommonLayoutOptions.parseTimeZone(values, layout: UCIPRSALayout.name)
    }
}
