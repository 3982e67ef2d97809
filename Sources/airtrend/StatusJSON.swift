import AirtrendDomain
import AirtrendService
import AirtrendStore
import Foundation

/// `airtrend status --json`: the store's size and counts, and each feed's health and request counters.
struct StatusJSON: Encodable {
    struct Store: Encodable {
        var path: String, schema: Int, bytes: Int, hours: Int, quarantined: Int, stations: Int
    }
    struct Requests: Encodable {
        var total, bytes, r2xx, r3xx, r4xx, r5xx, timeouts, connectionErrors, retries, readingsStored, readingsQuarantined: Int
        enum CodingKeys: String, CodingKey {
            case total, bytes, r2xx = "2xx", r3xx = "3xx", r4xx = "4xx", r5xx = "5xx", timeouts, connectionErrors = "connection_errors"
            case retries, readingsStored = "readings_stored", readingsQuarantined = "readings_quarantined"
        }
    }
    struct Feed: Encodable {
        var feed: String
        var stale: Bool
        @AlwaysEncoded var lastSuccess: String?
        @AlwaysEncoded var lastAttempt: String?
        @AlwaysEncoded var nextRun: String?
        @AlwaysEncoded var freshnessSeconds: Int?
        /// Complete hours since the newest stored hour of the feed's stations (see ``FeedHealth/gapHours``).
        @AlwaysEncoded var gapHours: Int?
        var gapHoursByStation: [String: Int]
        var consecutiveFailures: Int
        @AlwaysEncoded var lastError: String?
        var staleAfterSeconds: Int
        var requests: Requests
        enum CodingKeys: String, CodingKey {
            case feed, stale, lastSuccess = "last_success", lastAttempt = "last_attempt", nextRun = "next_run"
            case freshnessSeconds = "freshness_seconds", gapHours = "gap_hours", gapHoursByStation = "gap_hours_by_station"
            case consecutiveFailures = "consecutive_failures", lastError = "last_error"
            case staleAfterSeconds = "stale_after_seconds", requests
        }
    }

    var store: Store
    var feeds: [Feed]

    init(feeds: [FeedHealth], summary: StoreSummary, bytes: Int) {
        func iso(_ date: Date?) -> String? { date.map { ISO8601DateFormatter().string(from: $0) } }
        store = Store(path: summary.path, schema: summary.schemaVersion, bytes: bytes, hours: summary.hours,
                      quarantined: summary.quarantined, stations: summary.stations.count)
        self.feeds = feeds.map { f in
            let c = f.counters
            return Feed(feed: f.feed, stale: f.stale, lastSuccess: iso(f.lastSuccess), lastAttempt: iso(f.lastAttempt), nextRun: iso(f.nextRun),
                        freshnessSeconds: f.freshness.map { Int($0) }, gapHours: f.gapHours, gapHoursByStation: f.stationGaps,
                        consecutiveFailures: f.consecutiveFailures, lastError: f.lastError,
                        staleAfterSeconds: Int(f.staleAfter),
                        requests: Requests(total: c.requests, bytes: c.bytes, r2xx: c.responses2xx, r3xx: c.responses3xx, r4xx: c.responses4xx,
                                           r5xx: c.responses5xx, timeouts: c.timeouts, connectionErrors: c.connectionErrors, retries: c.retries,
                                           readingsStored: c.readingsStored, readingsQuarantined: c.readingsQuarantined))
        }
    }
}
