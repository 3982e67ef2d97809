import AirtrendDomain

/// The quality-control rules a value passes before it is stored, each with its settings.
///
/// Plain rules look at one value, in a fixed order: unit, non-finite, negative, implausible,
/// future. The duplicate rule compares a value with the one the same input gave earlier for its
/// hour, and is applied where the import sees both (``quarantineDuplicates``). Series rules
/// (spike, flat line) need neighbouring hours and run on the stored series
/// of each batch (see ``SeriesRules``). Every failure names its ``QuarantineReason``; the value is
/// kept in quarantine with its file and line, never silently dropped, and its neighbours stay.
///
/// Defaults follow the source: official networks' archives were validated upstream, so only
/// the plain rules are on; low-cost sensor feeds also get spike and flat-line.
public struct QualityControl: Sendable, Equatable {
    /// Values above this are implausible for hourly PM2.5 (µg/m³).
    public var plausibleMaximum: Double
    /// When set, values in [−tolerance, 0) are stored as 0 instead of quarantined (off by default).
    public var negativeTolerance: Double?
    /// Quarantine values stamped more than ``futureToleranceHours`` after `now`.
    public var rejectFuture = true
    /// How far after `now` a stamp may lie before the future rule quarantines it (default 1 hour).
    public var futureToleranceHours = 1
    /// Stamps before this hour are no reading of a PM2.5 monitor: rejected (default 1950-01-01T00:00Z).
    public var earliest = UTCHour(date: CivilDate(year: 1950, month: 1, day: 1)!, hour: 0)
    /// Stamps more than this many hours after `now` are rejected whether or not the future rule is on.
    public static let latestHoursAhead = 366 * 24
    /// The spike rule (nil: off).
    public var spike: SeriesRules.Spike?
    /// The flat-line rule: at least this many equal non-zero hours in a row (nil: off).
    public var flatLineHours: Int?
    /// The duplicate rule: when one input holds two different values for a station and hour, the
    /// earlier is quarantined as `duplicate` with its line. Off, the later value is still stored
    /// (one row per hour) and the earlier is simply replaced, leaving no quarantine row; for sources
    /// that restate hours on purpose (a file that appends corrections) rather than by mistake.
    public var quarantineDuplicates = true
    /// The current hour, for the future rule; set by the caller from its clock.
    public var now: UTCHour?

    public init(plausibleMaximum: Double = 2_000) {
        self.plausibleMaximum = plausibleMaximum
    }

    /// The rules a layout or feed kind declares as its defaults (``QualityDefaults``) on top of the plain ones.
    public init(defaults: QualityDefaults, plausibleMaximum: Double = 2_000) {
        self.init(plausibleMaximum: plausibleMaximum)
        if defaults.spike { spike = SeriesRules.Spike() }
        flatLineHours = defaults.flatLineHours
    }

    /// True when any rule needs the neighbouring hours.
    public var hasSeriesRules: Bool { spike != nil || flatLineHours != nil }

    public enum Verdict: Sendable, Equatable {
        case accept(Double)
        case quarantine(QuarantineReason, String)
    }

    /// The verdict for one reading: the value to store (possibly corrected), or why it is quarantined.
    @inline(__always)
    public func verdict(_ reading: RawReading) -> Verdict {
        if let unit = reading.badUnit {
            return .quarantine(.unit, "unit '\(unit)' is not µg/m³")
        }
        if !reading.value.isFinite {
            return .quarantine(.nonFinite, "value is not a finite number")
        }
        var value = reading.value
        if value < 0 {
            guard let tolerance = negativeTolerance, value >= -tolerance else {
                return .quarantine(.negative, "value \(reading.value) is below zero")
            }
            value = 0
        }
        if value > plausibleMaximum {
            return .quarantine(.implausible, "value \(reading.value) is above the plausible maximum \(plausibleMaximum)")
        }
        if rejectFuture, let now, reading.hour.value > now.value + futureToleranceHours {
            return .quarantine(.future, "hour \(reading.hour) is more than \(futureToleranceHours) h after the import time \(now)")
        }
        return .accept(value)
    }

    /// Why a reading's time is no plausible time for a measurement (before ``earliest``, or, with the
    /// future rule off, more than a year after `now`), or nil. Such a row is rejected before anything is created for it.
    public func implausibleTime(_ hour: UTCHour) -> String? {
        if hour < earliest {
            return "time \(hour) is before \(earliest.date), the earliest plausible measurement (quality.earliest)"
        }
        // With the future rule on, a stamp ahead of the clock is quarantined as `future` (kept for audit);
        // with it off, a stamp more than a year ahead is still no measurement.
        if !rejectFuture, let now, hour.value > now.value + Self.latestHoursAhead {
            return "time \(hour) is more than a year after the import time \(now)"
        }
        return nil
    }

    /// The plain rules' verdict as the older (reason, detail) pair; nil to accept.
    public func check(_ reading: RawReading) -> (reason: QuarantineReason, detail: String)? {
        if case let .quarantine(reason, detail) = verdict(reading) { return (reason, detail) }
        return nil
    }
}
