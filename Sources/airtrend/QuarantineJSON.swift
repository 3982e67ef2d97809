import AirtrendDomain
import AirtrendStore

/// One quarantined value in `quarantine --format json`; absent fields are null.
struct QuarantineJSON: Encodable {
    @AlwaysEncoded var id: Int64?
    var reason: String
    @AlwaysEncoded var station: String?
    @AlwaysEncoded var hourUTC: String?
    @AlwaysEncoded var value: Double?
    @AlwaysEncoded var file: String?
    @AlwaysEncoded var line: Int?
    var detail: String
    @AlwaysEncoded var releasedAt: String?
    @AlwaysEncoded var feed: String?

    enum CodingKeys: String, CodingKey {
        case id, reason, station, hourUTC = "hour_utc", value, file, line, detail, releasedAt = "released_at", feed
    }

    init(_ r: QuarantineRecord) {
        id = r.id
        reason = r.reason.rawValue
        station = r.station
        hourUTC = r.hour.map { "\($0)" }
        value = r.value.flatMap { $0.isFinite ? $0 : nil }
        file = r.file
        line = r.line
        detail = r.detail
        releasedAt = r.releasedAt
        feed = r.feed
    }

}
