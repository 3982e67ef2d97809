import AirtrendDomain

/// A feed's `quality:` keys; nil keeps the default for the feed's kind.
public struct QualitySettings: Sendable, Equatable {
    public var plausibleMaximum: Double?
    /// Values in [−tolerance, 0) are stored as 0; 0 turns it off.
    public var negativeTolerance: Double?
    public var future: Bool?
    public var spike: Bool?
    public var spikeFactor: Double?
    public var spikeFloor: Double?
    /// Hours of an equal non-zero run that count as a flat line; 0 turns it off.
    public var flatLineHours: Int?
    /// Whether a second value for one station and hour in one input quarantines the first as
    /// `duplicate` (the later value is stored either way); nil keeps the default, on.
    public var duplicate: Bool?
    /// Stamps before this hour are rejected (`earliest`, a date; default 1950-01-01).
    public var earliest: UTCHour?
    /// Hours a stamp may lie after the import time before the future rule applies (`future_tolerance`, default 1h).
    public var futureToleranceHours: Int?
    public init() {}

    /// The keys `quality:` accepts.
    public static let keys: Set<String> = [
        "plausible_maximum", "negative_tolerance", "future", "spike", "spike_factor", "spike_floor", "flat_line", "duplicate", "earliest", "future_tolerance",
    ]
}
