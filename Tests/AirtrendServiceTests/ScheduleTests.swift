import AirtrendTestSupport
import AirtrendIngest
import AirtrendReport
import AirtrendService
import Foundation
import Testing

/// Feed schedules: parsing, next fire, daylight saving, jitter and catch-up.
///
/// Every expected instant is worked out by hand in the comment beside it:
/// 2024-01-01 was a Monday, 2024 is a leap year, New York is UTC−5 (EST) /
/// UTC−4 (EDT) and switches at 02:00 local on 2024-03-10 and 2024-11-03, Berlin
/// is UTC+1 (CET) / UTC+2 (CEST) and switches at 01:00Z on 2024-03-31 and
/// 2024-10-27, Shanghai is UTC+8 all year.
@Suite struct ScheduleTests {
    // MARK: fixed intervals

    @Test func every15m_firesOnQuarterHoursCountedFromTheEpoch() throws {
        let schedule = try Schedule("every 15m")
        #expect(schedule.interval == 900)
        // 10:07:30 lies in the 10:00 slot; the next multiple of 900 s is 10:15.
        #expect(schedule.nextFire(after: Self.at("2024-01-01T10:07:30Z")) == Self.at("2024-01-01T10:15:00Z"))
        // Strictly after: a fire instant itself gives the following one.
        #expect(schedule.nextFire(after: Self.at("2024-01-01T10:15:00Z")) == Self.at("2024-01-01T10:30:00Z"))
        // Half a second before a fire still gives that fire.
        #expect(schedule.nextFire(after: Self.at("2024-01-01T10:14:59Z").addingTimeInterval(0.5)) == Self.at("2024-01-01T10:15:00Z"))
        // A restart anywhere in the slot lands on the same fire: the phase comes from the epoch, not from the start.
        #expect(schedule.nextFire(after: Self.at("2024-01-01T10:00:01Z")) == Self.at("2024-01-01T10:15:00Z"))
    }

    @Test func intervalsThatDoNotDivideAnHour_keepTheirEpochPhase() throws {
        // 2024-01-01T00:00Z is 1,704,067,200 s. 1,704,067,200 / 420 = 4,057,302 rem 360
        // (4,057,302 × 420 = 1,704,066,840), so a fire fell 6 min before midnight
        // (23:54Z) and the next is 7 min later, at 00:01Z.
        let seven = try Schedule("every 7m")
        #expect(seven.nextFire(after: Self.at("2024-01-01T00:00:00Z")) == Self.at("2024-01-01T00:01:00Z"))
        // 86,400 is a multiple of 7,200, so 2 h slots start at even UTC hours: after 03:00 comes 04:00.
        #expect(try Schedule("every 2h").nextFire(after: Self.at("2024-01-01T03:00:00Z")) == Self.at("2024-01-01T04:00:00Z"))
        #expect(try Schedule("every 30s").nextFire(after: Self.at("2024-01-01T10:00:10Z")) == Self.at("2024-01-01T10:00:30Z"))
        // Intervals ignore the zone: every 1d fires at UTC midnight even for Shanghai.
        let day = try Schedule("every 1d", timeZone: "Asia/Shanghai")
        #expect(day.interval == 86_400)
        #expect(day.nextFire(after: Self.at("2024-01-01T10:00:00Z")) == Self.at("2024-01-02T00:00:00Z"))
        #expect(try Schedule("Every 2 h").interval == 7_200)
    }

    // MARK: keywords and cron fields

    @Test func hourlyAndDaily_areTheirCronEquivalents() throws {
        let hourly = try Schedule("hourly")
        #expect(hourly.interval == nil)
        #expect(hourly.nextFire(after: Self.at("2024-05-05T10:00:00Z")) == Self.at("2024-05-05T11:00:00Z"))
        #expect(hourly.nextFire(after: Self.at("2024-05-05T10:59:59Z")) == Self.at("2024-05-05T11:00:00Z"))
        #expect(try Schedule("HOURLY").nextFire(after: Self.at("2024-05-05T23:30:00Z")) == Self.at("2024-05-06T00:00:00Z"))
        #expect(try Schedule("daily").nextFire(after: Self.at("2024-05-05T10:00:00Z")) == Self.at("2024-05-06T00:00:00Z"))
        // 18:00 in Shanghai; local midnight of 6 May is 16:00Z on 5 May.
        let shanghai = try Schedule("daily", timeZone: "Asia/Shanghai")
        #expect(shanghai.nextFire(after: Self.at("2024-05-05T10:00:00Z")) == Self.at("2024-05-05T16:00:00Z"))
    }

    @Test func cronRangesStepsListsAndNames() throws {
        // Minutes 0, 20, 40; hours 9, 13, 17; Monday to Friday. 2024-06-07 is a Friday
        // (day 159 of 2024, 158 days after Monday 1 January, 158 = 22 × 7 + 4).
        let office = try Schedule("*/20 9-17/4 * * MON-FRI")
        // 09:45 is past 09:40; hours 10–12 are not listed, so 13:00.
        #expect(office.nextFire(after: Self.at("2024-06-07T09:45:00Z")) == Self.at("2024-06-07T13:00:00Z"))
        // After Friday 17:40 the weekend is skipped: Monday 10 June, 09:00.
        #expect(office.nextFire(after: Self.at("2024-06-07T17:40:00Z")) == Self.at("2024-06-10T09:00:00Z"))

        // Month names, mixed case, in a list.
        let halfYears = try Schedule("0 0 1 JAN,jul *")
        #expect(halfYears.nextFire(after: Self.at("2024-03-01T00:00:00Z")) == Self.at("2024-07-01T00:00:00Z"))
        #expect(halfYears.nextFire(after: Self.at("2024-07-01T00:00:00Z")) == Self.at("2025-01-01T00:00:00Z"))

        // A stepped range of month names: March and May.
        let spring = try Schedule("0 0 * mar-may/2 *")
        #expect(spring.nextFire(after: Self.at("2024-03-31T12:00:00Z")) == Self.at("2024-05-01T00:00:00Z"))

        // Sunday as `sun`, 0 and 7: 2024-06-09 is two days after Friday 7 June.
        for text in ["15 10 * * sun", "15 10 * * 0", "15 10 * * 7"] {
            #expect(try Schedule(text).nextFire(after: Self.at("2024-06-07T00:00:00Z")) == Self.at("2024-06-09T10:15:00Z"))
        }

        let minutes = try Schedule("5,10,50 * * * *")
        #expect(minutes.nextFire(after: Self.at("2024-06-07T10:10:00Z")) == Self.at("2024-06-07T10:50:00Z"))
        #expect(minutes.nextFire(after: Self.at("2024-06-07T10:50:00Z")) == Self.at("2024-06-07T11:05:00Z"))

        // A list mixing a range and a number: 08, 09, 10 and 20 o'clock.
        #expect(try Schedule("0 8-10,20 * * *").nextFire(after: Self.at("2024-06-07T10:00:00Z")) == Self.at("2024-06-07T20:00:00Z"))
        #expect(try Schedule("* * * * *").nextFire(after: Self.at("2024-06-07T10:00:30Z")) == Self.at("2024-06-07T10:01:00Z"))
    }

    @Test func bothDayFieldsRestricted_aDayMatchingEitherFires() throws {
        // The 13th, and every Friday. October 2024 starts on a Tuesday (274 days after
        // Monday 1 January, 274 = 39 × 7 + 1), so its Fridays are 4, 11, 18, 25 and
        // the 13th is a Sunday; 1 November is a Friday, 13 November a Wednesday.
        let schedule = try Schedule("0 12 13 * FRI")
        let expected = [
            "2024-10-04", "2024-10-11", "2024-10-13", "2024-10-18", "2024-10-25",
            "2024-11-01", "2024-11-08", "2024-11-13", "2024-11-15",
        ].map { Self.at($0 + "T12:00:00Z") }
        #expect(Self.fires(schedule, after: Self.at("2024-10-01T00:00:00Z"), count: expected.count) == expected)
    }

    @Test func dayOfMonthStartingWithStar_countsAsUnrestricted() throws {
        // Vixie cron rule: `*/10` still ANDs with the weekday, so the days are 1, 11,
        // 21, 31 that are also Fridays: 11 Oct (Fri), not 21 (Mon) or 31 (Thu), then 1 Nov (Fri).
        let schedule = try Schedule("0 12 */10 * FRI")
        #expect(Self.fires(schedule, after: Self.at("2024-10-01T00:00:00Z"), count: 2)
            == [Self.at("2024-10-11T12:00:00Z"), Self.at("2024-11-01T12:00:00Z")])
        // Only the weekday restricted: every Friday, nothing else.
        #expect(try Schedule("0 12 * * FRI").nextFire(after: Self.at("2024-10-11T12:00:00Z")) == Self.at("2024-10-18T12:00:00Z"))
    }

    @Test func the31st_skipsThirtyDayMonths() throws {
        let schedule = try Schedule("0 0 31 * *")
        // April and June have 30 days, September too; July and August both have 31.
        let expected = ["2024-05-31", "2024-07-31", "2024-08-31", "2024-10-31"].map { Self.at($0 + "T00:00:00Z") }
        #expect(Self.fires(schedule, after: Self.at("2024-04-01T00:00:00Z"), count: 4) == expected)
    }

    @Test func february29_firesOnlyInLeapYears() throws {
        let schedule = try Schedule("0 0 29 2 *")
        // 2025, 2026 and 2027 are not divisible by 4; 2028 is.
        #expect(schedule.nextFire(after: Self.at("2024-03-01T00:00:00Z")) == Self.at("2028-02-29T00:00:00Z"))
        #expect(schedule.nextFire(after: Self.at("2023-01-01T00:00:00Z")) == Self.at("2024-02-29T00:00:00Z"))
    }

    @Test func anExpressionThatNeverMatches_givesTheDistantFuture() throws {
        // February never has a 30th; the 31st never falls in April, June, September or November.
        for text in ["0 0 30 2 *", "0 0 31 4,6,9,11 *"] {
            let schedule = try Schedule(text, jitterSeconds: 60)
            #expect(schedule.nextFire(after: Self.at("2024-01-01T00:00:00Z")) == .distantFuture)
            var rng = SplitMix64(seed: 1)
            #expect(schedule.fireTime(after: Self.at("2024-01-01T00:00:00Z"), using: &rng) == .distantFuture)
            #expect(!Catchup.due(schedule: schedule, lastRun: Self.at("2024-01-01T00:00:00Z"), now: Self.at("2030-01-01T00:00:00Z")))
        }
    }

    // MARK: daylight saving

    @Test func newYork_springForward_skippedTimeFiresOnceAtTheEndOfTheGap() throws {
        let schedule = try Schedule("30 2 * * *", timeZone: "America/New_York")
        // 9 March 02:30 EST (UTC−5) = 07:30Z. On 10 March the clock jumps from 02:00 EST
        // to 03:00 EDT at 07:00Z, so 02:30 does not exist and fires at 03:00 EDT = 07:00Z.
        #expect(schedule.nextFire(after: Self.at("2024-03-09T07:30:00Z")) == Self.at("2024-03-10T07:00:00Z"))
        // 11 March 02:30 EDT (UTC−4) = 06:30Z.
        #expect(schedule.nextFire(after: Self.at("2024-03-10T07:00:00Z")) == Self.at("2024-03-11T06:30:00Z"))
        // Several skipped times of that day collapse onto that one instant.
        let many = try Schedule("*/20 2 * * *", timeZone: "America/New_York")
        #expect(many.nextFire(after: Self.at("2024-03-10T06:00:00Z")) == Self.at("2024-03-10T07:00:00Z"))
        // …and the next is 11 March 02:00 EDT = 06:00Z.
        #expect(many.nextFire(after: Self.at("2024-03-10T07:00:00Z")) == Self.at("2024-03-11T06:00:00Z"))
    }

    @Test func newYork_fallBack_repeatedTimeFiresOnlyAtItsFirstOccurrence() throws {
        // On 3 November 02:00 EDT becomes 01:00 EST at 06:00Z, so 01:00–01:59 is shown twice.
        let schedule = try Schedule("30 1 * * *", timeZone: "America/New_York")
        // 01:30 EDT (UTC−4) = 05:30Z is the first occurrence; 01:30 EST = 06:30Z is skipped.
        #expect(schedule.nextFire(after: Self.at("2024-11-02T05:30:00Z")) == Self.at("2024-11-03T05:30:00Z"))
        // 4 November 01:30 EST (UTC−5) = 06:30Z.
        #expect(schedule.nextFire(after: Self.at("2024-11-03T05:30:00Z")) == Self.at("2024-11-04T06:30:00Z"))
        // From 01:00 EST (06:00Z, inside the second pass) the repeated 01:30 does not fire.
        #expect(schedule.nextFire(after: Self.at("2024-11-03T06:00:00Z")) == Self.at("2024-11-04T06:30:00Z"))

        // 02:30 exists once on 3 November, in EST: 07:30Z; the day before it is EDT, 06:30Z.
        let late = try Schedule("30 2 * * *", timeZone: "America/New_York")
        #expect(late.nextFire(after: Self.at("2024-11-02T06:30:00Z")) == Self.at("2024-11-03T07:30:00Z"))
        #expect(late.nextFire(after: Self.at("2024-11-03T07:30:00Z")) == Self.at("2024-11-04T07:30:00Z"))
    }

    @Test func berlin_0230_acrossBothTransitions() throws {
        let schedule = try Schedule("30 2 * * *", timeZone: "Europe/Berlin")
        // New York's switch days are ordinary CET days in Berlin: 02:30 CET (UTC+1) = 01:30Z.
        #expect(schedule.nextFire(after: Self.at("2024-03-09T12:00:00Z")) == Self.at("2024-03-10T01:30:00Z"))
        #expect(schedule.nextFire(after: Self.at("2024-11-02T12:00:00Z")) == Self.at("2024-11-03T01:30:00Z"))
        // 30 March 02:30 CET = 01:30Z. On 31 March 02:00 CET jumps to 03:00 CEST at 01:00Z:
        // 02:30 does not exist and fires at 01:00Z. 1 April 02:30 CEST (UTC+2) = 00:30Z.
        #expect(schedule.nextFire(after: Self.at("2024-03-30T01:30:00Z")) == Self.at("2024-03-31T01:00:00Z"))
        #expect(schedule.nextFire(after: Self.at("2024-03-31T01:00:00Z")) == Self.at("2024-04-01T00:30:00Z"))
        // On 27 October 03:00 CEST falls back to 02:00 CET at 01:00Z, so 02:30 is shown
        // at 00:30Z (CEST) and again at 01:30Z (CET): only the first fires.
        #expect(schedule.nextFire(after: Self.at("2024-10-26T00:30:00Z")) == Self.at("2024-10-27T00:30:00Z"))
        // 28 October 02:30 CET = 01:30Z.
        #expect(schedule.nextFire(after: Self.at("2024-10-27T00:30:00Z")) == Self.at("2024-10-28T01:30:00Z"))
        // 01:15Z is 02:15 CET in the second pass; the repeated 02:30 at 01:30Z does not fire.
        #expect(schedule.nextFire(after: Self.at("2024-10-27T01:15:00Z")) == Self.at("2024-10-28T01:30:00Z"))
    }

    @Test func zoneWithoutDaylightSaving_isAPlainOffset() throws {
        // 01:00 at UTC+8 is 17:00Z the day before, summer and winter alike.
        for zone in ["Asia/Shanghai", "UTC+8"] {
            let schedule = try Schedule("0 1 * * *", timeZone: zone)
            #expect(schedule.nextFire(after: Self.at("2024-06-01T12:00:00Z")) == Self.at("2024-06-01T17:00:00Z"))
            #expect(schedule.nextFire(after: Self.at("2024-01-15T17:00:00Z")) == Self.at("2024-01-16T17:00:00Z"))
        }
    }

    // MARK: jitter

    @Test func jitter_staysWithinItsBoundAndSpreadsUniformly() throws {
        let schedule = try Schedule("every 15m", jitterSeconds: 300)
        let nominal = Self.at("2024-01-01T10:15:00Z")
        var rng = SplitMix64(seed: 42)
        var delays: [Double] = []
        for _ in 0..<2_000 {
            delays.append(schedule.fireTime(after: Self.at("2024-01-01T10:07:30Z"), using: &rng).timeIntervalSince(nominal))
        }
        #expect(delays.allSatisfy { $0 >= 0 && $0 <= 300 && $0 == $0.rounded() })
        // Both ends are reached, and the mean of U{0…300} is 150 (its standard error over
        // 2,000 draws is about 1.9 s, so ±15 s is far outside chance).
        #expect(delays.min()! < 30 && delays.max()! > 270)
        #expect(abs(delays.reduce(0, +) / Double(delays.count) - 150) < 15)

        // The same seed gives the same fire times.
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let a = (0..<20).map { _ in schedule.fireTime(after: nominal, using: &first) }
        let b = (0..<20).map { _ in schedule.fireTime(after: nominal, using: &second) }
        #expect(a == b)
    }

    @Test func jitter_isClampedBeforeTheFollowingNominalFire() throws {
        // An hour of jitter on a 1-minute interval: the delay stays within 0…59 s,
        // so the run never reaches the 10:17 fire after 10:16.
        let minutely = try Schedule("every 1m", jitterSeconds: 3_600)
        var rng = SplitMix64(seed: 3)
        let delays = (0..<2_000).map { _ in
            minutely.fireTime(after: Self.at("2024-01-01T10:15:30Z"), using: &rng).timeIntervalSince(Self.at("2024-01-01T10:16:00Z"))
        }
        #expect(delays.min()! >= 0)
        #expect(delays.max()! == 59)

        // Cron too: fires every 5 minutes, so 10 minutes of jitter is cut to 299 s.
        let fiveMinutes = try Schedule("*/5 * * * *", jitterSeconds: 600)
        for _ in 0..<500 {
            let fire = fiveMinutes.fireTime(after: Self.at("2024-01-01T10:00:00Z"), using: &rng)
            #expect(fire >= Self.at("2024-01-01T10:05:00Z") && fire < Self.at("2024-01-01T10:10:00Z"))
        }
    }

    @Test func noJitter_isTheNominalFireAndDrawsNothing() throws {
        let schedule = try Schedule("hourly")
        var rng = SplitMix64(seed: 9)
        let before = rng
        #expect(schedule.fireTime(after: Self.at("2024-01-01T10:30:00Z"), using: &rng) == Self.at("2024-01-01T11:00:00Z"))
        #expect(rng.state == before.state)
    }

    // MARK: catch-up

    @Test func machineAsleepThreeDays_catchesUpOnceThenWaitsForTheNextHour() throws {
        let schedule = try Schedule("hourly")
        let lastRun = Self.at("2024-06-01T10:00:00Z")
        let wake = Self.at("2024-06-04T09:30:00Z")
        // 71 hourly fires were missed (11:00 on the 1st to 09:00 on the 4th), but the
        // daemon's loop runs the feed once and records the run.
        var runs = 0
        var last: Date? = lastRun
        while Catchup.due(schedule: schedule, lastRun: last, now: wake) {
            runs += 1
            last = wake
        }
        #expect(runs == 1)
        #expect(schedule.nextFire(after: wake) == Self.at("2024-06-04T10:00:00Z"))
        #expect(!Catchup.due(schedule: schedule, lastRun: wake, now: Self.at("2024-06-04T09:59:59Z")))
        #expect(Catchup.due(schedule: schedule, lastRun: wake, now: Self.at("2024-06-04T10:00:00Z")))
    }

    @Test func catchup_countsFiresInTheHalfOpenInterval() throws {
        let schedule = try Schedule("hourly")
        #expect(Catchup.due(schedule: schedule, lastRun: nil, now: Self.at("2024-06-01T10:30:00Z")))
        // A run at 10:00 covers the 10:00 fire: (10:00, 10:59:59] holds none, (10:00, 11:00] holds 11:00.
        #expect(!Catchup.due(schedule: schedule, lastRun: Self.at("2024-06-01T10:00:00Z"), now: Self.at("2024-06-01T10:59:59Z")))
        #expect(Catchup.due(schedule: schedule, lastRun: Self.at("2024-06-01T10:00:00Z"), now: Self.at("2024-06-01T11:00:00Z")))
        // A jittered run at 10:07 still covers its 10:00 fire.
        #expect(!Catchup.due(schedule: schedule, lastRun: Self.at("2024-06-01T10:07:00Z"), now: Self.at("2024-06-01T10:30:00Z")))
    }

    // MARK: parsing

    @Test func parseErrors_nameTheFieldAndWhatWasExpected() {
        #expect(Self.parseError("0 0 32 * *")?.message == "cron field 3 (day of month) '32' is out of range 1–31")
        #expect(Self.parseError("60 * * * *")?.message == "cron field 1 (minute) '60' is out of range 0–59")
        #expect(Self.parseError("0 24 * * *")?.message == "cron field 2 (hour) '24' is out of range 0–23")
        #expect(Self.parseError("0 0 * FOO *")?.message == "cron field 4 (month) 'FOO' is not understood: expected a number 1–12 or a name JAN–DEC")
        #expect(Self.parseError("0 0 * * 8")?.message == "cron field 5 (day of week) '8' is out of range 0–7")
        #expect(Self.parseError("0 0 * * MON-FUN")?.message.hasPrefix("cron field 5 (day of week) 'FUN'") == true)
        #expect(Self.parseError("*/0 * * * *")?.message.hasPrefix("cron field 1 (minute) step '0'") == true)
        #expect(Self.parseError("0 0 5-1 * *")?.message.hasPrefix("cron field 3 (day of month) range '5-1' runs backwards") == true)
        #expect(Self.parseError("5/10 * * * *")?.message.contains("expected '*/n' or 'a-b/n'") == true)
        #expect(Self.parseError("1,,2 * * * *")?.message.hasPrefix("cron field 1 (minute) '1,,2' has an empty list item") == true)
        #expect(Self.parseError("0 0 * *")?.message.contains("has 4 fields: expected 5") == true)
        #expect(Self.parseError("every 15x")?.message.contains("unit 'x'") == true)
        #expect(Self.parseError("every 0m")?.message.contains("zero interval") == true)
        #expect(Self.parseError("every m")?.message.contains("such as 'every 15m'") == true)
        #expect(Self.parseError("")?.message.contains("empty") == true)
        #expect(Self.parseError("hourly", timeZone: "Mars/Olympus")?.message.contains("'Mars/Olympus'") == true)
        #expect(Self.parseError("hourly", jitter: -1)?.message.contains("jitter -1") == true)
    }

    @Test func description_isTheTextAsGiven_andEqualityComparesTheWholeSchedule() throws {
        #expect(try Schedule("every 15m").description == "every 15m")
        #expect(try Schedule("0 12 13 * FRI", timeZone: "Europe/Berlin").description == "0 12 13 * FRI")
        #expect(try Schedule("hourly") == Schedule("hourly"))
        #expect(try Schedule("hourly") != Schedule("hourly", timeZone: "Asia/Shanghai"))
        #expect(try Schedule("hourly") != Schedule("hourly", jitterSeconds: 30))
    }

    // MARK: helpers

    /// An instant from an ISO 8601 UTC string such as `2024-03-10T07:00:00Z`.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
        return date
    }

    /// The first `count` fires after `start`, each found from the one before.
    static func fires(_ schedule: Schedule, after start: Date, count: Int) -> [Date] {
        var result: [Date] = []
        var instant = start
        for _ in 0..<count {
            instant = schedule.nextFire(after: instant)
            result.append(instant)
        }
        return result
    }

    static func parseError(_ text: String, timeZone: String = "UTC", jitter: Int = 0) -> ScheduleError? {
        do {
            _ = try Schedule(text, timeZone: timeZone, jitterSeconds: jitter)
            return nil
        } catch {
            return error
        }
    }
}
