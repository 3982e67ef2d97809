import AirtrendDomain
import AirtrendNormalize
import AirtrendStore
import Foundation

/// Streams archive files through a layout, quality control and into the store.
///
/// Memory stays bounded by one read buffer and per-station state, whatever the file size. Rows
/// that cannot be read are rejected with file, line and reason; the good rows around them are
/// stored. Each batch of hours is one transaction together with the aggregates it changes.
public struct FileImporter: Sendable {
    public var rules: ImportRules

    public init(qualityControl: QualityControl, now: @escaping @Sendable () -> UTCHour) {
        rules = ImportRules(qualityControl: qualityControl, now: now)
    }

    public init(rules: ImportRules) {
        self.rules = rules
    }

    /// Imports one file; never throws, the result says what happened.
    public func importFile(_ path: String, request: ImportRequest, into store: any IngestStore) -> ImportResult {
        var result = ImportResult(file: path)
        let canonical = Self.canonicalPath(path)
        var context = LayoutContext(file: path)
        // Stations named on the command line must be known, or creatable with --timezone.
        do {
            for stored in try store.stations() { context.stationTimeZones[stored.station.id] = stored.station.timeZone }
            if let code = request.options.text("station"), try store.station(code: code) == nil {
                guard let zone = request.creationZone else {
                    result.unknownStations[code] = 0
                    return result.failing("unknown station '\(code)': give --timezone (and --city) to create it, or declare it in the config", .rejectedInput)
                }
                try store.saveStation(Station(id: code, city: request.city, timeZone: zone, role: request.role ?? .assessment))
                context.stationTimeZones[code] = zone
                result.createdStations.append(code)
            }
        } catch {
            return result.failing("store failed: \(error)", .storeFailure(error))
        }

        var layout: any ArchiveLayout
        let source: FileByteSource
        do {
            layout = try LayoutRegistry.make(named: request.layout, values: request.options, context: context)
            source = try FileByteSource(path: path)
        } catch {
            return result.failing(error.message, error.kind == .noInput ? .missingInput : (error.kind == .usage ? .usage : .rejectedInput))
        }

        let importID: Int64
        let session: ImportSession
        do {
            importID = try store.beginImport(source: canonical, layout: request.layout, feedCode: request.feed)
            let writer = try store.hourlyWriter(importID: importID, batchSize: request.strict ? Int.max : request.batchSize, external: false)
            session = ImportSession(store: store, writer: writer, importID: importID, request: request, creationZone: request.creationZone,
                                    label: path, source: canonical, result: result, qualityControl: rules.qualityControl(for: request),
                                    messageLimit: rules.messageLimit)
        } catch {
            return result.failing("store failed: \(error)", .storeFailure(error))
        }

        var reader = LineReader(source: source)
        var failure: (message: String, outcome: IngestOutcome)?
        // Why the session stopped the read, when it did (a --strict rejection or a store failure).
        var stopCause: (any Error)?
        do {
            let stop = request.stop
            // A line too long to be a row is rejected and skipped; the rows around it are read.
            let tooLong: (Int) throws(LayoutError) -> Void = { number throws(LayoutError) in
                do {
                    try session.handle(.rejected(line: number, message: "line longer than 1 MiB; not a row of this layout, skipped", raw: ""))
                } catch {
                    stopCause = error
                    throw LayoutError(file: path, line: number, message: "\(error)", kind: .aborted)
                }
            }
            session.counts.lines = try reader.forEachLine(tooLong: tooLong) { line, number throws(LayoutError) in
                if let stop, stop.isSet {
                    throw LayoutError(file: path, line: number, message: "interrupted by shutdown; the open batch was rolled back and will be imported again", kind: .interrupted)
                }
                try layout.consume(line: line, number: number) { event throws(LayoutError) in
                    do {
                        try session.handle(event)
                    } catch {
                        stopCause = error
                        throw LayoutError(file: path, line: number, message: "\(error)", kind: .aborted)
                    }
                }
            }
            try layout.finish { event throws(LayoutError) in
                do {
                    try session.handle(event)
                } catch {
                    stopCause = error
                    throw LayoutError(file: path, line: nil, message: "\(error)", kind: .aborted)
                }
            }
            try session.commit()
        } catch let error as LayoutError {
            switch (error.kind, stopCause) {
            case (.truncated, _):
                // The complete rows before the damage stand: commit them and say where the file broke.
                do {
                    try session.commit()
                    var truncated = session.finalResult()
                    truncated.counts.lines = error.line.map { $0 - 1 } ?? truncated.counts.lines
                    try store.finishImport(importID, counts: truncated.counts, status: "partial", message: error.description)
                    return truncated.failing(error.description, .rejectedInput)
                } catch {
                    failure = ("store failed: \(error)", .storeFailure(error))
                }
            case (.aborted, let abort as ImportSession.Abort):
                failure = (request.strict ? "\(abort.message); --strict: nothing from this file was stored" : abort.message, .rejectedInput)
            case (.aborted, let cause?):
                failure = ("store failed: \(cause)", .storeFailure(cause))
            case (.interrupted, _):
                failure = (error.description, .temporaryFailure)
            case (.noInput, _):
                failure = (error.description, .missingInput)
            default:
                failure = (error.description, .rejectedInput)
            }
        } catch {
            failure = ("store failed: \(error)", .storeFailure(error))
        }
        result = session.result
        if let failure {
            session.writer.rollback()
            // The summary says what the store holds: the committed batches, not the rolled-back one.
            result.counts = session.countsAfterRollback()
            _ = try? store.finishImport(importID, counts: result.counts, status: "failed", message: failure.message)
            return result.failing(failure.message, failure.outcome)
        }
        result = session.finalResult()
        do {
            try store.finishImport(importID, counts: result.counts, status: result.outcome == .ok ? "ok" : "partial", message: result.failure)
        } catch {
            return result.failing("store failed: \(error)", .storeFailure(error))
        }
        return result
    }

    /// Imports a feed's file unless its size and modification time are those recorded after its last
    /// complete import (then nil); a complete import records them, so an unchanged file is skipped next time.
    ///
    /// - Parameter request: must name the feed (`request.feed`); without one the file is always imported.
    public func importUnlessUnchanged(_ path: String, request: ImportRequest, into store: any IngestStore) -> ImportResult? {
        let state = Self.fileState(path)
        if let feed = request.feed, let state, let seen = try? store.sourceState(feed: feed, source: path), seen == state { return nil }
        let imported = importFile(path, request: request, into: store)
        if imported.outcome == .ok, let feed = request.feed, let state {
            try? store.recordSourceState(feed: feed, kind: request.layout, source: path, size: state.size, modified: state.modified)
        }
        return imported
    }

    /// A file's size and modification time (ms), the "unchanged" test of ``importUnlessUnchanged(_:request:into:)``.
    static func fileState(_ path: String) -> (size: Int, modified: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return nil }
        return (size.intValue, Int(date.timeIntervalSince1970 * 1000))
    }

    /// The absolute, symlink-free path, so the same file is recognised however it was named.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
