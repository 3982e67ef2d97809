import AirtrendDomain

/// Stations, their aggregate scopes, and the cities they belong to.
extension SQLiteStore {
    /// The station with this id, or nil.
    public func station(code: String) throws -> StoredStation? {
        let s = try connection.statement("SELECT id, scope_id, name, city, timezone, latitude, longitude FROM stations WHERE code = ?")
        s.bind(1, code)
        return try s.firstRow { try storedStation($0, code: code) }
    }

    /// Every station, by id.
    public func stations() throws -> [StoredStation] {
        let s = try connection.statement("SELECT id, scope_id, name, city, timezone, latitude, longitude, code FROM stations ORDER BY code")
        var result: [StoredStation] = []
        while try s.step() { result.append(try storedStation(s, code: s.string(7) ?? "")) }
        return result
    }

    private func storedStation(_ s: SQLiteStatement, code: String) throws -> StoredStation {
        let zone = try StationTimeZone(s.string(4) ?? "UTC")
        return StoredStation(
            id: Int64(s.int(0)), scopeID: Int64(s.int(1)),
            station: Station(id: code, name: s.string(2), city: s.string(3), timeZone: zone, latitude: s.optionalDouble(5), longitude: s.optionalDouble(6))
        )
    }

    /// Creates the station, or updates its descriptive fields when it exists.
    ///
    /// Changing a station's zone moves its day boundaries, so every aggregate
    /// of that station is recomputed in the same transaction.
    @discardableResult
    public func saveStation(_ station: Station) throws -> StoredStation {
        // Inside an import's open batch the station joins that transaction.
        if connection.isInTransaction { return try saveStationInTransaction(station) }
        return try connection.transaction { try saveStationInTransaction(station) }
    }

    func saveStationInTransaction(_ station: Station) throws -> StoredStation {
        if let existing = try self.station(code: station.id) {
            if existing.station.city != station.city || existing.station.timeZone.standardOffsetMinutes != station.timeZone.standardOffsetMinutes {
                // A changed city or zone rebuilds aggregates from the hours, an open batch's included.
                try flushPendingHours()
            }
            let u = try connection.statement("UPDATE stations SET name = ?, city = ?, timezone = ?, utc_offset_minutes = ?, latitude = ?, longitude = ? WHERE id = ?")
            u.bind(1, station.name); u.bind(2, station.city); u.bind(3, station.timeZone.name)
            u.bind(4, station.timeZone.standardOffsetMinutes); u.bind(5, station.latitude); u.bind(6, station.longitude)
            u.bind(7, existing.id)
            try u.run()
            if existing.station.city != station.city {
                // The station leaves one city's mean and joins another's.
                let maintainer = AggregateMaintainer(store: self)
                for city in [existing.station.city, station.city].compactMap({ $0 }) {
                    try maintainer.rebuildCity(city, profiles: try materializedProfiles())
                }
            }
            if existing.station.timeZone.standardOffsetMinutes != station.timeZone.standardOffsetMinutes {
                let scope = try connection.statement("UPDATE scopes SET utc_offset_minutes = ? WHERE id = ?")
                scope.bind(1, station.timeZone.standardOffsetMinutes); scope.bind(2, existing.scopeID)
                try scope.run()
                try AggregateMaintainer(store: self).recomputeStation(existing.id)
            }
            return StoredStation(id: existing.id, scopeID: existing.scopeID, station: station)
        }
        let scope = try connection.statement("INSERT INTO scopes(kind, code, utc_offset_minutes) VALUES ('station', ?, ?)")
        scope.bind(1, station.id); scope.bind(2, station.timeZone.standardOffsetMinutes)
        try scope.run()
        let scopeID = connection.lastInsertRowID
        let s = try connection.statement("INSERT INTO stations(code, name, city, timezone, utc_offset_minutes, latitude, longitude, scope_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        s.bind(1, station.id); s.bind(2, station.name); s.bind(3, station.city); s.bind(4, station.timeZone.name)
        s.bind(5, station.timeZone.standardOffsetMinutes); s.bind(6, station.latitude); s.bind(7, station.longitude); s.bind(8, scopeID)
        try s.run()
        return StoredStation(id: connection.lastInsertRowID, scopeID: scopeID, station: station)
    }

    /// The aggregate scope of a station, city or region.
    public func scopeID(kind: String, code: String) throws -> Int64? {
        let s = try connection.statement("SELECT id FROM scopes WHERE kind = ? AND code = ?")
        s.bind(1, kind); s.bind(2, code)
        return try s.firstRow { Int64($0.int(0)) }
    }

    /// The cities stations belong to, with their station counts.
    public func cities() throws -> [(city: String, stations: Int)] {
        let s = try connection.statement("SELECT city, count(*) FROM stations WHERE city IS NOT NULL GROUP BY city ORDER BY city")
        var result: [(String, Int)] = []
        while try s.step() { result.append((s.string(0) ?? "", s.int(1))) }
        return result
    }

    /// Stations of a city that had at least one valid day in the year.
    public func cityMembers(city: String, pollutant: Pollutant, profile: ValidityProfile, year: Int) throws -> [String] {
        let s = try connection.statement("""
            SELECT DISTINCT st.code FROM stations st JOIN daily d ON d.scope_id = st.scope_id
            WHERE st.city = ?1 AND d.pollutant = ?2 AND d.profile = ?3 AND d.valid = 1 AND d.day BETWEEN ?4 AND ?5 ORDER BY st.code
            """)
        s.bind(1, city); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
        s.bind(4, CivilDate.dayNumber(year: year, month: 1, day: 1)); s.bind(5, CivilDate.dayNumber(year: year, month: 12, day: 31))
        var codes: [String] = []
        while try s.step() { codes.append(s.string(0) ?? "") }
        return codes
    }
}
