/// One forward step of the schema, with a name that says what it adds.
struct Migration: Sendable {
    let name: String
    let sql: String
    /// The step adds aggregate tables that a store with history must fill in the same transaction.
    let backfillsAggregates: Bool
    /// The step changes what a city day is made of, so every city series is rebuilt from its stations' days
    /// in the same transaction (the stations' own rows stay).
    let rebuildsCities: Bool

    init(_ name: String, _ sql: String, backfillsAggregates: Bool = false, rebuildsCities: Bool = false) {
        self.name = name
        self.sql = sql
        self.backfillsAggregates = backfillsAggregates
        self.rebuildsCities = rebuildsCities
    }
}

/// The schema, as an ordered list of named forward migrations; `PRAGMA user_version` counts those applied.
///
/// - Important: Never edit a migration that has shipped; append a new one.
enum StoreMigrations {
    static let all: [Migration] = [
        // stations, feeds, imports, hourly readings, quarantine, calendar aggregates.
        Migration(
            "initial-schema",
            """
            CREATE TABLE scopes(
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('station', 'city', 'region')),
                code TEXT NOT NULL,
                utc_offset_minutes INTEGER NOT NULL,
                UNIQUE (kind, code)
            );
            CREATE TABLE stations(
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT,
                city TEXT,
                timezone TEXT NOT NULL,
                utc_offset_minutes INTEGER NOT NULL,
                latitude REAL,
                longitude REAL,
                scope_id INTEGER NOT NULL UNIQUE REFERENCES scopes(id),
                created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            );
            CREATE TABLE feeds(
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                url TEXT,
                cursor TEXT,
                updated_at TEXT
            );
            CREATE TABLE feed_sources(
                feed_id INTEGER NOT NULL REFERENCES feeds(id),
                source TEXT NOT NULL,
                size INTEGER NOT NULL,
                modified INTEGER NOT NULL,
                imported_at TEXT NOT NULL,
                PRIMARY KEY (feed_id, source)
            );
            CREATE TABLE imports(
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                layout TEXT NOT NULL,
                feed_id INTEGER REFERENCES feeds(id),
                started_at TEXT NOT NULL,
                finished_at TEXT,
                status TEXT NOT NULL DEFAULT 'running',
                lines INTEGER NOT NULL DEFAULT 0,
                readings INTEGER NOT NULL DEFAULT 0,
                stored INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                missing INTEGER NOT NULL DEFAULT 0,
                quarantined INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                message TEXT
            );
            CREATE TABLE hourly(
                station_id INTEGER NOT NULL REFERENCES stations(id),
                pollutant INTEGER NOT NULL,
                hour INTEGER NOT NULL,
                value REAL NOT NULL,
                import_id INTEGER NOT NULL,
                line INTEGER,
                PRIMARY KEY (station_id, pollutant, hour)
            ) WITHOUT ROWID;
            CREATE TABLE quarantine(
                id INTEGER PRIMARY KEY,
                import_id INTEGER REFERENCES imports(id),
                station_code TEXT,
                pollutant INTEGER,
                hour INTEGER,
                value REAL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                raw TEXT,
                file TEXT,
                line INTEGER,
                recorded_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX quarantine_identity ON quarantine(
                coalesce(file, ''), coalesce(line, -1), reason, coalesce(station_code, ''), coalesce(hour, -1), coalesce(value, -1e300)
            );
            CREATE INDEX quarantine_by_reason ON quarantine(reason);
            CREATE TABLE profiles(
                name TEXT PRIMARY KEY,
                materialized_at TEXT NOT NULL
            );
            CREATE TABLE daily(
                scope_id INTEGER NOT NULL REFERENCES scopes(id),
                pollutant INTEGER NOT NULL,
                profile TEXT NOT NULL,
                day INTEGER NOT NULL,
                observed INTEGER NOT NULL,
                expected INTEGER NOT NULL,
                sum REAL NOT NULL,
                mean REAL,
                min REAL,
                max REAL,
                valid INTEGER NOT NULL,
                PRIMARY KEY (scope_id, pollutant, profile, day)
            ) WITHOUT ROWID;
            CREATE TABLE monthly(
                scope_id INTEGER NOT NULL REFERENCES scopes(id),
                pollutant INTEGER NOT NULL,
                profile TEXT NOT NULL,
                year INTEGER NOT NULL,
                month INTEGER NOT NULL,
                valid_days INTEGER NOT NULL,
                expected_days INTEGER NOT NULL,
                required_days INTEGER NOT NULL,
                mean REAL,
                valid INTEGER NOT NULL,
                PRIMARY KEY (scope_id, pollutant, profile, year, month)
            ) WITHOUT ROWID;
            CREATE TABLE annual(
                scope_id INTEGER NOT NULL REFERENCES scopes(id),
                pollutant INTEGER NOT NULL,
                profile TEXT NOT NULL,
                year INTEGER NOT NULL,
                valid_days INTEGER NOT NULL,
                expected_days INTEGER NOT NULL,
                valid_months INTEGER NOT NULL,
                mean REAL,
                p95 REAL,
                days_over_limit INTEGER NOT NULL,
                complete INTEGER NOT NULL,
                PRIMARY KEY (scope_id, pollutant, profile, year)
            ) WITHOUT ROWID;
            CREATE VIEW daily_by_date AS
                SELECT s.kind, s.code, d.pollutant, d.profile, date(d.day * 86400, 'unixepoch') AS date,
                       d.observed, d.expected, d.mean, d.min, d.max, d.valid
                FROM daily d JOIN scopes s ON s.id = d.scope_id;
            CREATE VIEW hourly_by_time AS
                SELECT st.code AS station, h.pollutant, strftime('%Y-%m-%dT%H:00Z', h.hour * 3600, 'unixepoch') AS hour_utc,
                       h.value, h.import_id, h.line
                FROM hourly h JOIN stations st ON st.id = h.station_id;
            """
        ),
        // city series look up their stations by city on every batch.
        Migration(
            "stations-by-city-index",
            "CREATE INDEX stations_by_city ON stations(city);"
        ),
        // one row per feed run (daemon cycle or one-shot), written at start and completed at the end,
        // so a run killed half-way stays visible as unfinished.
        Migration(
            "runs",
            """
            CREATE TABLE runs(
                id INTEGER PRIMARY KEY,
                feed TEXT NOT NULL,
                trigger TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                outcome TEXT NOT NULL DEFAULT 'running',
                files INTEGER NOT NULL DEFAULT 0,
                skipped INTEGER NOT NULL DEFAULT 0,
                stored INTEGER NOT NULL DEFAULT 0,
                quarantined INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                error TEXT
            );
            CREATE INDEX runs_by_feed ON runs(feed, id);
            """
        ),
        // an operator can accept a quarantined value; the row stays, marked, for the audit trail.
        Migration(
            "quarantine-release",
            "ALTER TABLE quarantine ADD COLUMN released_at TEXT;"
        ),
        // live feeds. A unit's cursor advances in the transaction that stores its readings;
        // validators make the next request conditional; counters tell operators what each feed did.
        // `hourly.raw` keeps what a source sent when the stored value was derived from it.
        Migration(
            "live-feeds",
            """
            CREATE TABLE feed_cursors(
                feed TEXT NOT NULL,
                unit TEXT NOT NULL,
                cursor_hour INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (feed, unit)
            ) WITHOUT ROWID;
            CREATE TABLE http_validators(
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                updated_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE feed_counters(
                feed TEXT PRIMARY KEY,
                requests INTEGER NOT NULL DEFAULT 0,
                bytes INTEGER NOT NULL DEFAULT 0,
                responses_2xx INTEGER NOT NULL DEFAULT 0,
                responses_3xx INTEGER NOT NULL DEFAULT 0,
                responses_4xx INTEGER NOT NULL DEFAULT 0,
                responses_5xx INTEGER NOT NULL DEFAULT 0,
                timeouts INTEGER NOT NULL DEFAULT 0,
                connection_errors INTEGER NOT NULL DEFAULT 0,
                retries INTEGER NOT NULL DEFAULT 0,
                readings_stored INTEGER NOT NULL DEFAULT 0,
                readings_quarantined INTEGER NOT NULL DEFAULT 0,
                last_success TEXT,
                last_error TEXT
            ) WITHOUT ROWID;
            ALTER TABLE hourly ADD COLUMN raw TEXT;
            """
        ),
        // rolling averages, stored and kept current with the hours (see RollingMaintainer). Hourly labels
        // are packed one row per station and UTC day (RollingHourBlock): a row per hour would double the
        // B-tree work of every import. A store that already holds hours is backfilled when it opens.
        Migration(
            "rolling-averages",
            """
            CREATE TABLE rolling_hourly(
                station_id INTEGER NOT NULL REFERENCES stations(id),
                pollutant INTEGER NOT NULL,
                day INTEGER NOT NULL,
                labels BLOB NOT NULL,
                PRIMARY KEY (station_id, pollutant, day)
            ) WITHOUT ROWID;
            CREATE TABLE rolling_daily(
                scope_id INTEGER NOT NULL REFERENCES scopes(id),
                pollutant INTEGER NOT NULL,
                profile TEXT NOT NULL,
                day INTEGER NOT NULL,
                days7 INTEGER NOT NULL,
                sum7 REAL NOT NULL,
                days30 INTEGER NOT NULL,
                sum30 REAL NOT NULL,
                days365 INTEGER NOT NULL,
                sum365 REAL NOT NULL,
                PRIMARY KEY (scope_id, pollutant, profile, day)
            ) WITHOUT ROWID;
            """, backfillsAggregates: true
        ),
        // rolling averages derived when read instead of stored (issue 14): the stored labels were 40 % of the
        // file and a quarter of every import's and tick's work, and every one of them follows from the hours
        // (24 h, NowCast) or the daily means (7/30/365 d) in one range read. The views state the same
        // definitions for SQL tools; `airtrend query rolling` computes them in Swift (RollingWindows) with the
        // same rules. Nothing to convert: the dropped rows were derived from the hours that stay.
        Migration(
            "rolling-derived-on-read",
            """
            DROP TABLE rolling_hourly;
            DROP TABLE rolling_daily;
            -- A label is produced once, from the newest stored hour at or before it (k hours back, none in between),
            -- so a filter on the station reaches the hourly table through its key instead of the whole store.
            CREATE VIEW rolling_hourly_by_time AS
                WITH RECURSIVE lag(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM lag WHERE k < 23)
                SELECT st.code AS station, h.pollutant, h.hour + lag.k AS hour,
                       strftime('%Y-%m-%dT%H:00Z', (h.hour + lag.k) * 3600, 'unixepoch') AS hour_utc,
                       (SELECT count(*) FROM hourly x WHERE x.station_id = h.station_id AND x.pollutant = h.pollutant AND x.hour BETWEEN h.hour + lag.k - 23 AND h.hour + lag.k) AS hours_present,
                       (SELECT avg(x.value) FROM hourly x WHERE x.station_id = h.station_id AND x.pollutant = h.pollutant AND x.hour BETWEEN h.hour + lag.k - 23 AND h.hour + lag.k) AS mean_24h,
                       (SELECT count(*) FROM hourly x WHERE x.station_id = h.station_id AND x.pollutant = h.pollutant AND x.hour BETWEEN h.hour + lag.k - 11 AND h.hour + lag.k) AS hours_12h,
                       (SELECT CASE WHEN m.newest3 < 2 THEN NULL WHEN m.high <= 0 THEN 0.0
                                    ELSE CAST(total(y.value * pow(max(m.low / m.high, 0.5), h.hour + lag.k - y.hour))
                                              / total(pow(max(m.low / m.high, 0.5), h.hour + lag.k - y.hour)) * 10 AS INTEGER) / 10.0 END
                        FROM (SELECT min(value) AS low, max(value) AS high, sum(hour > h.hour + lag.k - 3) AS newest3 FROM hourly
                              WHERE station_id = h.station_id AND pollutant = h.pollutant AND hour BETWEEN h.hour + lag.k - 11 AND h.hour + lag.k) m,
                             hourly y WHERE y.station_id = h.station_id AND y.pollutant = h.pollutant AND y.hour BETWEEN h.hour + lag.k - 11 AND h.hour + lag.k) AS nowcast
                FROM stations st JOIN hourly h ON h.station_id = st.id JOIN lag
                WHERE NOT EXISTS (SELECT 1 FROM hourly p WHERE p.station_id = h.station_id AND p.pollutant = h.pollutant
                                  AND p.hour > h.hour AND p.hour <= h.hour + lag.k);
            -- The same per scope and day, from the newest daily row at or before the day; days more than 364 days
            -- after a scope's previous daily row (every window empty) are left out.
            CREATE VIEW rolling_daily_by_date AS
                WITH RECURSIVE lag(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM lag WHERE k < 364)
                SELECT s.kind, s.code, d.pollutant, d.profile, d.day + lag.k AS day,
                       date((d.day + lag.k) * 86400, 'unixepoch') AS date,
                       (SELECT count(*) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 6 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS days_7d,
                       (SELECT avg(x.mean) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 6 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS mean_7d,
                       (SELECT count(*) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 29 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS days_30d,
                       (SELECT avg(x.mean) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 29 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS mean_30d,
                       (SELECT count(*) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 364 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS days_365d,
                       (SELECT avg(x.mean) FROM daily x WHERE x.scope_id = d.scope_id AND x.pollutant = d.pollutant AND x.profile = d.profile AND x.day BETWEEN d.day + lag.k - 364 AND d.day + lag.k AND x.valid = 1 AND x.mean IS NOT NULL) AS mean_365d
                FROM scopes s JOIN daily d ON d.scope_id = s.id JOIN lag
                WHERE lag.k = 0 OR d.day + lag.k < (SELECT min(n.day) FROM daily n WHERE n.scope_id = d.scope_id
                                                    AND n.pollutant = d.pollutant AND n.profile = d.profile AND n.day > d.day);
            """
        ),
        // issue 11: a station's role (only `assessment` stations make up a city's figures) and a stated service
        // period (local day numbers; NULL: taken from the data). Every existing station becomes `assessment`, as
        // every station counted before; the configuration's roles apply at the next import or ingest. City days
        // now expect the assessment stations in service that day, so every city series is rebuilt. The views
        // give SQL tools names, units and readable times (documented in Config/datasette/metadata.yaml).
        Migration(
            "station-roles-and-report-views",
            """
            ALTER TABLE stations ADD COLUMN role TEXT NOT NULL DEFAULT 'assessment'
                CHECK (role IN ('assessment', 'background', 'traffic', 'other'));
            ALTER TABLE stations ADD COLUMN in_service_from INTEGER;
            ALTER TABLE stations ADD COLUMN in_service_to INTEGER;
            -- Kept as it was, with the day's coverage (observed ÷ expected: hours of 24 for a station, assessment
            -- stations with a valid day of those in service for a city) appended.
            DROP VIEW daily_by_date;
            CREATE VIEW daily_by_date AS
                SELECT s.kind, s.code, d.pollutant, d.profile, date(d.day * 86400, 'unixepoch') AS date,
                       d.observed, d.expected, d.mean, d.min, d.max, d.valid,
                       CAST(d.observed AS REAL) / d.expected AS coverage
                FROM daily d JOIN scopes s ON s.id = d.scope_id;
            CREATE VIEW station_list AS
                SELECT st.code AS station, st.name, st.city, st.role, st.timezone, st.latitude, st.longitude,
                       date(st.in_service_from * 86400, 'unixepoch') AS in_service_from,
                       date(st.in_service_to * 86400, 'unixepoch') AS in_service_to,
                       strftime('%Y-%m-%dT%H:00Z', (SELECT hour FROM hourly h WHERE h.station_id = st.id ORDER BY hour LIMIT 1) * 3600, 'unixepoch') AS first_hour_utc,
                       strftime('%Y-%m-%dT%H:00Z', (SELECT hour FROM hourly h WHERE h.station_id = st.id ORDER BY hour DESC LIMIT 1) * 3600, 'unixepoch') AS last_hour_utc
                FROM stations st;
            -- One row per scope (station or city), profile and year: the figures `airtrend report` prints.
            -- A year is an annual figure only with data in all 12 months (has_annual_figure); `complete` is the
            -- profile's year rule. The daily limits restate ValidityProfile (a test keeps them equal).
            CREATE VIEW annual_report AS
                SELECT *, months_with_data = 12 AS has_annual_figure FROM (
                    SELECT sc.kind, sc.code, CASE WHEN sc.kind = 'station' THEN coalesce(st.name, sc.code) ELSE sc.code END AS name,
                           st.city, st.role, CASE a.pollutant WHEN 1 THEN 'PM2.5' ELSE 'pollutant ' || a.pollutant END AS pollutant,
                           a.profile, a.year, a.mean AS annual_mean, a.valid_days, a.expected_days, a.valid_months,
                           (SELECT count(*) FROM monthly m WHERE m.scope_id = a.scope_id AND m.pollutant = a.pollutant AND m.profile = a.profile
                                AND m.year = a.year AND m.valid_days > 0) AS months_with_data,
                           a.complete, a.p95 AS p95_daily, a.days_over_limit,
                           CASE a.profile WHEN 'gb3095-2012' THEN 75 WHEN 'gb3095-2026' THEN 60 WHEN 'epa' THEN 35 WHEN 'eu' THEN 25 END AS daily_limit,
                           (SELECT avg(CAST(d.observed AS REAL) / d.expected) FROM daily d
                            WHERE d.scope_id = a.scope_id AND d.pollutant = a.pollutant AND d.profile = a.profile
                              AND d.day BETWEEN CAST(julianday(printf('%04d-01-01', a.year)) - 2440587.5 AS INTEGER)
                                            AND CAST(julianday(printf('%04d-12-31', a.year)) - 2440587.5 AS INTEGER)) AS mean_day_coverage
                    FROM annual a JOIN scopes sc ON sc.id = a.scope_id LEFT JOIN stations st ON st.scope_id = sc.id
                );
            -- One row per scope, profile and month with any day: the months `airtrend query monthly` lists.
            CREATE VIEW monthly_report AS
                SELECT sc.kind, sc.code, CASE WHEN sc.kind = 'station' THEN coalesce(st.name, sc.code) ELSE sc.code END AS name,
                       st.city, st.role, CASE m.pollutant WHEN 1 THEN 'PM2.5' ELSE 'pollutant ' || m.pollutant END AS pollutant,
                       m.profile, printf('%04d-%02d', m.year, m.month) AS month, m.year, m.month AS month_number, m.mean AS monthly_mean,
                       m.valid_days, m.expected_days, m.required_days, m.valid,
                       (SELECT avg(CAST(d.observed AS REAL) / d.expected) FROM daily d
                        WHERE d.scope_id = m.scope_id AND d.pollutant = m.pollutant AND d.profile = m.profile
                          AND d.day BETWEEN CAST(julianday(printf('%04d-%02d-01', m.year, m.month)) - 2440587.5 AS INTEGER)
                                        AND CAST(julianday(printf('%04d-%02d-01', m.year, m.month), '+1 month', '-1 day') - 2440587.5 AS INTEGER)) AS mean_day_coverage
                FROM monthly m JOIN scopes sc ON sc.id = m.scope_id LEFT JOIN stations st ON st.scope_id = sc.id;
            """, rebuildsCities: true
        ),
    ]
}
