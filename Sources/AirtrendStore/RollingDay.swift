/// One daily rolling label (derived when read, see ``RollingWindows``): per window (7, 30, 365 days) the valid daily means in it and their sum.
public struct RollingDay: Sendable, Equatable {
    public var dayNumber: Int
    public var counts: [Int]
    public var sums: [Double]
    /// The windows, in the order of `counts` and `sums`.
    public static let windows = [7, 30, 365]
}
