import AirtrendDomain
import AirtrendNormalize
import AirtrendStore

/// Stores one live-feed response: its readings with quality control, its import record, and what
/// the caller adds (the feed's cursor, validators, counters), all in one transaction.
///
/// On any failure nothing of the page is stored, and the result says why. A page without events
/// writes no import record, only what the caller adds.
public struct PageImporter: Sendable {
    public var rules: ImportRules

    public init(rules: ImportRules) {
        self.rules = rules
    }

    /// - Parameters:
    ///   - label: the request URL with secrets removed; quarantine rows name it as their file.
    ///   - alsoWrite: runs in the same transaction, after the readings, with the page's result.
    public func store(_ events: [ReadingEvent], label: String, request: ImportRequest, into store: any IngestStore,
                      alsoWrite: (any IngestStore, ImportResult) throws -> Void) -> ImportResult {
        var result = ImportResult(file: label)
        if events.isEmpty {
            // Nothing to store (a 304, an empty window): no import record, only what the caller writes.
            do {
                try store.transaction { try alsoWrite(store, result) }
            } catch {
                return result.failing("store failed: \(error)", .storeFailure(error))
            }
            return result
        }
        let qc = rules.qualityControl(for: request)
        do {
            try store.transaction {
                let importID = try store.beginImport(source: label, layout: request.layout, feedCode: request.feed)
                let writer = try store.hourlyWriter(importID: importID, batchSize: Int.max, external: true)
                // Feed kinds deliver UTC hours already, so unlike a layout the page needs no station zones.
                let session = ImportSession(store: store, writer: writer, importID: importID, request: request, creationZone: request.creationZone,
                                            label: label, source: label, result: result, qualityControl: qc, messageLimit: rules.messageLimit)
                for event in events { try session.handle(event) }
                session.counts.lines = events.count
                try session.commit()
                result = session.finalResult()
                try store.finishImport(importID, counts: result.counts, status: result.outcome == .ok ? "ok" : "partial", message: result.failure)
                try alsoWrite(store, result)
            }
        } catch let abort as ImportSession.Abort {
            return result.failing(abort.message, .rejectedInput)
        } catch {
            return result.failing("store failed: \(error)", .storeFailure(error))
        }
        return result
    }
}
