import AirtrendDomain

/// What the `uci-multisite` layout reads: extra missing tokens (`NA` always counts) and the zone of
/// stations the import creates; each row names its station.
public struct UCIMultisiteLayoutOptions: LayoutOptions {
    public static let specs = [CommonLayoutOptions.missingKey, CommonLayoutOptions.timeZoneKey]

    public var missing: [[UInt8]]

    public init(_ values: OptionValues) throws(LayoutError) {
        // `NA` is the file's own marker, so it stays missing whatever `missing` adds.
        missing = CommonLayoutOptions.missingTokens(values, always: ["NA"])
        _ = try CommonLayoutOptions.parseTimeZone(values, layout: UCIMultisiteLayout.name)
    }
}
