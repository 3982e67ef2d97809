import AirtrendDomain

/// Writes one import's hours in batches, each batch one transaction that also brings every
/// aggregate containing its hours up to date.
///
/// A value equal to the stored one changes nothing (re-imports are no-ops); a different value
/// replaces it. ``finish()`` commits the last batch and ``rollback()`` drops the open one; batches
/// committed before stay. Not thread-safe: one writer per store at a time.
public protocol HourlyWriter: AnyObject {
    /// Stores one value; with ``autoCommit`` on, commits the batch when it is full.
    ///
    /// - Parameter raw: what the source sent when `value` was derived from it (kept beside the value).
    @discardableResult
    func put(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour, value: Double, line: Int, raw: String?) throws -> WriteOutcome
    /// The stored value of an hour and the import and line that wrote it, or nil.
    func existing(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws -> (value: Double, importID: Int64, line: Int?)?
    /// Removes a stored hour (a series rule rejected it); its aggregates follow with the batch.
    func remove(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour) throws
    /// Keeps a value or row out of the series with its reason; recording the same one again is a no-op.
    func quarantine(_ record: QuarantineRecord) throws
    /// Commit by itself when a batch is full (the default); see ``isBatchFull``.
    var autoCommit: Bool { get set }
    /// True when the open batch holds as many hours as the batch size.
    var isBatchFull: Bool { get }
    /// The series and local days the open batch changed, for rules that judge hours by their neighbours.
    var pendingSeries: [DirtySeriesDays] { get }
    /// Batches committed so far.
    var committedBatches: Int { get }
    /// Updates the aggregates of the open batch's hours and commits them together.
    func commit() throws
    /// Commits whatever is left.
    func finish() throws
    /// Drops the open batch; earlier batches stay committed.
    func rollback()
}

extension HourlyWriter {
    /// Stores one value as the source sent it (no `raw`).
    @discardableResult
    public func put(_ target: StationTarget, pollutant: Pollutant, hour: UTCHour, value: Double, line: Int) throws -> WriteOutcome {
        try put(target, pollutant: pollutant, hour: hour, value: value, line: line, raw: nil)
    }
}
