import AirtrendDomain
import AirtrendNormalize
import AirtrendStore
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
    private let store: SQLiteStore
    private let qualityControl: QualityControl
    private let now: () -> UTCHour
    /// Row messages kept per file for the summary; all of them are in the quarantine table.
    public var messageLimit = 20

    /// - Parameters:
    ///   - now: the current hour, for the future rule (injected so tests control it).
    public init(store: SQLiteStore, qualityControl: QualityControl, now: @escaping () -> UTCHour) {
        self.store = store
        self.qualityControl = qualityControl
        self.now = now
    }

    private struct Abort: Error { let message: String; let status: ExitStatus }

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

        var targets: [String: HourlyWriter.Target] = [:]
        let importID: Int64
        let writer: HourlyWriter
        do {
            importID = try store.beginImport(source: canonical, layout: request.layout, feedCode: request.feed)
            writer = try store.hourlyWriter(importID: importID, batchSize: request.strict ? Int.max : request.batchSize)
        } catch {
            return fail(&result, "\(error)", .software)
        }

        var qc = request.qualityControl ?? qualityControl
        qc.now = now()
        if qc.hasSeriesRules {
            writer.beforeCommit = { writer, series in
                // Every series in a batch went through `targets`, so its station code is there.
                let codes = Dictionary(targets.map { ($0.value.stationID, $0.key) }, uniquingKeysWith: { first, _ in first })
                try self.applySeriesRules(qc, writer: writer, series: series, codes: codes, file: canonical, result: &result)
            }
        }
        var newestSeen: [Int64: Int] = [:]
        var counts = ImportCounts()

        func note(_ line: Int, _ message: String) {
            if result.messages.count < messageLimit { result.messages.append("\(path):\(line): \(message)") }
        }

        func target(for code: String) throws -> HourlyWriter.Target? {
            if let known = targets[code] { return known }
            if result.unknownStations[code] != nil { return nil }
            if let stored = try store.station(code: code) {
                targets[code] = HourlyWriter.Target(stored)
                return targets[code]
            }
            guard let zone = options.timeZone else { return nil }
            let created = try store.saveStation(Station(id: code, city: request.city, timeZone: zone))
            result.createdStations.append(code)
            targets[code] = HourlyWriter.Target(created)
            return targets[code]
        }

        /// Creates a station the source describes, or fills in the city and coordinates of a known one.
        func learn(_ info: StationInfo) throws {
            let city = info.city.map { request.cityAliases[$0] ?? $0 }
            if var known = try store.station(code: info.id) {
                guard known.station.city == nil && city != nil || known.station.latitude == nil && info.latitude != nil else { return }
                known.station.city = known.station.city ?? city
                known.station.name = known.station.name ?? info.name
                known.station.latitude = known.station.latitude ?? info.latitude
                known.station.longitude = known.station.longitude ?? info.longitude
                try store.saveStation(known.station)
                targets[info.id] = nil
                return
            }
            guard let zone = info.timeZone ?? options.timeZone else { return }
            let created = try store.saveStation(Station(id: info.id, name: info.name, city: city ?? request.city, timeZone: zone,
                                                        latitude: info.latitude, longitude: info.longitude))
            result.createdStations.append(info.id)
            targets[info.id] = HourlyWriter.Target(created)
        }

        func quarantine(_ reading: RawReading, _ reason: QuarantineReason, _ detail: String, value: Double? = nil, line: Int? = nil) throws {
            try writer.quarantine(QuarantineRecord(
                station: reading.station, hour: reading.hour, value: value ?? reading.value, reason: reason, detail: detail,
                file: canonical, line: line ?? reading.line
            ))
            counts.quarantined += 1
            result.quarantinedByReason[reason.rawValue, default: 0] += 1
        }

        let handle: (LayoutEvent) throws(LayoutError) -> Void = { event throws(LayoutError) in
            do {
                switch event {
                case .reading(let reading):
                    counts.readings += 1
                    guard let target = try target(for: reading.station) else {
                        if request.strict {
                            throw Abort(message: "\(path):\(reading.line): unknown station '\(reading.station)'", status: .dataError)
                        }
                        result.unknownStations[reading.station, default: 0] += 1
                        return
                    }
                    var reading = reading
                    switch qc.verdict(reading) {
                    case let .quarantine(reason, detail):
                        try quarantine(reading, reason, detail)
                        return
                    case .accept(let value):
                        reading.value = value
                    }
                    if let newest = newestSeen[target.stationID], reading.hour.value <= newest,
                       let earlier = try writer.existing(target, pollutant: .pm25, hour: reading.hour),
                       earlier.importID == importID, earlier.value != reading.value {
                        // Two values for one hour in one file: the later wins, the conflict is kept.
                        try quarantine(reading, .duplicate,
                                       "superseded by line \(reading.line) (value \(reading.value)) for the same station and hour",
                                       value: earlier.value, line: earlier.line)
                    }
                    newestSeen[target.stationID] = max(newestSeen[target.stationID] ?? Int.min, reading.hour.value)
                    switch try writer.put(target, pollutant: .pm25, hour: reading.hour, value: reading.value, line: reading.line) {
                    case .stored: counts.stored += 1
                    case .unchanged: counts.unchanged += 1
                    }
                case .missing:
                    counts.missing += 1
                case .station(let info):
                    try learn(info)
                case .warning(let message):
                    if !result.warnings.contains(message) { result.warnings.append(message) }
                case let .unknownStation(station, line):
                    counts.readings += 1
                    if request.strict {
                        throw Abort(message: "\(path):\(line): unknown station '\(station)'", status: .dataError)
                    }
                    result.unknownStations[station, default: 0] += 1
                case let .rejected(line, message, raw):
                    counts.rejected += 1
                    if request.strict {
                        throw Abort(message: "\(path):\(line): \(message)", status: .dataError)
                    }
                    note(line, message)
                    try writer.quarantine(QuarantineRecord(station: nil, pollutant: nil, hour: nil, value: nil, reason: .rejected,
                                                           detail: message, raw: raw, file: canonical, line: line))
                }
            } catch let error as LayoutError {
                throw error
            } catch let abort as Abort {
                throw LayoutError(file: nil, line: nil, message: abort.message, kind: .badRow)
            } catch {
                throw LayoutError(file: path, line: nil, message: "store failed: \(error)", kind: .noInput)
            }
        }

        var reader = LineReader(source: source)
        var failure: (message: String, status: ExitStatus)?
        do {
            let stop = request.stop
            counts.lines = try reader.forEachLine { line, number throws(LayoutError) in
                if let stop, stop.isSet {
                    throw LayoutError(file: path, line: number, message: "interrupted by shutdown; the open batch was rolled back and will be imported again", kind: .interrupted)
                }
                try layout.consume(line: line, number: number, emit: handle)
            }
            try layout.finish(emit: handle)
            try writer.finish()
        } catch let error as LayoutError {
            let message = request.strict && error.kind == .badRow
                ? "\(error.message); --strict: nothing from this file was stored"
                : error.description
            failure = (message, error.kind == .noInput ? .software : error.kind == .interrupted ? .tempFail : .dataError)
        } catch {
            failure = ("store failed: \(error)", .software)
        }
        if let failure {
            writer.rollback()
            result.counts = counts
            _ = try? store.finishImport(importID, counts: counts, status: "failed", message: failure.message)
            result.failure = failure.message
            result.status = failure.status
            return result
        }

        counts.quarantined += result.seriesQuarantined
        counts.stored -= min(counts.stored, result.seriesQuarantined)
        result.counts = counts
        if counts.rejected > 0 || !result.unknownStations.isEmpty { result.status = .dataError }
        if !result.unknownStations.isEmpty {
            let list = result.unknownStations.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
            result.failure = "unknown stations, rows not stored: \(list); give --timezone (and --city) to create them, or declare them in the config"
        }
        do {
            try store.finishImport(importID, counts: counts, status: result.status == .ok ? "ok" : "partial", message: result.failure)
        } catch {
            result.status = .software
            result.failure = "\(error)"
        }
        return result
    }

    /// Runs spike and flat-line on the stored series around the days a batch changed, and moves
    /// offenders from the hourly table to quarantine in the same transaction.
    private func applySeriesRules(_ qc: QualityControl, writer: HourlyWriter,
                                  series: [(target: HourlyWriter.Target, pollutant: Pollutant, days: [Int])],
                                  codes: [Int64: String], file: String, result: inout ImportResult) throws {
        for (target, pollutant, days) in series {
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
