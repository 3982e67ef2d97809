/// The quality-control rules a feed kind or layout turns on by default, beyond the plain rules every
/// value passes (unit, non-finite, negative, implausible, future, duplicate).
///
/// Official networks' data were validated upstream, so their layouts keep the plain rules only and
/// official figures stay reproducible; low-cost sensor kinds also judge values by their neighbours.
public struct QualityDefaults: Sendable, Equatable {
    /// The spike rule (more than 4 × the median of the ±3-hour neighbours and above 100 µg/m³).
    public var spike: Bool
    /// The flat-line rule: this many equal non-zero hours in a row, or nil for off.
    public var flatLineHours: Int?

    public init(spike: Bool = false, flatLineHours: Int? = nil) {
        self.spike = spike
        self.flatLineHours = flatLineHours
    }

    /// The plain rules only.
    public static let plain = QualityDefaults()
    /// Spike and an 8-hour flat line on top of the plain rules, for low-cost sensors.
    public static let lowCostSensor = QualityDefaults(spike: true, flatLineHours: 8)
}
