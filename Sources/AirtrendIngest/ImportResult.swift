import AirtrendStore

/// The outcome of importing one file.
public struct ImportResult: Sendable {
    public var file: String
    public var counts: ImportCounts
    /// Quarantined values by reason.
    public var quarantinedByReason: [String: Int]
    /// Stations created by this import.
    public var createdStations: [String]
    /// Stations the file named that the store does not know (their rows were not stored).
    public var unknownStations: [String: Int]
    /// Row problems, `file:line: message`, the first ones only.
    public var messages: [String]
    /// Values the spike and flat-line rules moved to quarantine after they were stored.
    public var seriesQuarantined = 0
    /// Warnings the layout raised (nothing was rejected for them).
    public var warnings: [String] = []
    /// Set when the file could not be imported at all (or was rolled back under --strict).
    public var failure: String?
    /// What the import came to.
    public var outcome: IngestOutcome

    public init(file: String) {
        self.file = file
        counts = ImportCounts()
        quarantinedByReason = [:]
        createdStations = []
        unknownStations = [:]
        messages = []
        outcome = .ok
    }

    /// One summary line for humans.
    public var summaryLine: String {
        let q = quarantinedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var text = "\(file): \(counts.lines) lines, \(counts.readings) readings: \(counts.stored) stored, \(counts.unchanged) unchanged; "
        text += "\(counts.missing) missing, \(counts.quarantined) quarantined\(q.isEmpty ? "" : " (\(q))"), \(counts.rejected) rejected"
        if let failure { text += "; FAILED: \(failure)" }
        return text
    }

    /// The result marked as failed with `message` (the worse of its outcome and `outcome`).
    func failing(_ message: String, _ outcome: IngestOutcome) -> ImportResult {
        var result = self
        result.failure = message
        result.outcome = result.outcome.worst(outcome)
        return result
    }

    /// Adds another result's counts, reasons, stations and messages to this one (a feed's pages into its run).
    mutating func merge(_ page: ImportResult) {
        counts.lines += page.counts.lines
        counts.readings += page.counts.readings
        counts.stored += page.counts.stored
        counts.unchanged += page.counts.unchanged
        counts.missing += page.counts.missing
        counts.quarantined += page.counts.quarantined
        counts.rejected += page.counts.rejected
        for (reason, n) in page.quarantinedByReason { quarantinedByReason[reason, default: 0] += n }
        createdStations += page.createdStations
        for (code, n) in page.unknownStations { unknownStations[code, default: 0] += n }
        for message in page.messages where messages.count < 20 { messages.append(message) }
        for warning in page.warnings where !warnings.contains(warning) { warnings.append(warning) }
        outcome = outcome.worst(page.outcome)
        if failure == nil { failure = page.failure }
    }
}
