import AirtrendDomain

/// Values kept out of the series, and their release by an operator.
extension SQLiteStore {
    /// Quarantined values, newest first, optionally of one reason.
    public func quarantine(reason: QuarantineReason? = nil, feed: String? = nil, limit: Int = 1_000) throws -> [QuarantineRecord] {
        let s = try connection.statement("""
            SELECT q.id, q.import_id, q.station_code, q.pollutant, q.hour, q.value, q.reason, q.detail, q.raw, q.file, q.line,
                   q.released_at, f.code
            FROM quarantine q LEFT JOIN imports i ON i.id = q.import_id LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE (?1 IS NULL OR q.reason = ?1) AND (?3 IS NULL OR f.code = ?3) ORDER BY q.id DESC LIMIT ?2
            """)
        s.bind(1, reason?.rawValue); s.bind(2, limit); s.bind(3, feed)
        defer { s.reset() }
        var result: [QuarantineRecord] = []
        while try s.step() {
            result.append(QuarantineRecord(
                id: Int64(s.int(0)), importID: s.optionalInt(1).map(Int64.init), station: s.string(2),
                pollutant: s.optionalInt(3).flatMap(Pollutant.init(rawValue:)), hour: s.optionalInt(4).map(UTCHour.init),
                value: s.optionalDouble(5), reason: QuarantineReason(rawValue: s.string(6) ?? "") ?? .rejected,
                detail: s.string(7) ?? "", raw: s.string(8), file: s.string(9), line: s.optionalInt(10)
            ))
            result[result.count - 1].releasedAt = s.string(11)
            result[result.count - 1].feed = s.string(12)
        }
        return result
    }

    /// Accepts quarantined values: each is stored as its hour's value (replacing any other) and
    /// every aggregate containing it follows, in one transaction; the quarantine rows are marked released.
    ///
    /// - Throws: ``StoreError`` naming any id that does not exist, was already released, or holds
    ///   no value to accept (a rejected row); nothing is changed then.
    public func releaseQuarantined(ids: [Int64]) throws -> Int {
        let find = try connection.statement("""
            SELECT q.station_code, q.pollutant, q.hour, q.value, q.released_at, q.reason, st.id FROM quarantine q
            LEFT JOIN stations st ON st.code = q.station_code WHERE q.id = ?
            """)
        var accepted: [(id: Int64, station: String, pollutant: Pollutant, hour: UTCHour, value: Double)] = []
        var problems: [String] = []
        for id in ids {
            find.bind(1, Int(id))
            let row = try find.firstRow { s -> (String?, Int?, Int?, Double?, String?, String?, Int?) in
                (s.string(0), s.optionalInt(1), s.optionalInt(2), s.optionalDouble(3), s.string(4), s.string(5), s.optionalInt(6))
            }
            guard let row else { problems.append("no quarantined value with id \(id)"); continue }
            if let released = row.4 { problems.append("id \(id) was already released at \(released)"); continue }
            guard let code = row.0, row.6 != nil, let pollutant = row.1.flatMap(Pollutant.init(rawValue:)), let hour = row.2, let value = row.3,
                  value.isFinite else {
                problems.append("id \(id) (\(row.5 ?? "?")) holds no value for a known station and hour to accept")
                continue
            }
            accepted.append((id, code, pollutant, UTCHour(hour), value))
        }
        guard problems.isEmpty else {
            throw StoreError(problems.joined(separator: "; ") + "; nothing was released (list ids with `airtrend quarantine`)")
        }
        let importID = try beginImport(source: "quarantine release \(ids.map(String.init).joined(separator: ","))", layout: "release")
        let writer = try hourlyWriter(importID: importID, batchSize: Int.max)
        do {
            let mark = try connection.statement("UPDATE quarantine SET released_at = ? WHERE id = ?")
            for item in accepted {
                guard let station = try station(code: item.station) else { continue }
                try writer.put(StationTarget(station), pollutant: item.pollutant, hour: item.hour, value: item.value, line: 0)
                mark.bind(1, timestamp); mark.bind(2, Int(item.id))
                try mark.run()
            }
            try writer.finish()
        } catch {
            writer.rollback()
            throw error
        }
        var counts = ImportCounts()
        counts.readings = accepted.count
        counts.stored = accepted.count
        try finishImport(importID, counts: counts, status: "ok", message: nil)
        return accepted.count
    }
}
