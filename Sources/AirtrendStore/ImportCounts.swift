/// What one import did, as kept in the `imports` table and printed in the summary.
public struct ImportCounts: Sendable, Equatable {
    public var lines = 0
    public var readings = 0
    /// New hours and hours whose value changed.
    public var stored = 0
    /// Hours already stored with the same value.
    public var unchanged = 0
    public var missing = 0
    public var quarantined = 0
    public var rejected = 0
    public init() {}
}
