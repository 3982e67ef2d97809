import AirtrendDomain

/// The plain quality-control rules every value passes before it is stored.
///
/// Order matters and is fixed: unit, non-finite, negative, implausible. Each
/// failure names its ``QuarantineReason``; the value is kept in quarantine with
/// its file and line, never silently dropped.
public struct QualityControl: Sendable, Equatable {
    /// Values above this are implausible for hourly PM2.5 (µg/m³).
    public var plausibleMaximum: Double

    public init(plausibleMaximum: Double = 2_000) {
        self.plausibleMaximum = plausibleMaximum
    }

    /// The verdict for one reading: nil to accept, or why it is quarantined and a detail.
    @inline(__always)
    public func check(_ reading: RawReading) -> (reason: QuarantineReason, detail: String)? {
        if let unit = reading.badUnit {
            return (.unit, "unit '\(unit)' is not µg/m³")
        }
        if !reading.value.isFinite {
            return (.nonFinite, "value is not a finite number")
        }
        if reading.value < 0 {
            return (.negative, "value \(reading.value) is below zero")
        }
        if reading.value > plausibleMaximum {
            return (.implausible, "value \(reading.value) is above the plausible maximum \(plausibleMaximum)")
        }
        return nil
    }
}
