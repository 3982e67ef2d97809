import AirtrendDomain

/// Stations, their aggregate scopes, and the cities they belong to.
extension SQLiteStore {
    /// The station with this id, or nil.
    public func station(code: String) throws -> StoredStation? {
        let s = try connection.statement("""
            SELECT id, scope_id, name, city, timezone, latitude, longitude, code, role, in_service_from, in_service_to FROM stations WHERE code = ?
            """)
        s.bind(1, code)
        return try s.firstRow { try storedStation($0, code: code) }
    }

    /// Every station, by id.
    public func stations() throws -> [StoredStation] {
        let s = try connection.statement("""
            SELECT id, scope_id, name, city, timezone, latitude, longitude, code, role, in_service_from, in_service_to FROM stations ORDER BY code
            """)
        var result: [StoredStation] = []
        while try s.step() { result.append(try storedStation(s, code: s.string(7) ?? "")) }
        return result
    }

    private func storedStation(_ s: SQLiteStatement, code: String) throws -> StoredStation {
        let zone = try StationTimeZone(s.string(4) ?? "UTC")
        let from = s.optionalInt(9).map(CivilDate.init(dayNumber:)), to = s.optionalInt(10).map(CivilDate.init(dayNumber:))
        return StoredStation(
            id: Int64(s.int(0)), scopeID: Int64(s.int(1)),
            station: Station(id: code, name: s.string(2), city: s.string(3), timeZone: zone, latitude: s.optionalDouble(5), longitude: s.optionalDouble(6),
                             role: StationRole(rawValue: s.string(8) ?? "") ?? .assessment,
                             inService: from == nil && to == nil ? nil : ServicePeriod(from: from, to: to))
        )
    }

    /// Creates the station, or updates its fields when it exists.
    ///
    /// Changing a station's zone moves its day boundaries, so every aggregate of that station is
    /// recomputed in the same transaction. Changing its city, role or service period changes which
    /// stations make up a city day, so the cities it leaves and joins are rebuilt from their stations'
    /// days. The station's hours are never touched.
    @discardableResult
    public func saveStation(_ station: Station) throws -> StoredStation {
        // Inside an import's open batch the station joins that transaction.
        if connection.isInTransaction { return try saveStationInTransaction(station) }
        return try connection.transaction { try saveStationInTransaction(station) }
    }

    func saveStationInTransaction(_ station: Station) throws -> StoredStation {
        if let existing = try self.station(code: station.id) {
            let old = existing.station
            let zoneChanged = old.timeZone.standardOffsetMinutes != station.timeZone.standardOffsetMinutes
            let cityChanged = old.city != station.city || old.role != station.role || old.inService != station.inService
            if cityChanged || zoneChanged {
                // A changed city or zone rebuilds aggregates from the hours, an open batch's included.
                try flushPendingHours()
            }
            let u = try connection.statement("""
                UPDATE stations SET name = ?, city = ?, timezone = ?, utc_offset_minutes = ?, latitude = ?, longitude = ?, role = ?,
                    in_service_from = ?, in_service_to = ? WHERE id = ?
                """)
            u.bind(1, station.name); u.bind(2, station.city); u.bind(3, station.timeZone.name)
            u.bind(4, station.timeZone.standardOffsetMinutes); u.bind(5, station.latitude); u.bind(6, station.longitude)
            u.bind(7, station.role.rawValue); u.bind(8, station.inService?.from?.dayNumber); u.bind(9, station.inService?.to?.dayNumber)
            u.bind(10, existing.id)
            try u.run()
            if zoneChanged {
                let scope = try connection.statement("UPDATE scopes SET utc_offset_minutes = ? WHERE id = ?")
                scope.bind(1, station.timeZone.standardOffsetMinutes); scope.bind(2, existing.scopeID)
                try scope.run()
                try AggregateMaintainer(store: self).recomputeStation(existing.id)
            }
            if cityChanged || zoneChanged {
                // The station leaves one city's mean and joins another's (or the same one's, on other days).
                let maintainer = AggregateMaintainer(store: self)
                for city in Set([old.city, station.city].compactMap({ $0 })).sorted() {
                    try maintainer.rebuildCity(city, profiles: try materializedProfiles())
                }
            }
            return StoredStation(id: existing.id, scopeID: existing.scopeID, station: station)
        }
        let scope = try connection.statement("INSERT INTO scopes(kind, code, utc_offset_minutes) VALUES ('station', ?, ?)")
        scope.bind(1, station.id); scope.bind(2, station.timeZone.standardOffsetMinutes)
        try scope.run()
        let scopeID = connection.lastInsertRowID
        let s = try connection.statement("""
            INSERT INTO stations(code, name, city, timezone, utc_offset_minutes, latitude, longitude, scope_id, role, in_service_from, in_service_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        s.bind(1, station.id); s.bind(2, station.name); s.bind(3, station.city); s.bind(4, station.timeZone.name)
        s.bind(5, station.timeZone.standardOffsetMinutes); s.bind(6, station.latitude); s.bind(7, station.longitude); s.bind(8, scopeID)
        s.bind(9, station.role.rawValue); s.bind(10, station.inService?.from?.dayNumber); s.bind(11, station.inService?.to?.dayNumber)
        try s.run()
        return StoredStation(id: connection.lastInsertRowID, scopeID: scopeID, station: station)
    }

    /// Sets a station's role (and so whether it counts in its city's figures), rebuilding its city; the
    /// station's hours and own figures stay. Returns the station as stored, or nil for an unknown id.
    @discardableResult
    public func setRole(_ role: StationRole, station code: String) throws -> StoredStation? {
        try connection.transaction {
            guard var stored = try station(code: code) else { return nil }
            stored.station.role = role
            return try saveStationInTransaction(stored.station)
        }
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

    /// Those of a city's stations that had at least one valid day in the local days while in service: the
    /// stations the city's figures of those days rest on (only assessment stations have a service period).
    public func cityMembers(_ stations: [CityMember], pollutant: Pollutant, profile: ValidityProfile, days: ClosedRange<Int>) throws -> [String] {
        let first = days.lowerBound, last = days.upperBound
        return try stations.filter { member in
            guard let span = member.inService, span.overlaps(first...last) else { return false }
            let s = try connection.statement("""
                SELECT 1 FROM daily WHERE scope_id = ? AND pollutant = ? AND profile = ? AND valid = 1 AND day BETWEEN ? AND ? LIMIT 1
                """)
            s.bind(1, member.scopeID); s.bind(2, pollutant.rawValue); s.bind(3, profile.name)
            s.bind(4, max(first, span.lowerBound)); s.bind(5, min(last, span.upperBound))
            return try s.firstRow { _ in true } ?? false
        }.map(\.code).sorted()
    }

    /// Every station of a city, whatever its role, with the days it is in service for the city's figures.
    public func cityStations(city: String, pollutant: Pollutant, profile: ValidityProfile) throws -> [CityMember] {
        try AggregateMaintainer(store: self).cityMembers(city, pollutant: pollutant, profile: profile, allRoles: true)
    }
}
