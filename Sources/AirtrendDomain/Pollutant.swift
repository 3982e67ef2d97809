/// A measured pollutant, with the code used in the store and on the command line.
///
/// The raw values are stored in SQLite; never renumber an existing case.
public enum Pollutant: Int, Sendable, CaseIterable, Codable {
    case pm25 = 1

    /// The canonical code, e.g. `pm25`.
    public var code: String {
        switch self {
        case .pm25: "pm25"
        }
    }

    /// The canonical unit readings of this pollutant are stored in.
    public var unit: String {
        switch self {
        case .pm25: "µg/m³"
        }
    }
}
