/// What `airtrend run --once` reports after ingesting.
public struct ReportConfiguration: Sendable, Equatable {
    public var station: String?
    public var baseline: Int
    public var from: Int?
    public var to: Int?
    public init(station: String?, baseline: Int = 2013, from: Int? = nil, to: Int? = nil) {
        self.station = station
        self.baseline = baseline
        self.from = from
        self.to = to
    }
}
