/// One local day of one series: how many hours it had and their mean.
public struct DaySummary: Hashable, Sendable {
    /// Local day number (days since 1970-01-01 in the series' standard time).
    public var dayNumber: Int
    /// Valid hours (or, for a city, stations) that went into the mean.
    public var observed: Int
    /// Hours (or stations) the day should have had.
    public var expected: Int
    public var sum: Double
    public var minimum: Double
    public var maximum: Double
    public var valid: Bool

    public init(dayNumber: Int, observed: Int, expected: Int, sum: Double, minimum: Double, maximum: Double, valid: Bool) {
        self.dayNumber = dayNumber
        self.observed = observed
        self.expected = expected
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
        self.valid = valid
    }

    /// The mean of the day's values, or nil when it had none.
    public var mean: Double? { observed > 0 ? sum / Double(observed) : nil }

    /// Builds a station day from its hourly sum and count under a profile.
    public static func station(dayNumber: Int, hours: Int, sum: Double, minimum: Double, maximum: Double, profile: ValidityProfile) -> DaySummary {
        DaySummary(
            dayNumber: dayNumber, observed: hours, expected: 24, sum: sum,
            minimum: minimum, maximum: maximum, valid: hours >= profile.minHoursPerDay
        )
    }
}
