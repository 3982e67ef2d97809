/// What `airtrend run --once` reports after ingesting: one station, city or region against a baseline year.
public struct ReportConfiguration: Sendable, Equatable {
    public var station: String?
    public var city: String?
    public var region: String?
    public var baseline: Int
    public var from: Int?
    public var to: Int?
    public init(station: String? = nil, city: String? = nil, region: String? = nil, baseline: Int = 2013, from: Int? = nil, to: Int? = nil) {
        self.station = station
        self.city = city
        self.region = region
        self.baseline = baseline
        self.from = from
        self.to = to
    }
}
