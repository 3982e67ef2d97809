import AirtrendTestSupport
import Foundation

/// A store directory with a config whose one feed reads `rows` generated hours, over http when `url` is given.
func feedConfig(in dir: String, rows: Int, url: String? = nil, extra: String = "") throws -> String {
    let formatter = ISO8601DateFormatter()
    var csv = "t,pm25\n"
    csv.reserveCapacity(rows * 28)
    // Hours end by 2013 at the latest, so even a long series is never "in the future".
    let start = max(0, 1_356_998_400 - rows * 3600)
    for h in 0..<rows { csv += "\(formatter.string(from: Date(timeIntervalSince1970: Double(start + h * 3600)))),\(h % 300)\n" }
    try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/feed.csv"))
    let config = """
        database: store.sqlite
        \(extra)
        stations:
          - id: s1
            timezone: UTC+8
        feeds:
          - id: local
            kind: csv
            url: \(url ?? "file:feed.csv")
            station: s1
            schedule: every 1h
            value_column: pm25
            time_column: t
            time_format: "%Y-%m-%dT%H:%M:%SZ"
        """
    try Data(config.utf8).write(to: URL(fileURLWithPath: dir + "/airtrend.yaml"))
    return dir + "/airtrend.yaml"
}
