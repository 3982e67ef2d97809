import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendStore
import Foundation
import Testing

/// Random sequences of writes over several stations in two cities, each step followed by
/// ``SQLiteStore/verifyAggregates(limit:)``, which must find no difference from a full
/// recomputation; and one station's and one city's stored aggregates against a plain reference
/// computed here from a model of the hours the test wrote.
///
/// Every failure names its seed and step, so a failing scenario reruns exactly with that seed.
@Suite struct RandomizedScenarioTests {
    /// A station of the scenario: its code, city and fixed UTC offset in minutes.
    struct Spec {
        var code: String
        var city: String?
        var offset: Int
    }

    static let specs = [
        Spec(code: "a1", city: "Alpha", offset: 480), Spec(code: "a2", city: "Alpha", offset: 480),
        Spec(code: "b1", city: "Beta", offset: -300), Spec(code: "b2", city: "Beta", offset: -300),
        Spec(code: "solo", city: nil, offset: 480),
    ]

    enum Operation: String, CaseIterable {
        case newHours, revise, lateDay, lateScattered, quarantineRemove, release, releaseInvalid, rollback
    }

    /// The scenario's state: the store, what the test believes it holds, and quarantined values not yet released.
    final class Scenario {
        let seed: UInt64
        var rng: SplitMix64
        let store: SQLiteStore
        var targets: [String: StationTarget] = [:]
        /// Station code → UTC hour → value: every hour the store should hold.
        var hours: [String: [Int: Double]] = [:]
        /// The hour up to which each station has "live" data; new hours continue from it.
        var frontier: [String: Int] = [:]
        /// Quarantine line → the value it took out of the series (not yet released).
        var pending: [Int: (code: String, hour: Int, value: Double)] = [:]
        var released: [Int64] = []
        var nextLine = 1

        init(seed: UInt64) throws {
            self.seed = seed
            rng = SplitMix64(seed: seed)
            store = try temporaryStore()
            for spec in RandomizedScenarioTests.specs {
                let stored = try store.saveStation(Station(id: spec.code, city: spec.city, timeZone: StationTimeZone(fixedOffsetMinutes: spec.offset)))
                targets[spec.code] = StationTarget(stored)
                hours[spec.code] = [:]
                frontier[spec.code] = hourAt(2017, 1, 1, 0).value
            }
        }

        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        /// A value with one decimal, as feeds send them (so means carry binary noise).
        func value() -> Double { Double(int(0...6_000)) / 10 }

        /// Writes `values` for a station in one import, in batches of a random size.
        func write(_ code: String, _ values: [(Int, Double)]) throws {
            let writer = try store.hourlyWriter(importID: try store.beginImport(source: "scenario", layout: "test"), batchSize: int(7...400))
            for (hour, value) in values {
                try writer.put(targets[code]!, pollutant: .pm25, hour: UTCHour(hour), value: value, line: nextLine)
                nextLine += 1
                hours[code]![hour] = value
            }
            try writer.finish()
        }

        /// A station that holds at least one hour, if any does.
        func stationWithHours() -> String? {
            let candidates = hours.filter { !$0.value.isEmpty }.keys.sorted()
            return candidates.isEmpty ? nil : candidates[int(0...(candidates.count - 1))]
        }

        func randomStation() -> String { RandomizedScenarioTests.specs[int(0...(RandomizedScenarioTests.specs.count - 1))].code }

        /// Runs one operation and returns what it did, for failure messages.
        func run(_ operation: Operation) throws -> String {
            switch operation {
            case .newHours:
                // 1 to 4 days after the station's frontier, about one hour in ten missing.
                let code = randomStation()
                let start = frontier[code]!, count = int(24...96)
                let values = (0..<count).filter { _ in !chance(0.1) }.map { (start + $0, value()) }
                frontier[code] = start + count
                try write(code, values)
                return "newHours \(code) \(values.count) from \(UTCHour(start))"
            case .revise:
                guard let code = stationWithHours() else { return try run(.newHours) }
                let stored = hours[code]!.keys.sorted()
                let picked = (0..<int(1...30)).map { _ in stored[int(0...(stored.count - 1))] }
                let values = Set(picked).sorted().map { hour in (hour, hours[code]![hour]! + Double(int(1...900)) / 10) }
                try write(code, values)
                return "revise \(code) \(values.count) hours"
            case .lateDay:
                // 17 to 24 hours of one local day months or years back: around the 18- and 20-hour rules.
                let code = randomStation()
                let offset = RandomizedScenarioTests.specs.first { $0.code == code }!.offset
                let day = int(CivilDate.dayNumber(year: 2015, month: 1, day: 1)...CivilDate.dayNumber(year: 2016, month: 11, day: 30))
                let firstHour = (day * 1_440 - offset) / 60
                let values = Array((0..<24).shuffled(using: &rng).prefix(int(17...24))).sorted().map { (firstHour + $0, value()) }
                try write(code, values)
                return "lateDay \(code) \(CivilDate(dayNumber: day)) \(values.count) hours"
            case .lateScattered:
                let code = randomStation()
                let first = hourAt(2015, 1, 1, 0).value, last = hourAt(2016, 12, 1, 0).value
                let values = Set((0..<int(1...20)).map { _ in int(first...last) }).sorted().map { ($0, value()) }
                try write(code, values)
                return "lateScattered \(code) \(values.count) hours"
            case .quarantineRemove:
                // What a series rule does: the hour leaves the series and its value goes to quarantine, in one batch.
                guard let code = stationWithHours() else { return try run(.newHours) }
                let stored = hours[code]!.keys.sorted()
                let picked = Set((0..<int(1...10)).map { _ in stored[int(0...(stored.count - 1))] }).sorted()
                let writer = try store.hourlyWriter(importID: try store.beginImport(source: "scenario", layout: "test"))
                for hour in picked {
                    let value = hours[code]![hour]!
                    try writer.remove(targets[code]!, pollutant: .pm25, hour: UTCHour(hour))
                    try writer.quarantine(QuarantineRecord(station: code, hour: UTCHour(hour), value: value, reason: .spike,
                                                           detail: "scenario removal", file: "scenario", line: nextLine))
                    pending[nextLine] = (code, hour, value)
                    nextLine += 1
                    hours[code]![hour] = nil
                }
                try writer.finish()
                return "quarantineRemove \(code) \(picked.count) hours"
            case .release:
                guard !pending.isEmpty else { return try run(.quarantineRemove) }
                let lines = Array(pending.keys.sorted().shuffled(using: &rng).prefix(int(1...5)))
                let ids = try quarantineIDs(lines: lines)
                #expect(try store.releaseQuarantined(ids: ids) == ids.count, "seed \(seed)")
                for line in lines {
                    let item = pending.removeValue(forKey: line)!
                    // The released value replaces whatever the hour holds by now.
                    hours[item.code]![item.hour] = item.value
                }
                released += ids
                return "release \(ids)"
            case .releaseInvalid:
                // An id released before, with a pending one: an error, and neither is (re)stored.
                guard let again = released.last, let line = pending.keys.min() else { return try run(.release) }
                let ids = try quarantineIDs(lines: [line]) + [again, 9_999_999]
                #expect(throws: StoreError.self, "seed \(seed): releasing \(ids) must fail") { try self.store.releaseQuarantined(ids: ids) }
                let item = pending[line]!
                #expect(try store.hourlyValue(station: targets[item.code]!.stationID, pollutant: .pm25, hour: UTCHour(item.hour)) == nil,
                        "seed \(seed): a failed release stored nothing")
                return "releaseInvalid \(ids)"
            case .rollback:
                // A batch that is dropped, never committed: nothing changes.
                let code = randomStation()
                let writer = try store.hourlyWriter(importID: try store.beginImport(source: "scenario", layout: "test"), batchSize: Int.max)
                for _ in 0..<int(1...50) {
                    try writer.put(targets[code]!, pollutant: .pm25, hour: UTCHour(int(hourAt(2015, 1, 1, 0).value...frontier[code]!)), value: value(), line: 0)
                }
                writer.rollback()
                return "rollback \(code)"
            }
        }

        func quarantineIDs(lines: [Int]) throws -> [Int64] {
            let records = try store.quarantine(limit: 1_000_000).filter { $0.file == "scenario" }
            return try lines.map { line in try #require(records.first { $0.line == line }?.id, "seed \(seed): quarantine line \(line)") }
        }
    }

    /// Random steps from an empty store, over 2015–2016 with new hours arriving from 2017.
    @Test(arguments: [0x5EED_0001, 0x00C0_FFEE] as [UInt64])
    func randomSteps_keepEveryAggregateEqualToAFullRecomputation(seed: UInt64) throws {
        let scenario = try Scenario(seed: seed)
        try runSteps(scenario, count: 30)
        #expect(try scenario.store.materializedProfiles().map(\.name).sorted() == ["epa", "gb3095-2012"])
    }

    /// A year of hours for `a1` first (local 2015, a few days short of 20 hours), so the year is
    /// complete and steps can make it incomplete and complete again. Fewer steps: every verify
    /// recomputes the whole year.
    @Test func randomSteps_aroundACompleteYear() throws {
        let scenario = try Scenario(seed: 0x2015_0324)
        let yearStart = hourAt(2014, 12, 31, 16).value
        var year: [(Int, Double)] = []
        for day in 0..<365 {
            let present = scenario.chance(0.03) ? 19 : 24
            for hour in 0..<present { year.append((yearStart + day * 24 + hour, scenario.value())) }
        }
        try scenario.write("a1", year)
        try check(scenario, step: 0, did: "a year for a1")
        let complete = try scenario.store.annualStatistics(scope: scenario.targets["a1"]!.scopeID, pollutant: .pm25, profile: .default)
        #expect(complete.first { $0.year == 2015 }?.complete == true, "seed \(scenario.seed): the year starts complete")
        try runSteps(scenario, count: 10)
    }

    /// `count` random operations, each followed by ``check(_:step:did:)``; the EPA profile appears half-way.
    func runSteps(_ scenario: Scenario, count: Int) throws {
        let weights: [(Operation, Int)] = [(.newHours, 5), (.revise, 3), (.lateDay, 4), (.lateScattered, 2), (.quarantineRemove, 3),
                                           (.release, 3), (.releaseInvalid, 1), (.rollback, 1)]
        let total = weights.reduce(0) { $0 + $1.1 }
        for step in 1...count {
            if step == count / 2 {
                // A second profile appears mid-way: built from the stored hours, then kept current with the first.
                try scenario.store.ensureProfile(.epa)
                try check(scenario, step: step, did: "ensureProfile(epa)")
            }
            var pick = scenario.int(0...(total - 1))
            let operation = weights.first { pick -= $0.1; return pick < 0 }!.0
            let did = try scenario.run(operation)
            try check(scenario, step: step, did: did)
        }
    }

    /// verify after the step, then `a1` and city `Alpha` against the reference.
    func check(_ scenario: Scenario, step: Int, did: String) throws {
        let differences = try scenario.store.verifyAggregates()
        try #require(differences.isEmpty, "seed \(scenario.seed) step \(step) (\(did)): \(differences.prefix(3))")
        for profile in try scenario.store.materializedProfiles() {
            let rules = ReferenceRules(profile: profile)
            let context = "seed \(scenario.seed) step \(step) (\(did)) \(profile.name)"
            let a1 = Reference.stationDays(scenario.hours["a1"]!, offset: 480, rules: rules)
            try compare(scenario.store, scope: scenario.targets["a1"]!.scopeID, days: a1, rules: rules, context: context + " a1")
            let members = ["a1", "a2"].map { Reference.stationDays(scenario.hours[$0]!, offset: 480, rules: rules) }
            let cityDays = Reference.cityDays(members)
            // The city's scope appears with its first station hour.
            guard let alpha = try scenario.store.scopeID(kind: "city", code: "Alpha") else {
                #expect(cityDays.isEmpty, "\(context): city Alpha has days but no scope")
                continue
            }
            try compare(scenario.store, scope: alpha, days: cityDays, rules: rules, context: context + " Alpha")
        }
    }

    /// Stored daily, monthly and annual rows of a scope against the reference days and the rules.
    func compare(_ store: SQLiteStore, scope: Int64, days expected: [Int: Reference.Day], rules: ReferenceRules, context: String) throws {
        func close(_ a: Double?, _ b: Double?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return abs(a - b) <= 1e-9 * max(1, abs(b))
        }
        let profile = rules.profile
        let stored = try store.days(scope: scope, pollutant: .pm25, profile: profile, from: Int.min / 2, to: Int.max / 2)
        try #require(stored.map(\.dayNumber) == expected.keys.sorted(), "\(context): days present")
        for day in stored {
            let truth = expected[day.dayNumber]!
            #expect(day.observed == truth.observed && day.expected == truth.expected && day.valid == truth.valid && close(day.mean, truth.mean),
                    "\(context): day \(CivilDate(dayNumber: day.dayNumber)) stored \(day), expected \(truth)")
        }
        let months = Reference.months(expected, rules: rules)
        let storedMonths = try store.monthlyStatistics(scope: scope, pollutant: .pm25, profile: profile)
        #expect(storedMonths.map { "\($0.year)-\($0.month)" } == months.map { "\($0.year)-\($0.month)" }, "\(context): months present")
        for (month, truth) in zip(storedMonths, months) {
            #expect(month.validDays == truth.validDays && month.expectedDays == truth.expectedDays && month.valid == truth.valid
                    && close(month.mean, truth.mean), "\(context): month \(month.year)-\(month.month) stored \(month), expected \(truth)")
        }
        let years = Reference.years(expected, rules: rules)
        let storedYears = try store.annualStatistics(scope: scope, pollutant: .pm25, profile: profile)
        #expect(storedYears.map(\.year) == years.map(\.year), "\(context): years present")
        for (year, truth) in zip(storedYears, years) {
            #expect(year.validDays == truth.validDays && year.expectedDays == truth.expectedDays && year.validMonths == truth.validMonths
                    && year.daysOverLimit == truth.daysOverLimit && year.complete == truth.complete
                    && close(year.mean, truth.mean) && close(year.percentile, truth.percentile),
                    "\(context): year \(year.year) stored \(year), expected \(truth)")
        }
    }
}

extension RandomizedScenarioTests {
    /// The validity rules of a profile, restated plainly for the reference (not read from the profile's own code).
    struct ReferenceRules {
        let profile: ValidityProfile
        /// Hours a valid day needs.
        var dayHours: Int { profile == .epa ? 18 : 20 }
        /// The daily limit "days over" counts.
        var dailyLimit: Double { profile == .epa ? 35 : 75 }

        /// Valid days a month needs: GB 3095 27 (25 in February); EPA 75 % of the month's days.
        func monthMinimum(year: Int, month: Int) -> Int {
            if profile == .epa { return Int((0.75 * Double(Reference.daysInMonth(year, month))).rounded(.up)) }
            return month == 2 ? 25 : 27
        }

        /// GB 3095: 324 valid days and every month at its minimum. EPA: every quarter with 75 % of its days valid.
        func yearComplete(year: Int, validPerMonth: [Int: Int]) -> Bool {
            if profile == .epa {
                return (0..<4).allSatisfy { quarter in
                    let months = (quarter * 3 + 1)...(quarter * 3 + 3)
                    let valid = months.reduce(0) { $0 + validPerMonth[$1, default: 0] }
                    return Double(valid) >= 0.75 * Double(months.reduce(0) { $0 + Reference.daysInMonth(year, $1) })
                }
            }
            let total = validPerMonth.values.reduce(0, +)
            return total >= 324 && (1...12).allSatisfy { validPerMonth[$0, default: 0] >= monthMinimum(year: year, month: $0) }
        }
    }

    /// A plain reference for daily, monthly and annual aggregates, written for this test.
    enum Reference {
        struct Day: CustomStringConvertible {
            var observed: Int
            var expected: Int
            var mean: Double?
            var valid: Bool
            var description: String { "observed \(observed)/\(expected) mean \(mean.map { "\($0)" } ?? "nil") valid \(valid)" }
        }

        struct Month {
            var year: Int, month: Int, validDays: Int, expectedDays: Int, mean: Double?, valid: Bool
        }

        struct Year {
            var year: Int, validDays: Int, expectedDays: Int, validMonths: Int, mean: Double?, percentile: Double?, daysOverLimit: Int, complete: Bool
        }

        /// Days of a station at a fixed offset: the local standard day of hour h starts at h·60 + offset minutes.
        static func stationDays(_ hours: [Int: Double], offset: Int, rules: ReferenceRules) -> [Int: Day] {
            var byDay: [Int: [Double]] = [:]
            for (hour, value) in hours {
                let minutes = hour * 60 + offset
                let day = minutes >= 0 ? minutes / 1_440 : -((-minutes + 1_439) / 1_440)
                byDay[day, default: []].append(value)
            }
            return byDay.mapValues { values in
                Day(observed: values.count, expected: 24, mean: values.reduce(0, +) / Double(values.count), valid: values.count >= rules.dayHours)
            }
        }

        /// City day: the mean of its stations' valid daily means; valid with one; out of the stations in service that day
        /// (from each station's first to its last day with any hour), with a day for every day one of them is in service.
        static func cityDays(_ stations: [[Int: Day]]) -> [Int: Day] {
            var result: [Int: Day] = [:]
            let spans = stations.compactMap { days -> ClosedRange<Int>? in
                guard let first = days.keys.min(), let last = days.keys.max() else { return nil }
                return first...last
            }
            for day in Set(spans.flatMap { Array($0) }) {
                let inService = spans.filter { $0.contains(day) }.count
                let means = stations.compactMap { $0[day] }.filter(\.valid).compactMap(\.mean)
                result[day] = Day(observed: means.count, expected: inService,
                                  mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count), valid: !means.isEmpty)
            }
            return result
        }

        /// Months with at least one day row, oldest first.
        static func months(_ days: [Int: Day], rules: ReferenceRules) -> [Month] {
            var grouped: [[Int]: [Day]] = [:]
            for (number, day) in days {
                let date = civil(number)
                grouped[[date.year, date.month], default: []].append(day)
            }
            return grouped.keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { key in
                let means = grouped[key]!.filter(\.valid).compactMap(\.mean)
                return Month(year: key[0], month: key[1], validDays: means.count, expectedDays: daysInMonth(key[0], key[1]),
                             mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
                             valid: means.count >= rules.monthMinimum(year: key[0], month: key[1]))
            }
        }

        /// Years with at least one day row, oldest first; p95 by HJ 663 (k = 1 + (n − 1)·p, linear between ranks).
        static func years(_ days: [Int: Day], rules: ReferenceRules) -> [Year] {
            var grouped: [Int: [(month: Int, day: Day)]] = [:]
            for (number, day) in days {
                let date = civil(number)
                grouped[date.year, default: []].append((date.month, day))
            }
            return grouped.keys.sorted().map { year in
                let valid = grouped[year]!.filter(\.day.valid)
                let means = valid.compactMap(\.day.mean).sorted()
                var perMonth: [Int: Int] = [:]
                for item in valid { perMonth[item.month, default: 0] += 1 }
                var percentile: Double?
                if !means.isEmpty {
                    let k = 1 + Double(means.count - 1) * 0.95
                    let s = Int(k.rounded(.down))
                    percentile = s >= means.count ? means[means.count - 1] : means[s - 1] + (means[s] - means[s - 1]) * (k - Double(s))
                }
                let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
                return Year(year: year, validDays: means.count, expectedDays: leap ? 366 : 365,
                            validMonths: (1...12).filter { perMonth[$0, default: 0] >= rules.monthMinimum(year: year, month: $0) }.count,
                            mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count), percentile: percentile,
                            daysOverLimit: means.filter { $0 > rules.dailyLimit }.count,
                            complete: rules.yearComplete(year: year, validPerMonth: perMonth))
            }
        }

        /// The civil date of a day number (days since 1970-01-01), by Foundation's Gregorian calendar in UTC.
        static func civil(_ day: Int) -> (year: Int, month: Int) {
            let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            return (parts.year!, parts.month!)
        }

        static func daysInMonth(_ year: Int, _ month: Int) -> Int {
            calendar.range(of: .day, in: .month, for: calendar.date(from: DateComponents(year: year, month: month, day: 1))!)!.count
        }

        static let calendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar
        }()
    }
}
