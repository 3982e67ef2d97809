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
    public var status: ExitStatus

    public init(file: String) {
        self.file = file
        counts = ImportCounts()
        quarantinedByReason = [:]
        createdStations = []
        unknownStations = [:]
        messages = []
        status = .ok
    }

    /// One summary line for humans.
    public var summaryLine: String {
        let q = quarantinedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var text = "\(file): \(counts.lines) lines, \(counts.readings) readings: \(counts.stored) stored, \(counts.unchanged) unchanged; "
        text += "\(counts.missing) missing, \(counts.quarantined) quarantined\(q.isEmpty ? "" : " (\(q))"), \(counts.rejected) rejected"
        if let failure { text += "; FAILED: \(failure)" }
        return text
    }
}
