import AirtrendDomain
import AirtrendNormalize

/// What every import applies unless its request says otherwise: the quality-control rules, the clock
/// of the future rule, and how many row messages a summary keeps.
public struct ImportRules: Sendable {
    /// The rules for requests that bring none of their own.
    public var qualityControl: QualityControl
    /// The current hour, for the future rule (injected so tests control it).
    public var now: @Sendable () -> UTCHour
    /// Row messages kept per file or page for the summary; all of them are in the quarantine table.
    public var messageLimit = 20

    public init(qualityControl: QualityControl, now: @escaping @Sendable () -> UTCHour) {
        self.qualityControl = qualityControl
        self.now = now
    }

    /// The request's own rules, or these, with the clock's current hour for the future rule.
    func qualityControl(for request: ImportRequest) -> QualityControl {
        var qc = request.qualityControl ?? qualityControl
        qc.now = now()
        return qc
    }
}
