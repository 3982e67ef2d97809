/// What a station is for, and so whether it counts in its city's figures.
///
/// Official city values (HJ 663-2013, GB 3095-2012 practice) average a city's national
/// *assessment* stations (评价点, the "urban" points). A background or control point (对照点),
/// a traffic site or a monitor run by someone else (an embassy's, a sensor) is stored, queried
/// and reported on its own, but never enters a city mean. Defaults are `assessment`; see the
/// README (Cities and regions) for which imports create what.
public enum StationRole: String, Sendable, CaseIterable, Hashable {
    /// Counts in its city's daily series, coverage and annual figures.
    case assessment
    /// A background or control point (对照点): regional air, not the city's.
    case background
    /// A roadside or traffic site.
    case traffic
    /// Anything else: an embassy or consulate monitor, a research site, a low-cost sensor.
    case other

    /// True for the one role whose days make up a city's.
    public var countsInCity: Bool { self == .assessment }

    /// The role named `text` (case-insensitive), or a ``DomainError`` listing the roles.
    public static func named(_ text: String) throws(DomainError) -> StationRole {
        guard let role = StationRole(rawValue: text.lowercased()) else {
            throw DomainError("unknown station role '\(text)'; expected one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
