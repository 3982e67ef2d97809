/// Why no trend could be computed; each message says what is missing and what to do.
public enum TrendError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer points than ``TrendReport/minimumPoints``, or (monthly) no month of the year valid in two
    /// different years. The command exits 65.
    case notEnoughData(String)
    /// The scope is unknown or holds no data. The command exits 65.
    case noData(String)
    /// The request contradicts itself (a year range backwards, a target that is no reduction). The command exits 64.
    case invalidRequest(String)

    public var message: String {
        switch self {
        case .notEnoughData(let message), .noData(let message), .invalidRequest(let message): message
        }
    }

    public var description: String { message }
}
