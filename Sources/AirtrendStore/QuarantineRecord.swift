import AirtrendDomain

/// One value or row kept out of the hourly series, with where it came from and why.
public struct QuarantineRecord: Sendable, Equatable {
    public var id: Int64?
    public var importID: Int64?
    public var station: String?
    public var pollutant: Pollutant?
    public var hour: UTCHour?
    public var value: Double?
    public var reason: QuarantineReason
    public var detail: String
    public var raw: String?
    public var file: String?
    public var line: Int?
    /// When an operator accepted the value (`airtrend quarantine release`), or nil.
    public var releasedAt: String?
    /// The feed whose import recorded it, or nil for a command-line import.
    public var feed: String?

    public init(
        id: Int64? = nil, importID: Int64? = nil, station: String?, pollutant: Pollutant? = .pm25, hour: UTCHour?, value: Double?,
        reason: QuarantineReason, detail: String, raw: String? = nil, file: String?, line: Int?
    ) {
        self.id = id
        self.importID = importID
        self.station = station
        self.pollutant = pollutant
        self.hour = hour
        self.value = value
        self.reason = reason
        self.detail = detail
        self.raw = raw
        self.file = file
        self.line = line
    }
}
