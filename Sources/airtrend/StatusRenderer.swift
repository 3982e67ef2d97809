import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendStore
import Foundation

/// Text and JSON forms of `airtrend status`.
enum StatusRenderer {
    static func age(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "–" }
        let s = Int(seconds)
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86400)d"
    }

    static func iso(_ date: Date?) -> String { date.map { ISO8601DateFormatter().string(from: $0) } ?? "never" }

    static func text(feeds: [FeedHealth], summary: StoreSummary, bytes: Int, now: Date) -> String {
        var out = "store \(summary.path) (schema \(summary.schemaVersion), \(bytes / 1024) KiB): \(summary.hours) hourly values, "
        out += "\(summary.quarantined) quarantined, \(summary.stations.count) stations, profiles \(summary.profiles.joined(separator: ", "))\n"
        for feed in feeds {
            out += "feed \(feed.feed): \(feed.stale ? "STALE" : "ok"); last success \(iso(feed.lastSuccess))"
            out += ", last attempt \(iso(feed.lastAttempt)), next run \(iso(feed.nextRun)), freshness \(age(feed.freshness))"
            out += ", gap \(feed.gapHours.map { "\($0)h" } ?? "–")"
            // A multi-sensor feed is as fresh as its best station; name the ones further behind.
            let behind = feed.stationGaps.filter { $0.value > (feed.gapHours ?? 0) }.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
            if !behind.isEmpty { out += " (" + behind.prefix(5).map { "\($0.key) \($0.value)h" }.joined(separator: ", ") + ")" }
            out += ", failures in a row \(feed.consecutiveFailures)"
            if let error = feed.lastError { out += ", last error: \(oneLine(String(error.prefix(160))))" }
            let c = feed.counters
            if c.requests > 0 {
                out += "; requests \(c.requests) (5xx \(c.responses5xx), 4xx \(c.responses4xx), timeouts \(c.timeouts), retries \(c.retries))"
            }
            out += "\n"
        }
        if feeds.isEmpty { out += "no feeds configured\n" }
        return out
    }

    static func json(feeds: [FeedHealth], summary: StoreSummary, bytes: Int) -> String {
        JSONOutput.text(StatusJSON(feeds: feeds, summary: summary, bytes: bytes))
    }
}
