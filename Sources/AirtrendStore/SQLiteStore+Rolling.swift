import AirtrendDomain

/// One stored hourly rolling label (see ``RollingMaintainer``).
public struct RollingHour: Sendable, Equatable {
    public var hour: UTCHour
    /// Hours with a value among the 24 ending with this one, and their sum.
    public var hours24: Int
    public var sum24: Double
    /// Hours with a value among the 12 ending with this one (the NowCast's window).
    public var hours12: Int
    /// The EPA NowCast, nil when invalid (fewer than 2 of the 3 newest hours).
    public var nowcast: Double?
}

/// One stored daily rolling label: per window (7, 30, 365 days) the valid daily means in it and their sum.
public struct RollingDay: Sendable, Equatable {
    public var dayNumber: Int
    public var counts: [Int]
    public var sums: [Double]
    /// The windows, in the order of `counts` and `sums`.
    public static let windows = [7, 30, 365]
}

extension SQLiteStore {
    /// Stored hourly rolling labels of a station in [from, to).
    public func rollingHours(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [RollingHour] {
        guard from < to else { return [] }
        let s = try connection.statement("""
            SELECT day, labels FROM rolling_hourly WHERE station_id = ? AND pollutant = ? AND day BETWEEN ? AND ? ORDER BY day
            """)
        s.bind(1, Int(station)); s.bind(2, pollutant.rawValue); s.bind(3, from.value.floorDiv(24)); s.bind(4, (to.value - 1).floorDiv(24))
        defer { s.reset() }
        var result: [RollingHour] = []
        while try s.step() {
            let day = s.int(0)
            guard let block = RollingHourBlock(s.blob(1)) else {
                throw StoreError("rolling_hourly row for station \(station), day \(day) is damaged; run `airtrend verify --rebuild`")
            }
            for (hourOfDay, label) in block.labels.enumerated() {
                let hour = day * 24 + hourOfDay
                guard let label, hour >= from.value, hour < to.value else { continue }
                result.append(RollingHour(hour: UTCHour(hour), hours24: label.hours24, sum24: label.sum24, hours12: label.hours12,
                                          nowcast: label.nowcast))
            }
        }
        return result
    }

    /// Stored daily rolling labels of a scope under a profile, days in [from, to].
    public func rollingDays(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [RollingDay] {
        let s = try connection.statement("""
            SELECT day, days7, sum7, days30, sum30, days365, sum365 FROM rolling_daily
            WHERE scope_id = ? AND pollutant = ? AND profile = ? AND day BETWEEN ? AND ? ORDER BY day
            """)
        s.bind(1, Int(scope)); s.bind(2, pollutant.rawValue); s.bind(3, profile.name); s.bind(4, from); s.bind(5, to)
        defer { s.reset() }
        var result: [RollingDay] = []
        while try s.step() {
            result.append(RollingDay(dayNumber: s.int(0), counts: [s.int(1), s.int(3), s.int(5)], sums: [s.double(2), s.double(4), s.double(6)]))
        }
        return result
    }
}
