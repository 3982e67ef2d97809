import AirtrendDomain

/// A station of a city as the city's figures see it: its role and the days it is in service.
public struct CityMember: Sendable, Hashable {
    /// The station's aggregate scope.
    public let scopeID: Int64
    /// The station's id.
    public let code: String
    public let role: StationRole
    /// Local day numbers on which the station counts in the city's `expected` (nil: never, e.g. not an
    /// assessment station, or one without data or a stated period).
    public let inService: ClosedRange<Int>?
    /// The first and last local day with data, whatever the role.
    public let dataSpan: ClosedRange<Int>?
    /// True when the period comes from the configuration (`in_service:`) rather than the data.
    public let stated: Bool

    public init(scopeID: Int64, code: String, role: StationRole, inService: ClosedRange<Int>?, dataSpan: ClosedRange<Int>?, stated: Bool) {
        self.scopeID = scopeID
        self.code = code
        self.role = role
        self.inService = inService
        self.dataSpan = dataSpan
        self.stated = stated
    }
}
