import AirtrendDomain

/// One import that stored hours of some stations: where the figures came from.
public struct ImportSource: Sendable, Equatable {
    /// The file, folder entry or (redacted) URL the import read.
    public var source: String
    public var layout: String
    /// The feed that ran the import, nil for `airtrend import`.
    public var feed: String?
    /// Hours of the asked-for stations that hold this import's value now.
    public var hours: Int
    public var firstHour: UTCHour
    public var lastHour: UTCHour
}
