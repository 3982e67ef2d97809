/// Why a chart or a page was not made; the message says what to do instead.
public enum ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scope, year or range holds too little data for the chart (the CLI exits 65).
    case notEnoughData(String)
    /// The request itself cannot be drawn, whatever the data (a rolling chart of a city; the CLI exits 64).
    case invalidRequest(String)
    /// The store could not be read (the CLI exits 70).
    case storeFailure(String)

    public var message: String {
        switch self {
        case .notEnoughData(let text), .invalidRequest(let text), .storeFailure(let text): text
        }
    }

    public var description: String { message }
}
