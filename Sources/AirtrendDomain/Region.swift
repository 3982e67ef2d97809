/// A named group of cities whose annual value is the equal-weight mean of theirs.
public struct Region: Hashable, Sendable {
    public var id: String
    public var name: String
    /// Member cities by their configured names.
    public var cities: [String]

    public init(id: String, name: String, cities: [String]) {
        self.id = id
        self.name = name
        self.cities = cities
    }
}
