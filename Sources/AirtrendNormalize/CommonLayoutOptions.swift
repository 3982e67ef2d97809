import AirtrendDomain

/// The option keys several layouts share, declared once, with their parsing.
public enum CommonLayoutOptions {
    public static let stationKey = OptionSpec("station", summary: "the one station every row belongs to (created with timezone when new)")
    public static let missingKey = OptionSpec("missing", .list, summary: "tokens meaning no value (default NA, empty and -999; the format's own marker always counts)")
    public static let timeZoneKey = OptionSpec("timezone", summary: "zone of times without an offset and of stations the import creates (Asia/Shanghai, UTC+8, +08:00)")

    public static let defaultMissing = ["NA", "", "-999"]

    /// The zone `timezone` names, or nil; a usage error names the key.
    public static func parseTimeZone(_ values: OptionValues, layout: String) throws(LayoutError) -> StationTimeZone? {
        guard let name = values.text(timeZoneKey.key) else { return nil }
        do throws(DomainError) { return try StationTimeZone(name) } catch {
            throw LayoutError(file: nil, line: nil, message: "layout \(layout): \(timeZoneKey.flag): \(error.message)", kind: .usage)
        }
    }

    /// The missing-value tokens as bytes: `missing` (or the defaults), plus the file format's own
    /// marker, which stays missing whatever `missing` says.
    public static func missingTokens(_ values: OptionValues, always formatMarkers: [String] = []) -> [[UInt8]] {
        (formatMarkers + (values.list(missingKey.key) ?? defaultMissing)).map { Array($0.utf8) }
    }

    /// `station`, or a usage error saying the layout needs it.
    public static func requiredStation(_ values: OptionValues, layout: String) throws(LayoutError) -> String {
        guard let station = values.text(stationKey.key), !station.isEmpty else {
            throw LayoutError(file: nil, line: nil, message: "layout \(layout) needs a station: give --station ID (or `station:` on the feed)", kind: .usage)
        }
        return station
    }
}
