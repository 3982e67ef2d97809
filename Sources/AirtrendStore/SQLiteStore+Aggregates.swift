import AirtrendDomain

/// Validity profiles the store keeps current, and full recomputation and verification of every aggregate.
extension SQLiteStore {
    /// Profiles whose aggregates the store keeps current. The default profile is always among them.
    public func materializedProfiles() throws -> [ValidityProfile] {
        let s = try connection.statement("SELECT name FROM profiles ORDER BY name")
        var names: [String] = []
        while try s.step() { names.append(s.string(0) ?? "") }
        if names.isEmpty { return [.default] }
        return ValidityProfile.all.filter { names.contains($0.name) }
    }

    /// Makes sure the store keeps aggregates under `profile`, computing them from stored hours if new.
    public func ensureProfile(_ profile: ValidityProfile) throws {
        // Reports call this every time: answer from a plain read when nothing needs writing.
        if try materializedProfiles().contains(profile) { return }
        // Reads are reads: a read-only store says how to add the profile instead of writing it.
        if connection.isReadOnly {
            throw StoreError("this store keeps no aggregates under profile \(profile.name); add them with `airtrend profile add \(profile.name)` "
                             + "(computed once from the stored hours, then kept current)", kind: .profileNotKept)
        }
        try connection.transaction {
            let s = try connection.statement("SELECT 1 FROM profiles WHERE name = ?")
            s.bind(1, profile.name)
            if try s.firstRow({ _ in true }) == true { return }
            let isFirst = try connection.statement("SELECT count(*) FROM profiles").firstRow { $0.int(0) } == 0
            let insert = try connection.statement("INSERT INTO profiles(name, materialized_at) VALUES (?, ?)")
            insert.bind(1, profile.name); insert.bind(2, timestamp)
            try insert.run()
            if isFirst && profile != .default {
                insert.bind(1, ValidityProfile.default.name); insert.bind(2, timestamp)
                try insert.run()
            }
            try AggregateMaintainer(store: self).recomputeAll(profiles: [profile])
        }
    }

    /// Recomputes every aggregate from the stored hours (what incremental updates must equal).
    public func recomputeAllAggregates() throws {
        try flushPendingHours()
        try connection.transaction {
            try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
        }
    }

    /// Recomputes every aggregate inside a transaction that is always rolled back and returns where the
    /// stored rows differ (at most `limit`); never modifies the store. Takes the write lock for its
    /// whole run, so a concurrent writer cannot make it report a difference that is not there.
    public func verifyAggregates(limit: Int = 20) throws -> [String] {
        try flushPendingHours()
        let tables = ["daily": "scope_id, pollutant, profile, day", "monthly": "scope_id, pollutant, profile, year, month",
                      "annual": "scope_id, pollutant, profile, year"]
        func snapshot(_ table: String) throws -> [String: String] {
            let s = try connection.statement("SELECT * FROM \(table)")
            var rows: [String: String] = [:]
            let keyColumns = tables[table]!.split(separator: ",").count
            while try s.step() {
                let count = s.columnCount
                let values = (0..<count).map { i -> String in
                    guard !s.isNull(i) else { return "NULL" }
                    if s.isBlob(i) { return s.blob(i).map { String($0, radix: 16) }.joined(separator: ".") }
                    // Sums of floating-point values may differ in the last bits with the order of additions.
                    let d = s.double(i)
                    return d == d.rounded() ? String(Int64(d)) : String(format: "%.9g", d)
                }
                rows[values.prefix(keyColumns).joined(separator: "|")] = values.joined(separator: "|")
            }
            return rows
        }
        // The write lock from the start: the stored rows and their recomputation see one state of the
        // store, and a writer waits (or this fails busy) instead of changing it half-way.
        try connection.execute("BEGIN IMMEDIATE")
        defer { try? connection.execute("ROLLBACK") }
        let before = try tables.keys.sorted().map { ($0, try snapshot($0)) }
        try AggregateMaintainer(store: self).recomputeAll(profiles: try materializedProfiles())
        var differences: [String] = []
        for (table, stored) in before {
            let fresh = try snapshot(table)
            for key in Set(stored.keys).union(fresh.keys).sorted() where stored[key] != fresh[key] {
                differences.append("\(table) [\(key)]: stored \(stored[key] ?? "missing"), recomputed \(fresh[key] ?? "missing")")
                if differences.count >= limit { return differences }
            }
        }
        return differences
    }
}
