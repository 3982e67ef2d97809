import AirtrendDomain

/// One hourly rolling label (derived when read, see ``RollingWindows``).
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
