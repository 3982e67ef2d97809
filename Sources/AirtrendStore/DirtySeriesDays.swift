import AirtrendDomain

/// A station's series and the local days an open batch changed in it.
public struct DirtySeriesDays: Sendable {
    public let target: StationTarget
    public let pollutant: Pollutant
    /// Local (standard-time) day numbers, ascending.
    public let days: [Int]
}
