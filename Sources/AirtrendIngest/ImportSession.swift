import AirtrendDomain
import AirtrendNormalize
import AirtrendStore

/// The state of one import while its events arrive: station targets, quality control, counts.
///
/// Shared by archive files (events from a layout, line by line) and live feed pages (events
/// decoded from one response), so both go through the same cleaning and the same writer.
final class ImportSession {
    /// A `--strict` import stops at its first rejected row or unknown station.
    struct Abort: Error { let message: String }

    let store: any IngestStore
    let writer: any HourlyWriter
    let importID: Int64
    let request: ImportRequest
    /// Zone of stations this import creates from bare codes.
    let creationZone: StationTimeZone?
    /// How messages name the input (a path, or a URL with secrets removed).
    let label: String
    /// What quarantine rows name as their file.
    let source: String
    var result: ImportResult
    var counts = ImportCounts()
    private var targets: [String: StationTarget] = [:]
    private var newestSeen: [Int64: Int] = [:]
    private var qc: QualityControl
    /// Hours stored and values quarantined since the last commit: what a rollback takes back.
    private var openStored = 0
    private var openQuarantined = 0
    private var settledBatches = 0
    /// Whether an earlier import read the same source, by import id.
    private var sameSource: [Int64: Bool] = [:]
    private let messageLimit: Int

    /// - Parameters:
    ///   - qualityControl: the rules for this import, with `now` set from the caller's clock.
    ///   - messageLimit: row messages kept for the summary (all of them are in the quarantine table).
    init(store: any IngestStore, writer: any HourlyWriter, importID: Int64, request: ImportRequest, creationZone: StationTimeZone?,
         label: String, source: String, result: ImportResult, qualityControl: QualityControl, messageLimit: Int) {
        self.store = store
        self.writer = writer
        self.importID = importID
        self.request = request
        self.creationZone = creationZone
        self.label = label
        self.source = source
        self.result = result
        self.messageLimit = messageLimit
        qc = qualityControl
        // Series rules judge a batch's hours on the stored series before it commits, so the session
        // decides when a batch commits instead of the writer.
        writer.autoCommit = !qc.hasSeriesRules
    }

    /// Commits the open batch, after the series rules (when on) have moved their offenders to quarantine.
    func commit() throws {
        if qc.hasSeriesRules {
            // Every series in a batch went through `targets`, so its station code is there.
            let codes = Dictionary(targets.map { ($0.value.stationID, $0.key) }, uniquingKeysWith: { first, _ in first })
            try applySeriesRules(series: writer.pendingSeries, codes: codes)
        }
        try writer.commit()
        settle()
    }

    /// The result with the counts settled (series-rule removals move from stored to quarantined).
    func finalResult() -> ImportResult {
        var result = self.result
        var counts = self.counts
        counts.quarantined += result.seriesQuarantined
        counts.stored -= min(counts.stored, result.seriesQuarantined)
        result.counts = counts
        if counts.rejected > 0 || !result.unknownStations.isEmpty { result.outcome = result.outcome.worst(.rejectedInput) }
        if !result.unknownStations.isEmpty {
            let list = result.unknownStations.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
            result.failure = "unknown stations, rows not stored: \(list); give --timezone (and --city) to create them, or declare them in the config"
        }
        return result
    }

    private func note(_ line: Int, _ message: String) {
        if result.messages.count < messageLimit { result.messages.append("\(label):\(line): \(message)") }
    }

    /// The station's target when the store knows it.
    private func knownTarget(for code: String) throws -> StationTarget? {
        if let known = targets[code] { return known }
        if result.unknownStations[code] != nil { return nil }
        if let stored = try store.station(code: code) {
            targets[code] = StationTarget(stored)
            return targets[code]
        }
        return nil
    }

    /// Creates the station with the import's zone (nil without one).
    private func createTarget(for code: String) throws -> StationTarget? {
        guard let zone = creationZone else { return nil }
        let created = try store.saveStation(Station(id: code, city: request.city, timeZone: zone, role: request.role ?? .assessment))
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
        guard let zone = info.timeZone ?? creationZone else { return }
        // The command line's role first, then the source's (a control point is `background`), else assessment.
        let created = try store.saveStation(Station(id: info.id, name: info.name, city: city ?? request.city, timeZone: zone,
                                                    latitude: info.latitude, longitude: info.longitude,
                                                    role: request.role ?? info.role ?? .assessment))
        result.createdStations.append(info.id)
        targets[info.id] = StationTarget(created)
    }

    private func quarantine(_ reading: RawReading, _ reason: QuarantineReason, _ detail: String, value: Double? = nil, line: Int? = nil) throws {
        try writer.quarantine(QuarantineRecord(
            station: reading.station, hour: reading.hour, value: value ?? reading.value, reason: reason, detail: detail,
            raw: reading.raw, file: source, line: line ?? reading.line
        ))
        counts.quarantined += 1
        openQuarantined += 1
        result.quarantinedByReason[reason.rawValue, default: 0] += 1
    }

    /// Handles one event from a layout or a feed page: row problems become quarantine rows;
    /// a store failure throws the store's error, a `--strict` rejection throws ``Abort``.
    func handle(_ event: ReadingEvent) throws {
        switch event {
        case .reading(let reading):
            counts.readings += 1
            if let problem = StationCode.problem(reading.station) {
                try reject(reading.line, "station \(problem)", raw: reading.raw ?? "")
                return
            }
            // A reading is judged before its station is created: a rejected or quarantined value creates nothing.
            let known = try knownTarget(for: reading.station)
            if known == nil && creationZone == nil {
                if request.strict {
                    throw Abort(message: "\(label):\(reading.line): unknown station '\(reading.station)'")
                }
                result.unknownStations[reading.station, default: 0] += 1
                return
            }
            if let problem = qc.implausibleTime(reading.hour) {
                try reject(reading.line, problem, raw: reading.raw ?? "", station: reading.station, hour: reading.hour, value: reading.value)
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
            guard let target = try known ?? createTarget(for: reading.station) else { return }
            // With the rule off the lookup is skipped too: the upsert below replaces the earlier value.
            // One hash for the read and the update (the default subscript modifies in place): this runs per row.
            var atOrBeforeNewest = false
            func advance(_ newest: inout Int) { atOrBeforeNewest = reading.hour.value <= newest; newest = max(newest, reading.hour.value) }
            advance(&newestSeen[target.stationID, default: Int.min])
            if qc.quarantineDuplicates, atOrBeforeNewest,
               let earlier = try writer.existing(target, pollutant: .pm25, hour: reading.hour),
               try isThisInput(earlier.importID), earlier.value != reading.value {
                // Two values for one hour in one input: the later wins, the conflict is kept.
                try quarantine(reading, .duplicate,
                               "superseded by line \(reading.line) (value \(reading.value)) for the same station and hour",
                               value: earlier.value, line: earlier.line)
            }
            switch try writer.put(target, pollutant: .pm25, hour: reading.hour, value: reading.value, line: reading.line, raw: reading.raw) {
            case .stored:
                counts.stored += 1
                openStored += 1
            case .unchanged: counts.unchanged += 1
            }
            if writer.committedBatches != settledBatches { settle() }
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
                throw Abort(message: "\(label):\(line): unknown station '\(station)'")
            }
            result.unknownStations[station, default: 0] += 1
        case let .rejected(line, message, raw):
            try reject(line, message, raw: raw)
        }
    }

    /// Runs spike and flat-line on the stored series around the days a batch changed, and moves
    /// offenders from the hourly table to quarantine in the same transaction.
    private func applySeriesRules(series: [DirtySeriesDays], codes: [Int64: String]) throws {
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
                                                       reason: finding.reason, detail: finding.detail, file: source, line: nil))
                result.quarantinedByReason[finding.reason.rawValue, default: 0] += 1
                result.seriesQuarantined += 1
            }
        }
    }

    /// Forgets what a rollback would take back once the writer committed another batch.
    private func settle() {
        if writer.committedBatches != settledBatches {
            openStored = 0
            openQuarantined = 0
            settledBatches = writer.committedBatches
        }
    }

    /// The counts after the open batch was rolled back: only what the store holds.
    func countsAfterRollback() -> ImportCounts {
        var held = counts
        held.stored -= min(held.stored, openStored)
        held.quarantined -= min(held.quarantined, openQuarantined)
        return held
    }

    /// A row that is not data: counted, kept in quarantine as `rejected` with its line and reason,
    /// and under `--strict` the end of the import.
    private func reject(_ line: Int, _ message: String, raw: String, station: String? = nil, hour: UTCHour? = nil, value: Double? = nil) throws {
        counts.rejected += 1
        if request.strict {
            throw Abort(message: "\(label):\(line): \(message)")
        }
        note(line, message)
        try writer.quarantine(QuarantineRecord(station: station, pollutant: station == nil ? nil : .pm25, hour: hour, value: value,
                                               reason: .rejected, detail: message, raw: raw, file: source, line: line))
    }

    /// True when the stored value of an hour came from this input: this import, or an earlier import
    /// of the same source (a run interrupted by a crash), so a re-run keeps the same duplicate audit.
    private func isThisInput(_ otherImport: Int64) throws -> Bool {
        if otherImport == importID { return true }
        if let known = sameSource[otherImport] { return known }
        let same = try store.importSource(id: otherImport) == source
        sameSource[otherImport] = same
        return same
    }
}
