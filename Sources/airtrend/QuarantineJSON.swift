import AirtrendStore

/// One quarantined value in `quarantine --format json`; absent fields are null.
struct QuarantineJSON: Encodable {
    var id: Int64?
    var reason: String
    var station: String?
    var hourUTC: String?
    var value: Double?
    var file: String?
    var line: Int?
    var detail: String
    var releasedAt: String?
    var feed: String?

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

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(reason, forKey: .reason)
        try c.encode(station, forKey: .station)
        try c.encode(hourUTC, forKey: .hourUTC)
        try c.encode(value, forKey: .value)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(detail, forKey: .detail)
        try c.encode(releasedAt, forKey: .releasedAt)
        try c.encode(feed, forKey: .feed)
    }
}
