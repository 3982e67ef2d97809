import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

/// Days are local *standard*-time days, whatever the zone does with daylight saving: GB 3095
/// counts days in Beijing time and EPA in local standard time, so a station in New York has
/// days from 05:00 to 05:00 UTC all year. The civil days of the clock changes have 23 and 25
/// hours; the store's days around them have 24 like every other.
@Suite struct StandardTimeDayTests {
    /// New York's civil calendar, from Foundation's time-zone data (not airtrend's).
    let newYork: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        return calendar
    }()

    /// The UTC hours (hours since the epoch) of a civil day in New York, from its midnight to the next.
    func civilHours(_ year: Int, _ month: Int, _ day: Int) -> [Int] {
        let start = newYork.date(from: DateComponents(year: year, month: month, day: day))!
        let end = newYork.date(byAdding: .day, value: 1, to: start)!
        return Array(Int(start.timeIntervalSince1970) / 3_600..<Int(end.timeIntervalSince1970) / 3_600)
    }

    /// The UTC hours of a standard-time (UTC−5) day: 05:00 UTC to 05:00 UTC the next day.
    func standardHours(_ year: Int, _ month: Int, _ day: Int) -> [Int] {
        let midnightUTC = CivilDate.dayNumber(year: year, month: month, day: day) * 24
        return Array((midnightUTC + 5)..<(midnightUTC + 29))
    }

    func write(_ store: SQLiteStore, station: String, _ values: [(Int, Double)]) throws -> StoredStation {
        let stored = try store.saveStation(Station(id: station, timeZone: try StationTimeZone("America/New_York")))
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "dst", layout: "test"))
        for (hour, value) in values { try writer.put(StationTarget(stored), pollutant: .pm25, hour: UTCHour(hour), value: value, line: 1) }
        try writer.finish()
        return stored
    }

    @Test func newYork_civilDaysOf23And25Hours_landInStandardTimeDaysOf24() throws {
        #expect(try StationTimeZone("America/New_York").standardOffsetMinutes == -300)
        let spring = civilHours(2021, 3, 14), autumn = civilHours(2021, 11, 7)
        #expect(spring.count == 23) // 02:00 EST jumps to 03:00 EDT
        #expect(autumn.count == 25) // 02:00 EDT falls back to 01:00 EST
        let store = try temporaryStore()
        let march14 = CivilDate.dayNumber(year: 2021, month: 3, day: 14)
        let november7 = CivilDate.dayNumber(year: 2021, month: 11, day: 7)

        // The 23 civil hours of 14 March all fall in the standard day of 14 March (its 24th hour is
        // civil 00:00 EDT on 15 March, 23:00 EST): one day row, 23 hours, still valid (≥ 20).
        let springStation = try write(store, station: "spring", spring.map { ($0, 10) })
        let springDays = try store.days(scope: springStation.scopeID, pollutant: .pm25, profile: .default, from: march14 - 2, to: march14 + 2)
        #expect(springDays.map(\.dayNumber) == [march14])
        #expect(springDays.map(\.observed) == [23])
        #expect(springDays.map(\.valid) == [true])
        #expect(Set(spring).isSubset(of: standardHours(2021, 3, 14)))

        // The 25 civil hours of 7 November: its first (00:00 EDT = 23:00 EST on 6 November) belongs
        // to 6 November; the other 24 make the whole standard day of 7 November.
        let autumnStation = try write(store, station: "autumn", autumn.map { ($0, 10) })
        let autumnDays = try store.days(scope: autumnStation.scopeID, pollutant: .pm25, profile: .default, from: november7 - 2, to: november7 + 2)
        #expect(autumnDays.map(\.dayNumber) == [november7 - 1, november7])
        #expect(autumnDays.map(\.observed) == [1, 24])
        #expect(Array(autumn.dropFirst()) == standardHours(2021, 11, 7))

        // Every hour from 12 to 17 March and 5 to 10 November (values all different): every standard
        // day holds exactly its 24 hours, the clock-change days too, and its mean is theirs.
        var values: [Int: Double] = [:]
        for range in [(standardHours(2021, 3, 12).first!)..<(standardHours(2021, 3, 17).first!),
                      (standardHours(2021, 11, 5).first!)..<(standardHours(2021, 11, 10).first!)] {
            for hour in range { values[hour] = Double(hour % 997) }
        }
        let continuous = try write(store, station: "continuous", values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        for (month, days) in [(3, 12...16), (11, 5...9)] {
            for day in days {
                let number = CivilDate.dayNumber(year: 2021, month: month, day: day)
                let stored = try #require(try store.days(scope: continuous.scopeID, pollutant: .pm25, profile: .default, from: number, to: number).first)
                let hours = standardHours(2021, month, day)
                #expect(stored.observed == 24, "2021-\(month)-\(day)")
                #expect(abs(stored.mean! - hours.map { values[$0]! }.reduce(0, +) / 24) < 1e-9, "2021-\(month)-\(day)")
                #expect(civilHours(2021, month, day).count == (month == 3 && day == 14 ? 23 : month == 11 && day == 7 ? 25 : 24))
            }
        }
        #expect(try store.verifyAggregates().isEmpty)
    }
}
