/// One value of a queried series: an hour, a day, or the end of a rolling window.
public struct SeriesPoint: Sendable, Equatable {
    /// ISO 8601 UTC with `Z` for hours, the local date for days.
    public var time: String
    public var value: Double?
    /// Share of the expected hours (or days, or stations) present, 0…1.
    public var coverage: Double
    public var valid: Bool
}
