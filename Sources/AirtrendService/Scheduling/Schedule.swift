import AirtrendDomain
import Foundation

/// When a feed runs, parsed from its `schedule:` text: a fixed interval, `hourly`, `daily` or a cron expression.
///
/// The type is pure: every method takes the instant it reasons from, and none
/// reads the clock, so the daemon's loop and the tests share one code path.
///
/// Forms (keywords and names are case-insensitive):
/// - `every 30s`, `every 15m`, `every 2h`, `every 1d`: fires at the multiples of
///   the interval counted from 1970-01-01T00:00Z, so a restart never shifts the
///   phase. The time zone plays no part: `every 1d` fires at midnight UTC; use
///   `daily` for local midnight.
/// - `hourly` (= `0 * * * *`) and `daily` (= `0 0 * * *`), in the schedule's zone.
/// - A five-field cron expression, `minute hour day-of-month month day-of-week`,
///   with `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n` and `a-b/n`, month
///   names `JAN`–`DEC`, weekday names `SUN`–`SAT`, and both 0 and 7 for Sunday.
///   When both day fields are restricted a day matches if either matches;
///   otherwise both must. As in Vixie cron and cronie, a field that starts with
///   `*` (including `*/2`) counts as unrestricted.
///
/// Cron forms run on the zone's civil clock, daylight saving included:
/// - A wall time that spring-forward skips fires once, at the first valid
///   instant after the gap (`30 2 * * *` in New York on 2024-03-10 fires at
///   03:00 EDT, 07:00Z). Every skipped time of that day collapses onto it.
/// - A wall time that fall-back shows twice fires once, at its first occurrence.
///   The repeated hour does not fire again, so `*/15 * * * *` is silent during
///   the second 01:00–01:59 in New York on 2024-11-03. Use `every 15m` for a
///   rhythm that must not notice daylight saving.
public struct Schedule: Sendable, Equatable, CustomStringConvertible {
    /// The schedule text exactly as given.
    public let description: String
    /// The zone name as given (an IANA name or a fixed offset such as `UTC+8`).
    public let timeZoneName: String
    /// The largest random delay `fireTime` adds to a nominal fire, in seconds.
    public let jitterSeconds: Int

    let kind: Kind
    let zone: TimeZone

    enum Kind: Sendable, Equatable {
        case every(seconds: Int)
        case cron(CronExpression)
    }

    /// Ten years: longer intervals are almost certainly a typo, and the bound keeps the arithmetic far from overflow.
    static let longestInterval = 3_650 * 86_400

    /// Parses a schedule.
    ///
    /// - Parameters:
    ///   - text: `every N{s,m,h,d}`, `hourly`, `daily` or a five-field cron expression.
    ///   - timeZone: the zone cron forms run in: an IANA name (`Europe/Berlin`) or a
    ///     fixed offset (`UTC+8`, `+08:00`), as `StationTimeZone` accepts.
    ///   - jitterSeconds: the largest random delay `fireTime(after:using:)` adds; 0 or more.
    /// - Throws: `ScheduleError` naming the bad part (for cron, the field by number and name) and what was expected.
    public init(_ text: String, timeZone: String = "UTC", jitterSeconds: Int = 0) throws(ScheduleError) {
        guard jitterSeconds >= 0 else {
            throw ScheduleError("jitter \(jitterSeconds) is negative: expected 0 or more seconds")
        }
        let zoneName = timeZone.trimmingCharacters(in: .whitespacesAndNewlines)
        // StationTimeZone gives the project's one wording for a bad zone and its fixed-offset syntax.
        do {
            _ = try StationTimeZone(zoneName)
        } catch {
            throw ScheduleError(error.message)
        }
        if let minutes = StationTimeZone.parseFixedOffset(zoneName), let fixed = TimeZone(secondsFromGMT: minutes * 60) {
            zone = fixed
        } else if let named = TimeZone(identifier: zoneName) {
            zone = named
        } else {
            throw ScheduleError("unknown time zone '\(timeZone)': expected an IANA name such as Asia/Shanghai, UTC, or a fixed offset such as UTC+8")
        }

        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = body.lowercased()
        if body.isEmpty {
            throw ScheduleError("the schedule is empty: expected 'every 15m', 'hourly', 'daily' or a five-field cron expression")
        } else if lowered == "hourly" {
            kind = .cron(try CronExpression("0 * * * *"))
        } else if lowered == "daily" {
            kind = .cron(try CronExpression("0 0 * * *"))
        } else if lowered.hasPrefix("every") {
            kind = .every(seconds: try Self.parseInterval(lowered, text: body))
        } else {
            kind = .cron(try CronExpression(body))
        }
        self.description = text
        self.timeZoneName = timeZone
        self.jitterSeconds = jitterSeconds
    }

    /// The fixed interval of an `every` schedule, in seconds; nil for `hourly`, `daily` and cron, whose gaps vary with daylight saving.
    public var interval: TimeInterval? {
        if case .every(let seconds) = kind { return TimeInterval(seconds) }
        return nil
    }

    /// The first nominal fire strictly after `instant`, before jitter.
    ///
    /// Returns `Date.distantFuture` for a cron expression that matches no day
    /// within about five years of `instant` (`0 0 30 2 *`), instead of searching
    /// forever. The search skips months and days that cannot match and tries only
    /// the listed hours and minutes, so it costs at most a few thousand integer
    /// checks plus a handful of time-zone look-ups.
    public func nextFire(after instant: Date) -> Date {
        let t = instant.timeIntervalSince1970
        // ±10¹² s is ±31,000 years: outside it there is nothing to schedule, and Int stays exact inside.
        guard t.isFinite, abs(t) < 1e12 else { return .distantFuture }
        // Whole seconds are enough: fires fall on whole seconds, and a fire after
        // floor(t) is after t exactly when it is after floor(t).
        let seconds = Int(t.rounded(.down))
        switch kind {
        case .every(let step):
            let fire = CronExpression.floorDivide(seconds, step) * step + step
            return Date(timeIntervalSince1970: TimeInterval(fire))
        case .cron(let cron):
            guard let fire = cron.nextFire(after: seconds, in: zone) else { return .distantFuture }
            return Date(timeIntervalSince1970: TimeInterval(fire))
        }
    }

    /// The next nominal fire after `instant` plus a uniform random delay of 0…`jitterSeconds` whole seconds.
    ///
    /// Jitter spreads many daemons' requests to one archive. The delay is drawn
    /// from a range clamped to end one second before the following nominal fire,
    /// so a delayed run is never merged into, or overtaken by, the next one; the
    /// draw stays uniform within the clamped range. With no jitter, or a schedule
    /// that never fires, this is `nextFire(after:)` and draws nothing from `rng`.
    public func fireTime(after instant: Date, using rng: inout some RandomNumberGenerator) -> Date {
        let nominal = nextFire(after: instant)
        guard jitterSeconds > 0, nominal != .distantFuture else { return nominal }
        var limit = jitterSeconds
        let following = nextFire(after: nominal)
        if following != .distantFuture {
            let gap = Int(following.timeIntervalSince(nominal).rounded(.up))
            limit = min(limit, max(gap - 1, 0))
        }
        return nominal.addingTimeInterval(TimeInterval(Int.random(in: 0...limit, using: &rng)))
    }

    /// Reads `every N` followed by a unit `s`, `m`, `h` or `d` (a space before the unit is allowed).
    private static func parseInterval(_ lowered: String, text: String) throws(ScheduleError) -> Int {
        let expected = "expected 'every' with a whole number and a unit s, m, h or d, such as 'every 15m'"
        let words = lowered.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.first == "every", words.count >= 2 else {
            throw ScheduleError("schedule '\(text)' is not understood: \(expected)")
        }
        let amountAndUnit = words.dropFirst().joined()
        guard let amount = CronExpression.Field.digits(amountAndUnit.prefix { $0.isNumber }), let unit = amountAndUnit.last else {
            throw ScheduleError("schedule '\(text)' is not understood: \(expected)")
        }
        // The one duration grammar; a schedule takes whole numbers and the short units only.
        guard ["s", "m", "h", "d"].contains(String(amountAndUnit.drop { $0.isNumber })) else {
            throw ScheduleError("schedule '\(text)' has the unit '\(amountAndUnit.drop { $0.isNumber })': \(expected)")
        }
        guard amount > 0 else {
            throw ScheduleError("schedule '\(text)' has a zero interval: expected 1 or more")
        }
        _ = unit
        guard let seconds = DurationText.seconds(amountAndUnit).map({ Int(exactly: $0) ?? Int.max }), seconds <= longestInterval else {
            throw ScheduleError("schedule '\(text)' is longer than 3650d: expected at most ten years")
        }
        return seconds
    }
}
