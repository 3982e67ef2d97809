import AirtrendDomain

/// Feed runs (daemon cycles and one-shots), written at start so a killed run stays visible.
extension SQLiteStore {
    /// Records the start of a feed run (committed at once, so a killed run stays visible).
    public func beginRun(feed: String, trigger: String) throws -> Int64 {
        try connection.transaction {
            let s = try connection.statement("INSERT INTO runs(feed, trigger, started_at) VALUES (?, ?, ?)")
            s.bind(1, feed); s.bind(2, trigger); s.bind(3, timestamp)
            try s.run()
            return connection.lastInsertRowID
        }
    }

    /// Completes a run with its outcome and counts.
    public func finishRun(_ id: Int64, outcome: String, files: Int, skipped: Int, stored: Int, quarantined: Int, rejected: Int, error: String?) throws {
        try connection.transaction {
            let s = try connection.statement("""
                UPDATE runs SET finished_at = ?, outcome = ?, files = ?, skipped = ?, stored = ?, quarantined = ?, rejected = ?, error = ?
                WHERE id = ?
                """)
            s.bind(1, timestamp); s.bind(2, outcome); s.bind(3, files); s.bind(4, skipped); s.bind(5, stored)
            s.bind(6, quarantined); s.bind(7, rejected); s.bind(8, error); s.bind(9, Int(id))
            try s.run()
        }
    }

    /// The most recent runs, newest first, optionally of one feed.
    public func runs(feed: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        let s = try connection.statement("""
            SELECT id, feed, trigger, started_at, finished_at, outcome, files, skipped, stored, quarantined, rejected, error
            FROM runs WHERE (?1 IS NULL OR feed = ?1) ORDER BY id DESC LIMIT ?2
            """)
        s.bind(1, feed); s.bind(2, limit)
        var result: [RunRecord] = []
        while try s.step() {
            result.append(RunRecord(
                id: Int64(s.int(0)), feed: s.string(1) ?? "", trigger: s.string(2) ?? "", startedAt: s.string(3) ?? "",
                finishedAt: s.string(4), outcome: s.string(5) ?? "", files: s.int(6), skipped: s.int(7), stored: s.int(8),
                quarantined: s.int(9), rejected: s.int(10), error: s.string(11)
            ))
        }
        return result
    }

    /// Totals over all runs of a feed: (runs by outcome, hours stored, values quarantined).
    public func runTotals(feed: String) throws -> (outcomes: [String: Int], stored: Int, quarantined: Int) {
        let s = try connection.statement("SELECT outcome, count(*), total(stored), total(quarantined) FROM runs WHERE feed = ? GROUP BY outcome")
        s.bind(1, feed)
        var outcomes: [String: Int] = [:]
        var stored = 0.0, quarantined = 0.0
        while try s.step() {
            outcomes[s.string(0) ?? ""] = s.int(1)
            stored += s.double(2)
            quarantined += s.double(3)
        }
        return (outcomes, Int(stored), Int(quarantined))
    }
}
