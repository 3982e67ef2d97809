import AirtrendDomain
import AirtrendNormalize
import AirtrendStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams archive files through a layout, quality control and into the store.
///
/// Memory stays bounded by one read buffer and per-station state, whatever the
/// file size. Rows that cannot be read are rejected with file, line and reason;
/// the good rows around them are stored. Each batch of hours is one
/// transaction together with the aggregates it changes.
public final class ArchiveImporter {
    private let store: any IngestStore
    let qualityControl: QualityControl
    let now: () -> UTCHour
    /// Row messages kept per file for the summary; all of them are in the quarantine table.
    public var messageLimit = 20

    /// - Parameters:
    ///   - now: the current hour, for the future rule (injected so tests control it).
    public init(store: any IngestStore, qualityControl: QualityControl, now: @escaping () -> UTCHour) {
        self.store = store
        self.qualityControl = qualityControl
        self.now = now
    }

    /// Imports one file; never throws, the result says what happened.
    public func importFile(_ path: String, request: ImportRequest) -> ImportResult {
        var result = ImportResult(file: path)
        let canonical = Self.canonicalPath(path)
        var options = request.options
        // Stations named on the command line must be known, or creatable with --timezone.
        do {
            for stored in try store.stations() { options.stationTimeZones[stored.station.id] = stored.station.timeZone }
            if let code = options.station, try store.station(code: code) == nil {
                guard let zone = options.timeZone else {
                    result.unknownStations[code] = 0
                    return fail(&result, "unknown station '\(code)': give --timezone (and --city) to create it, or declare it in the config", .dataError)
                }
                try store.saveStation(Station(id: code, city: request.city, timeZone: zone))
                options.stationTimeZones[code] = zone
                result.createdStations.append(code)
            }
        } catch {
            return fail(&result, "\(error)", .software)
        }

        var layout: any ArchiveLayout
        let source: FileByteSource
        do {
            layout = try LayoutRegistry.make(named: request.layout, options: options, file: path)
            source = try FileByteSource(path: path)
        } catch {
            return fail(&result, error.message, error.kind == .noInput ? .noInput : (error.kind == .usage ? .usage : .dataError))
        }

        let importID: Int64
        let session: ImportSession
        do {
            importID = try store.beginImport(source: canonical, layout: request.layout, feedCode: request.feed)
            let writer = try store.hourlyWriter(importID: importID, batchSize: request.strict ? Int.max : request.batchSize, external: false)
            session = ImportSession(importer: self, store: store, writer: writer, importID: importID, request: request,
                                    options: options, label: path, source: canonical, result: result)
        } catch {
            return fail(&result, "\(error)", .software)
        }
        let handle = session.handler

        var reader = LineReader(source: source)
        var failure: (message: String, status: ExitStatus)?
        do {
            let stop = request.stop
            session.counts.lines = try reader.forEachLine { line, number throws(LayoutError) in
                if let stop, stop.isSet {
                    throw LayoutError(file: path, line: number, message: "interrupted by shutdown; the open batch was rolled back and will be imported again", kind: .interrupted)
                }
                try layout.consume(line: line, number: number, emit: handle)
            }
            try layout.finish(emit: handle)
            try session.commit()
        } catch let error as LayoutError {
            let message = request.strict && error.kind == .badRow
                ? "\(error.message); --strict: nothing from this file was stored"
                : error.description
            failure = (message, error.kind == .noInput ? .software : error.kind == .interrupted ? .tempFail : .dataError)
        } catch {
            failure = ("store failed: \(error)", .software)
        }
        result = session.result
        if let failure {
            session.writer.rollback()
            result.counts = session.counts
            _ = try? store.finishImport(importID, counts: session.counts, status: "failed", message: failure.message)
            result.failure = failure.message
            result.status = failure.status
            return result
        }
        result = session.finalResult()
        do {
            try store.finishImport(importID, counts: result.counts, status: result.status == .ok ? "ok" : "partial", message: result.failure)
        } catch {
            result.status = .software
            result.failure = "\(error)"
        }
        return result
    }

    /// Imports a feed's file unless its size and modification time are those recorded after its last
    /// complete import (then nil); a complete import records them, so an unchanged file is skipped next time.
    ///
    /// - Parameter request: must name the feed (`request.feed`); without one the file is always imported.
    public func importUnlessUnchanged(_ path: String, request: ImportRequest) -> ImportResult? {
        let state = Self.fileState(path)
        if let feed = request.feed, let state, let seen = try? store.sourceState(feed: feed, source: path), seen == state { return nil }
        let imported = importFile(path, request: request)
        if imported.status == .ok, let feed = request.feed, let state {
            try? store.recordSourceState(feed: feed, kind: request.layout, source: path, size: state.size, modified: state.modified)
        }
        return imported
    }

    /// A file's size and modification time (ms), the "unchanged" test of ``importUnlessUnchanged(_:request:)``.
    static func fileState(_ path: String) -> (size: Int, modified: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return nil }
        return (size.intValue, Int(date.timeIntervalSince1970 * 1000))
    }

    /// Stores one response's events: the import record, readings with quality control, and
    /// `alsoWrite` (the feed's cursor, validators, counters), all in one transaction.
    ///
    /// On any failure nothing of the page is stored, and the result says why. A page without events
    /// writes no import record, only `alsoWrite`.
    ///
    /// - Parameters:
    ///   - label: the request URL with secrets removed; quarantine rows name it as their file.
    public func importPage(_ events: [ReadingEvent], label: String, request: ImportRequest,
                           alsoWrite: (any IngestStore, ImportResult) throws -> Void) -> ImportResult {
        var result = ImportResult(file: label)
        if events.isEmpty {
            // Nothing to store (a 304, an empty window): no import record, only what the caller writes.
            do {
                try store.transaction { try alsoWrite(store, result) }
            } catch {
                result.status = .software
                result.failure = "store failed: \(error)"
            }
            return result
        }
        // Feed kinds deliver UTC hours already, so unlike a layout the page needs no station zones.
        let options = request.options
        do {
            try store.transaction {
                let importID = try store.beginImport(source: label, layout: request.layout, feedCode: request.feed)
                let writer = try store.hourlyWriter(importID: importID, batchSize: Int.max, external: true)
                let session = ImportSession(importer: self, store: store, writer: writer, importID: importID, request: request,
                                            options: options, label: label, source: label, result: result)
                for event in events { try session.handler(event) }
                session.counts.lines = events.count
                try session.commit()
                result = session.finalResult()
                try store.finishImport(importID, counts: result.counts, status: result.status == .ok ? "ok" : "partial", message: result.failure)
                try alsoWrite(store, result)
            }
        } catch let error as LayoutError {
            result.status = .dataError
            result.failure = error.description
        } catch {
            result.status = .software
            result.failure = "store failed: \(error)"
        }
        return result
    }

    /// Runs spike and flat-line on the stored series around the days a batch changed, and moves
    /// offenders from the hourly table to quarantine in the same transaction.
    func applySeriesRules(_ qc: QualityControl, writer: any HourlyWriter, series: [DirtySeriesDays],
                                  codes: [Int64: String], file: String, result: inout ImportResult) throws {
        for item in series {
            let (target, pollutant, days) = (item.target, item.pollutant, item.days)
            guard let first = days.first, let last = days.last else { continue }
            // Candidate hours: the changed local days (±14 h covers any zone); context: a day more each side.
            let candidates = (first * 24 - 14)...((last + 1) * 24 + 14)
            let context = try store.hourlyValues(station: target.stationID, pollutant: pollutant,
                                                 from: UTCHour(candidates.lowerBound - 24 * (1 + (qc.flatLineHours ?? 0) / 24)),
                                                 to: UTCHour(candidates.upperBound + 24 * (1 + (qc.flatLineHours ?? 0) / 24)))
            var findings: [SeriesRules.Finding] = []
            if let spike = qc.spike { findings += SeriesRules.spikes(in: context, candidates: candidates, rule: spike) }
            if let hours = qc.flatLineHours { findings += SeriesRules.flatLines(in: context, candidates: candidates, minimumHours: hours) }
            guard !findings.isEmpty else { continue }
            let code = codes[target.stationID]
            for finding in findings {
                try writer.remove(target, pollutant: pollutant, hour: finding.hour)
                try writer.quarantine(QuarantineRecord(station: code, pollutant: pollutant, hour: finding.hour, value: finding.value,
                                                       reason: finding.reason, detail: finding.detail, file: file, line: nil))
                result.quarantinedByReason[finding.reason.rawValue, default: 0] += 1
                result.seriesQuarantined += 1
            }
        }
    }

    private func fail(_ result: inout ImportResult, _ message: String, _ status: ExitStatus) -> ImportResult {
        result.failure = message
        result.status = status
        return result
    }

    /// The absolute, symlink-free path, so the same file is recognised however it was named.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
