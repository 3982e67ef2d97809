import AirtrendConfig
import AirtrendIngest
import AirtrendStore
import Foundation

/// Writes feed health in the Prometheus text format for node_exporter's textfile collector.
///
/// The file is written to a temporary name and renamed, so the collector never reads half a file.
public struct MetricsWriter: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func write(_ feeds: [FeedHealth], storeBytes: Int, hours: Int, now: Date) throws {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String, _ samples: [(String, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(Self.number(value))") }
        }
        func label(_ feed: String, _ extra: String = "") -> String { "{feed=\"\(Self.escaped(feed))\"\(extra)}" }
        metric("airtrend_feed_runs_total", "Feed runs by outcome.", "counter",
               feeds.flatMap { f in f.runsByOutcome.sorted { $0.key < $1.key }.map { (label(f.feed, ",outcome=\"\(Self.escaped($0.key))\""), Double($0.value)) } })
        metric("airtrend_feed_readings_stored_total", "Hourly values stored (new or changed) by the feed.", "counter",
               feeds.map { (label($0.feed), Double($0.storedTotal)) })
        metric("airtrend_feed_readings_quarantined_total", "Values the feed delivered that were quarantined.", "counter",
               feeds.map { (label($0.feed), Double($0.quarantinedTotal)) })
        metric("airtrend_feed_last_success_timestamp_seconds", "Unix time of the feed's last successful run (0: never).", "gauge",
               feeds.map { (label($0.feed), $0.lastSuccess?.timeIntervalSince1970 ?? 0) })
        metric("airtrend_feed_consecutive_failures", "Failed runs since the last success.", "gauge",
               feeds.map { (label($0.feed), Double($0.consecutiveFailures)) })
        metric("airtrend_feed_freshness_seconds", "Age of the newest stored hour of the feed's station.", "gauge",
               feeds.compactMap { f in f.freshness.map { (label(f.feed), $0) } })
        metric("airtrend_feed_gap_hours", "Complete hours since the newest stored hour of the feed's stations.", "gauge",
               feeds.compactMap { f in f.gapHours.map { (label(f.feed), Double($0)) } })
        metric("airtrend_feed_stale", "1 when the feed has not succeeded within its stale_after.", "gauge",
               feeds.map { (label($0.feed), $0.stale ? 1 : 0) })
        // Request-level counters of live feeds, kept in the store so they survive restarts.
        metric("airtrend_feed_requests_total", "HTTP requests made by the feed (retries included).", "counter",
               feeds.map { (label($0.feed), Double($0.counters.requests)) })
        metric("airtrend_feed_responses_total", "HTTP responses by status class.", "counter",
               feeds.flatMap { f in [("2xx", f.counters.responses2xx), ("3xx", f.counters.responses3xx), ("4xx", f.counters.responses4xx),
                                     ("5xx", f.counters.responses5xx)].map { (label(f.feed, ",class=\"\($0.0)\""), Double($0.1)) } })
        metric("airtrend_feed_request_failures_total", "Requests that got no response, by kind.", "counter",
               feeds.flatMap { f in [("timeout", f.counters.timeouts), ("connection", f.counters.connectionErrors)]
                   .map { (label(f.feed, ",kind=\"\($0.0)\""), Double($0.1)) } })
        metric("airtrend_feed_retries_total", "Requests repeated after a retryable failure.", "counter",
               feeds.map { (label($0.feed), Double($0.counters.retries)) })
        metric("airtrend_feed_bytes_total", "Bytes received on the wire by the feed.", "counter",
               feeds.map { (label($0.feed), Double($0.counters.bytes)) })
        metric("airtrend_store_bytes", "Size of the SQLite database file.", "gauge", [("", Double(storeBytes))])
        metric("airtrend_store_hours", "Hourly values in the store.", "gauge", [("", Double(hours))])
        metric("airtrend_metrics_written_timestamp_seconds", "When this file was written.", "gauge", [("", now.timeIntervalSince1970)])
        let temporary = path + ".tmp"
        try (lines.joined(separator: "\n") + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else { throw ServiceError("cannot write the metrics file \(path)") }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension MetricsWriter {
    /// Writes the metrics file of `configuration`, when it names one. Errors are returned, not thrown,
    /// because a monitoring file must never fail an ingest.
    @discardableResult
    public static func writeIfConfigured(_ configuration: AirtrendConfiguration, store: any ServiceStore, now: Date) -> String? {
        guard let path = configuration.metricsFile else { return nil }
        do {
            let health = try FeedHealth.assess(configuration: configuration, store: store, now: now)
            try MetricsWriter(path: path).write(health, storeBytes: try store.fileSize(), hours: try store.summary().hours, now: now)
            return nil
        } catch {
            return "cannot write metrics to \(path): \(error)"
        }
    }
}
