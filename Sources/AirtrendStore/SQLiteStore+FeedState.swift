import AirtrendDomain

/// Cursors, HTTP validators and counters of live feeds.
///
/// Each call runs in the caller's transaction when one is open (so a page's readings, its cursor
/// and its counters commit together), or in its own otherwise.
extension SQLiteStore {
    /// The hour (exclusive) before which a feed's unit is fetched completely, or nil when it never ran.
    public func feedCursor(feed: String, unit: String) throws -> UTCHour? {
        let s = try connection.statement("SELECT cursor_hour FROM feed_cursors WHERE feed = ? AND unit = ?")
        s.bind(1, feed); s.bind(2, unit)
        return try s.firstRow { UTCHour($0.int(0)) }
    }

    /// Every unit's cursor of a feed.
    public func feedCursors(feed: String) throws -> [String: UTCHour] {
        let s = try connection.statement("SELECT unit, cursor_hour FROM feed_cursors WHERE feed = ?")
        s.bind(1, feed)
        var result: [String: UTCHour] = [:]
        defer { s.reset() }
        while try s.step() { result[s.string(0) ?? ""] = UTCHour(s.int(1)) }
        return result
    }

    /// Moves a unit's cursor; never backwards, so a late window cannot undo a newer one.
    public func advanceFeedCursor(feed: String, unit: String, to hour: UTCHour) throws {
        try connection.transaction {
            let s = try connection.statement("""
                INSERT INTO feed_cursors(feed, unit, cursor_hour, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(feed, unit) DO UPDATE SET cursor_hour = max(cursor_hour, excluded.cursor_hour), updated_at = excluded.updated_at
                """)
            s.bind(1, feed); s.bind(2, unit); s.bind(3, hour.value); s.bind(4, timestamp)
            try s.run()
        }
    }

    /// The ETag and Last-Modified last seen for a URL (stored with its secrets removed).
    public func httpValidators(url: String) throws -> (etag: String?, lastModified: String?)? {
        let s = try connection.statement("SELECT etag, last_modified FROM http_validators WHERE url = ?")
        s.bind(1, url)
        return try s.firstRow { ($0.string(0), $0.string(1)) }
    }

    /// Remembers a URL's validators, or forgets them when both are nil.
    public func saveHTTPValidators(url: String, etag: String?, lastModified: String?) throws {
        try connection.transaction {
            if etag == nil && lastModified == nil {
                let d = try connection.statement("DELETE FROM http_validators WHERE url = ?")
                d.bind(1, url)
                try d.run()
                return
            }
            let s = try connection.statement("""
                INSERT INTO http_validators(url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at
                """)
            s.bind(1, url); s.bind(2, etag); s.bind(3, lastModified); s.bind(4, timestamp)
            try s.run()
        }
    }

    /// Adds to a feed's counters; `lastSuccess`/`lastError` replace the stored ones when set
    /// (`lastSuccess` as "now").
    public func addFeedCounters(feed: String, _ delta: FeedCounters, succeeded: Bool = false) throws {
        guard !delta.isEmpty || succeeded || delta.lastError != nil else { return }
        try connection.transaction {
            let s = try connection.statement("""
                INSERT INTO feed_counters(feed, requests, bytes, responses_2xx, responses_3xx, responses_4xx, responses_5xx,
                    timeouts, connection_errors, retries, readings_stored, readings_quarantined, last_success, last_error)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                ON CONFLICT(feed) DO UPDATE SET requests = requests + excluded.requests, bytes = bytes + excluded.bytes,
                    responses_2xx = responses_2xx + excluded.responses_2xx, responses_3xx = responses_3xx + excluded.responses_3xx,
                    responses_4xx = responses_4xx + excluded.responses_4xx, responses_5xx = responses_5xx + excluded.responses_5xx,
                    timeouts = timeouts + excluded.timeouts, connection_errors = connection_errors + excluded.connection_errors,
                    retries = retries + excluded.retries, readings_stored = readings_stored + excluded.readings_stored,
                    readings_quarantined = readings_quarantined + excluded.readings_quarantined,
                    last_success = coalesce(excluded.last_success, last_success),
                    last_error = CASE WHEN excluded.last_success IS NOT NULL THEN excluded.last_error
                                      ELSE coalesce(excluded.last_error, last_error) END
                """)
            s.bind(1, feed); s.bind(2, delta.requests); s.bind(3, delta.bytes); s.bind(4, delta.responses2xx)
            s.bind(5, delta.responses3xx); s.bind(6, delta.responses4xx); s.bind(7, delta.responses5xx)
            s.bind(8, delta.timeouts); s.bind(9, delta.connectionErrors); s.bind(10, delta.retries)
            s.bind(11, delta.readingsStored); s.bind(12, delta.readingsQuarantined)
            s.bind(13, succeeded ? timestamp : nil); s.bind(14, delta.lastError)
            try s.run()
        }
    }

    /// A feed's counters (all zero when it never made a request).
    public func feedCounters(feed: String) throws -> FeedCounters {
        let s = try connection.statement("""
            SELECT requests, bytes, responses_2xx, responses_3xx, responses_4xx, responses_5xx, timeouts, connection_errors,
                   retries, readings_stored, readings_quarantined, last_success, last_error FROM feed_counters WHERE feed = ?
            """)
        s.bind(1, feed)
        return try s.firstRow { row in
            var c = FeedCounters()
            c.requests = row.int(0); c.bytes = row.int(1); c.responses2xx = row.int(2); c.responses3xx = row.int(3)
            c.responses4xx = row.int(4); c.responses5xx = row.int(5); c.timeouts = row.int(6); c.connectionErrors = row.int(7)
            c.retries = row.int(8); c.readingsStored = row.int(9); c.readingsQuarantined = row.int(10)
            c.lastSuccess = row.string(11); c.lastError = row.string(12)
            return c
        } ?? FeedCounters()
    }
}
