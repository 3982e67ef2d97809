import AirtrendDomain

extension SQLiteStore {
    /// The imports whose values the stations' stored hours hold, oldest data first.
    ///
    /// A later import that replaced an hour takes it over, so this lists where the current
    /// figures come from, not every file ever read.
    public func importSources(stations: [Int64], pollutant: Pollutant) throws -> [ImportSource] {
        guard !stations.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: stations.count).joined(separator: ",")
        let s = try connection.statement("""
            SELECT i.source, i.layout, f.code, count(*), min(h.hour), max(h.hour)
            FROM hourly h JOIN imports i ON i.id = h.import_id LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE h.pollutant = ? AND h.station_id IN (\(placeholders))
            GROUP BY i.id ORDER BY min(h.hour), i.id
            """)
        defer { s.reset() }
        s.bind(1, pollutant.rawValue)
        for (index, station) in stations.enumerated() { s.bind(Int32(index + 2), Int(station)) }
        var result: [ImportSource] = []
        while try s.step() {
            result.append(ImportSource(source: s.string(0) ?? "", layout: s.string(1) ?? "", feed: s.string(2), hours: s.int(3),
                                       firstHour: UTCHour(s.int(4)), lastHour: UTCHour(s.int(5))))
        }
        return result
    }
}
