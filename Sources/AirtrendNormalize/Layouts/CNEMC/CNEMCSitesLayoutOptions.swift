import AirtrendDomain

/// What the `cnemc-sites` layout reads: the network's station list (required), extra missing tokens
/// (an empty cell always counts), and the zone of stations the import creates (default UTC+8).
public struct CNEMCSitesLayoutOptions: LayoutOptions {
    public static let stationListKey = OptionSpec("station_list", .path, required: true, flag: "--stations", summary: "the station list (StationList-….csv: code, name, city, longitude, latitude) that resolves station codes")
    public static let specs = [stationListKey, CommonLayoutOptions.missingKey, CommonLayoutOptions.timeZoneKey]

    public var stationListPath: String
    public var missing: [[UInt8]]
    public var stationZone: StationTimeZone

    public init(_ values: OptionValues) throws(LayoutError) {
        guard let path = values.text(Self.stationListKey.key) else {
            throw LayoutError(
                file: nil, line: nil,
                message: "layout cnemc-sites needs the station list: give --stations FILE (StationList-….csv: code,name,city,longitude,latitude)",
                kind: .usage
            )
        }
        stationListPath = path
        // Empty is the publisher's marker, so it stays missing whatever `missing` adds.
        missing = CommonLayoutOptions.missingTokens(values, always: [""])
        stationZone = try CommonLayoutOptions.parseTimeZone(values, layout: CNEMCSitesLayout.name) ?? CNEMCSitesLayout.zone
    }
}
