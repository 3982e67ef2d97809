import AirtrendConfig
import AirtrendDomain
import AirtrendStore
import Foundation

/// How one feed is doing, for `airtrend status` and the metrics file.
public struct FeedHealth: Sendable {
    public var feed: String
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    /// Age of the newest stored hour of the feed's station (nil for multi-station feeds or no data).
    public var freshness: TimeInterval?
    /// Complete hours between the newest stored hour of the feed's stations and now: 0 when the last
    /// complete hour is stored (nil when the feed names no station or none has data). A gap that
    /// stays means hours the upstream has not delivered (yet); the next runs ask for them again.
    public var gapHours: Int?
    /// The same per configured station (`station`, or each sensor's), so one silent sensor of a feed shows.
    public var stationGaps: [String: Int] = [:]
    public var nextRun: Date?
    public var consecutiveFailures: Int
    public var lastError: String?
    /// Time since the last success after which the feed counts as stale (default three intervals).
    public var staleAfter: TimeInterval
    public var stale: Bool
    public var runsByOutcome: [String: Int]
    public var storedTotal: Int
    public var quarantinedTotal: Int
    /// Request counters of a live feed (all zero for archive feeds).
    public var counters = FeedCounters()

    /// The health of every configured feed, judged at `now`.
    public static func assess(configuration: AirtrendConfiguration, store: any ServiceStore, now: Date) throws -> [FeedHealth] {
        let parse = ISO8601DateFormatter()
        return try configuration.feeds.map { feed in
            let runs = try store.runs(feed: feed.id, limit: 200)
            let schedule = try? Schedule(feed.schedule ?? "hourly", timeZone: feed.scheduleTimeZone ?? "UTC")
            let lastAttempt = runs.first.flatMap { parse.date(from: $0.startedAt) }
            let lastSuccess = runs.first { $0.outcome == "ok" }.flatMap { parse.date(from: $0.finishedAt ?? $0.startedAt) }
            let failures = runs.prefix { $0.outcome != "ok" }.count
            var interval: TimeInterval = 3600
            if let schedule {
                let first = schedule.nextFire(after: now)
                interval = schedule.interval ?? schedule.nextFire(after: first).timeIntervalSince(first)
            }
            let staleAfter = 3 * interval
            // A live feed's freshness is that of its most recently updated station.
            let stations = (feed.station.map { [$0] } ?? []) + feed.live.sensors.map(\.station)
            var newestByStation: [String: UTCHour] = [:]
            for station in stations { newestByStation[station] = try store.newestHour(station: station) }
            let newest = newestByStation.values.max()
            let currentHour = Int((now.timeIntervalSince1970 / 3600).rounded(.down))
            func gap(_ hour: UTCHour) -> Int { max(0, currentHour - (hour.value + 1)) }
            let totals = try store.runTotals(feed: feed.id)
            return FeedHealth(
                feed: feed.id, lastAttempt: lastAttempt, lastSuccess: lastSuccess,
                freshness: newest.map { now.timeIntervalSince1970 - Double(($0.value + 1) * 3600) },
                gapHours: newest.map(gap), stationGaps: newestByStation.mapValues(gap),
                nextRun: schedule?.nextFire(after: lastAttempt ?? now), consecutiveFailures: failures,
                lastError: runs.first { $0.outcome != "ok" }?.error, staleAfter: staleAfter,
                stale: lastSuccess.map { now.timeIntervalSince($0) > staleAfter } ?? true,
                runsByOutcome: totals.outcomes, storedTotal: totals.stored, quarantinedTotal: totals.quarantined,
                counters: try store.feedCounters(feed: feed.id)
            )
        }
    }
}
