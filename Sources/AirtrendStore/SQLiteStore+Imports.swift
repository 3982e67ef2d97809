import AirtrendDomain

/// Import records, the files a feed imported in full, and the writer of an import's hours.
extension SQLiteStore {
    /// The feed's store key, created on first use.
    public func feedID(code: String, kind: String, url: String?) throws -> Int64 {
        let s = try connection.statement("""
            INSERT INTO feeds(code, kind, url, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, url = coalesce(excluded.url, feeds.url) RETURNING id
            """)
        s.bind(1, code); s.bind(2, kind); s.bind(3, url); s.bind(4, timestamp)
        return try s.firstRow { Int64($0.int(0)) } ?? 0
    }

    /// The size and modification time recorded when a feed last imported a file in full.
    public func sourceState(feed: String, source: String) throws -> (size: Int, modified: Int)? {
        let s = try connection.statement("""
            SELECT fs.size, fs.modified FROM feed_sources fs JOIN feeds f ON f.id = fs.feed_id WHERE f.code = ? AND fs.source = ?
            """)
        s.bind(1, feed); s.bind(2, source)
        return try s.firstRow { ($0.int(0), $0.int(1)) }
    }

    /// Remembers that a feed imported a file in full, so an unchanged file is skipped next time.
    public func recordSourceState(feed: String, kind: String, source: String, size: Int, modified: Int) throws {
        try connection.transaction {
            let id = try feedID(code: feed, kind: kind, url: nil)
            let s = try connection.statement("""
                INSERT INTO feed_sources(feed_id, source, size, modified, imported_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(feed_id, source) DO UPDATE SET size = excluded.size, modified = excluded.modified, imported_at = excluded.imported_at
                """)
            s.bind(1, id); s.bind(2, source); s.bind(3, size); s.bind(4, modified); s.bind(5, timestamp)
            try s.run()
        }
    }

    /// Records the start of an import and returns its id (committed at once, so a killed import is visible).
    public func beginImport(source: String, layout: String, feedCode: String? = nil) throws -> Int64 {
        try connection.transaction {
            var feedKey: Int?
            if let feedCode { feedKey = Int(try self.feedID(code: feedCode, kind: layout, url: nil)) }
            let s = try connection.statement("INSERT INTO imports(source, layout, feed_id, started_at) VALUES (?, ?, ?, ?)")
            s.bind(1, source); s.bind(2, layout); s.bind(3, feedKey); s.bind(4, timestamp)
            try s.run()
            return connection.lastInsertRowID
        }
    }

    /// Writes an import's final counts and status.
    public func finishImport(_ id: Int64, counts: ImportCounts, status: String, message: String?) throws {
        try connection.transaction {
            let s = try connection.statement("""
                UPDATE imports SET finished_at = ?, status = ?, lines = ?, readings = ?, stored = ?, unchanged = ?,
                    missing = ?, quarantined = ?, rejected = ?, message = ? WHERE id = ?
                """)
            s.bind(1, timestamp); s.bind(2, status); s.bind(3, counts.lines); s.bind(4, counts.readings)
            s.bind(5, counts.stored); s.bind(6, counts.unchanged); s.bind(7, counts.missing)
            s.bind(8, counts.quarantined); s.bind(9, counts.rejected); s.bind(10, message); s.bind(11, Int(id))
            try s.run()
        }
    }

    /// A writer for one import's hours; see ``HourlyWriter``.
    ///
    /// - Parameter external: the caller has begun a transaction and will commit or roll it back; the
    ///   writer then only stores hours and brings aggregates up to date at ``HourlyWriter/finish()``.
    public func hourlyWriter(importID: Int64, batchSize: Int = 1_000_000, external: Bool = false) throws -> any HourlyWriter {
        try SQLiteHourlyWriter(store: self, importID: importID, batchSize: batchSize, profiles: try materializedProfiles(), external: external)
    }

    public func importSource(id: Int64) throws -> String? {
        let s = try connection.statement("SELECT source FROM imports WHERE id = ?")
        s.bind(1, Int(id))
        return try s.firstRow { $0.string(0) } ?? nil
    }
}
