/// The days an assessment station is in service, as an operator states it (`in_service:` in the config).
///
/// A city day expects every assessment station in service that day. Without a stated period a
/// station is in service from its first to its last stored hour. A stated period overrides that:
/// `from` (default: the first stored day) and `to` (default: no end, so the station is expected
/// through the city's newest day). Days outside the period never enter the city mean, though
/// the station's own hours and figures stay.
public struct ServicePeriod: Hashable, Sendable {
    /// First local day in service, or nil for the first stored day.
    public var from: CivilDate?
    /// Last local day in service, or nil for "still in service".
    public var to: CivilDate?

    public init(from: CivilDate? = nil, to: CivilDate? = nil) {
        self.from = from
        self.to = to
    }
}
