import AirtrendDomain
import AirtrendNormalize
import AirtrendStore

/// The state of one import while its events arrive: station targets, quality control, counts.
///
/// Shared by archive files (events from a layout, line by line) and live feed pages (events
/// decoded from one response), so both go through the same cleaning and the same writer.
final class ImportSession {
    struct Abort: Error { let message: String; let status: ExitStatus }

    let store: any IngestStore
    let writer: any HourlyWriter
    private let importer: ArchiveImporter
    let importID: Int64
    let request: ImportRequest
    let options: LayoutOptions
    /// How messages name the input (a path, or a URL with secrets removed).
    let label: String
    /// What quarantine rows name as their file.
    let source: String
    var result: ImportResult
    var counts = ImportCounts()
    private var targets: [String: StationTarget] = [:]
    private var newestSeen: [Int64: Int] = [:]
    private var qc: QualityControl
    private let messageLimit: Int

    init(importer: ArchiveImporter, store: any IngestStore, writer: any HourlyWriter, importID: Int64, request: ImportRequest,
         options: LayoutOptions, label: String, source: String, result: ImportResult) {
        self.store = store
        self.writer = writer
        self.importID = importID
        self.request = request
        self.options = options
        self.label = label
        self.source = source
        self.result = result
        self.messageLimit = importer.messageLimit
        qc = request.qualityControl ?? importer.qualityControl
        qc.now = importer.now()
        // Series rules judge a batch's hours on the stored series before it commits, so the session
        // decides when a batch commits instead of the writer.
        writer.autoCommit = !qc.hasSeriesRules
        self.importer = importer
    }

    /// Commits the open batch, after the series rules (when on) have moved their offenders to quarantine.
    func commit() throws {
        if qc.hasSeriesRules {
            // Every series in a batch went through `targets`, so its station code is there.
            let codes = Dictionary(targets.map { ($0.value.stationID, $0.key) }, uniquingKeysWith: { first, _ in first })
            try importer.applySeriesRules(qc, writer: writer, series: writer.pendingSeries, codes: codes, file: source, result: &result)
        }
        try writer.commit()
    }

    /// The result with the counts settled (series-rule removals move from stored to quarantined).
    func finalResult() -> ImportResult {
        var result = self.result
        var counts = self.counts
        counts.quarantined += result.seriesQuarantined
        counts.stored -= min(counts.stored, result.seriesQuarantined)
        result.counts = counts
        if counts.rejected > 0 || !result.unknownStations.isEmpty { result.status = .dataError }
        if !result.unknownStations.isEmpty {
            let list = result.unknownStations.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
            result.failure = "unknown stations, rows not stored: \(list); give --timezone (and --city) to create them, or declare them in the config"
        }
        return result
    }

    private func note(_ line: Int, _ message: String) {
        if result.messages.count < messageLimit { result.messages.append("\(label):\(line): \(message)") }
    }

    private func target(for code: String) throws -> StationTarget? {
        if let known = targets[code] { return known }
        if result.unknownStations[code] != nil { return nil }
        if let stored = try store.station(code: code) {
            targets[code] = StationTarget(stored)
            return targets[code]
        }
        guard let zone = options.timeZone else { return nil }
        let created = try store.saveStation(Station(id: code, city: request.city, timeZone: zone))
        result.createdStations.append(code)
        targets[code] = StationTarget(created)
        return targets[code]
    }

    /// Creates a station the source describes, or fills in the city and coordinates of a known one.
    private func learn(_ info: StationInfo) throws {
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
        targets[info.id] = StationTarget(created)
    }

    private func quarantine(_ reading: RawReading, _ reason: QuarantineReason, _ detail: String, value: Double? = nil, line: Int? = nil) throws {
        try writer.quarantine(QuarantineRecord(
            station: reading.station, hour: reading.hour, value: value ?? reading.value, reason: reason, detail: detail,
            raw: reading.raw, file: source, line: line ?? reading.line
        ))
        counts.quarantined += 1
        result.quarantinedByReason[reason.rawValue, default: 0] += 1
    }

    /// The event handler a layout or a feed page feeds; row problems become quarantine rows,
    /// store failures and `--strict` rejections are thrown as ``LayoutError``.
    var handler: (ReadingEvent) throws(LayoutError) -> Void {
        { [unowned self] event throws(LayoutError) in
            do {
                try self.handle(event)
            } catch let error as LayoutError {
                throw error
            } catch let abort as Abort {
                throw LayoutError(file: nil, line: nil, message: abort.message, kind: .badRow)
            } catch {
                throw LayoutError(file: label, line: nil, message: "store failed: \(error)", kind: .noInput)
            }
        }
    }

    private func handle(_ event: ReadingEvent) throws {
        switch event {
        case .reading(let reading):
            counts.readings += 1
            guard let target = try target(for: reading.station) else {
                if request.strict {
                    throw Abort(message: "\(label):\(reading.line): unknown station '\(reading.station)'", status: .dataError)
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
            // With the rule off the lookup is skipped too: the upsert below replaces the earlier value.
            if qc.quarantineDuplicates, let newest = newestSeen[target.stationID], reading.hour.value <= newest,
               let earlier = try writer.existing(target, pollutant: .pm25, hour: reading.hour),
               earlier.importID == importID, earlier.value != reading.value {
                // Two values for one hour in one input: the later wins, the conflict is kept.
                try quarantine(reading, .duplicate,
                               "superseded by line \(reading.line) (value \(reading.value)) for the same station and hour",
                               value: earlier.value, line: earlier.line)
            }
            newestSeen[target.stationID] = max(newestSeen[target.stationID] ?? Int.min, reading.hour.value)
            switch try writer.put(target, pollutant: .pm25, hour: reading.hour, value: reading.value, line: reading.line, raw: reading.raw) {
            case .stored: counts.stored += 1
            case .unchanged: counts.unchanged += 1
            }
            if !writer.autoCommit && writer.isBatchFull { try commit() }
        case .missing:
            counts.missing += 1
        case .station(let info):
            try learn(info)
        case .warning(let message):
            if !result.warnings.contains(message) { result.warnings.append(message) }
        case let .unknownStation(station, line):
            counts.readings += 1
            if request.strict {
                throw Abort(message: "\(label):\(line): unknown station '\(station)'", status: .dataError)
            }
            result.unknownStations[station, default: 0] += 1
        case let .rejected(line, message, raw):
            counts.rejected += 1
            if request.strict {
                throw Abort(message: "\(label):\(line): \(message)", status: .dataError)
            }
            note(line, message)
            try writer.quarantine(QuarantineRecord(station: nil, pollutant: nil, hour: nil, value: nil, reason: .rejected,
                                                   detail: message, raw: raw, file: source, line: line))
        }
    }
}
