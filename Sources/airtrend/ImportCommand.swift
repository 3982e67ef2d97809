import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import AirtrendNormalize
import ArgumentParser
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import archive files (streaming) into the store.",
        discussion: """
            Layouts: \(LayoutRegistry.layouts.map { "\($0.name) (\($0.timeConvention))" }.joined(separator: "; ")).
            Exit status: 0 all rows stored or quarantined; 65 some rows or files rejected; 66 a file missing; 64 bad options.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Layout of the files: \(LayoutRegistry.names.joined(separator: ", ")).")
    var layout: String

    @Option(help: "Station every row belongs to (created with --timezone if the store does not know it).")
    var station: String?

    @Option(help: "City of stations this import creates.")
    var city: String?

    @Option(help: "Time zone of times without an offset, and of stations this import creates (Asia/Shanghai, UTC+8, +08:00).")
    var timezone: String?

    @Option(help: "csv: column holding the PM2.5 value (µg/m³).")
    var valueColumn: String?

    @Option(help: "csv: column holding the time; use with --time-format.")
    var timeColumn: String?

    @Option(help: "csv: strftime-style format of --time-column, e.g. '%Y-%m-%d %H:%M' or '%Y-%m-%dT%H:%M:%SZ'.")
    var timeFormat: String?

    @Option(help: "csv: YEAR,MONTH,DAY,HOUR column names instead of --time-column.")
    var dateColumns: String?

    @Option(help: "Token meaning no value (repeatable; default NA, empty and -999).")
    var missing: [String] = []

    @Flag(help: "csv: a time label marks the end of its hour (13:00 is 12:00–13:00).")
    var hourEnding = false

    @Option(help: "csv: column naming each row's station.")
    var stationColumn: String?

    @Option(help: "csv: field delimiter (default ',').")
    var delimiter: String?

    @Option(help: "cnemc-sites: the station list (code, name, city, longitude, latitude) that resolves station codes.")
    var stations: String?

    @Flag(help: "Quarantine spikes: more than 4 × the median of the ±3-hour neighbours and above 100 µg/m³.")
    var spike = false

    @Option(help: "Quarantine runs of the same non-zero value lasting at least this many hours.")
    var flatLine: Int?

    @Option(help: "Store values in [-X, 0) as 0 instead of quarantining them.")
    var negativeTolerance: Double?

    @Flag(name: .customLong("no-duplicate-rule"),
          help: "Two values for one station and hour: store the later without quarantining the earlier as duplicate.")
    var noDuplicateRule = false

    @Flag(help: "Reject the whole file, writing nothing, if any row is rejected.")
    var strict = false

    @Option(help: "Hours per transaction.")
    var batchSize = 250_000

    @Flag(help: "Print only problems, not the per-file summary.")
    var quiet = false

    @Argument(help: "Files to import.")
    var files: [String]

    func run() throws {
        let configuration = try store.loadConfiguration()
        var options = LayoutOptions()
        options.station = station
        options.valueColumn = valueColumn
        options.timeColumn = timeColumn
        options.timeFormat = timeFormat
        options.dateColumns = dateColumns.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) } }
        options.missing = missing.isEmpty ? nil : missing
        options.hourEnding = hourEnding
        options.stationColumn = stationColumn
        options.delimiter = delimiter
        options.stations = stations
        if let timezone {
            do throws(DomainError) { options.timeZone = try StationTimeZone(timezone) } catch { throw CommandFailure("--timezone: \(error.message)", .usage) }
        }
        do {
            _ = try LayoutRegistry.make(named: layout, options: options, file: "")
        } catch {
            throw CommandFailure(error.description, .usage)
        }
        let sqlite = try store.openStore(configuration)
        for station in configuration.stations { try sqlite.saveStation(station) }
        var qc = QualityControl.defaults(forKind: layout, plausibleMaximum: configuration.plausibleMaximum)
        if spike { qc.spike = SeriesRules.Spike() }
        if let flatLine { qc.flatLineHours = flatLine >= 2 ? flatLine : nil }
        if let negativeTolerance { qc.negativeTolerance = negativeTolerance > 0 ? negativeTolerance : nil }
        if noDuplicateRule { qc.quarantineDuplicates = false }
        let importer = FileImporter(qualityControl: qc, now: { UTCHour(Int(Date().timeIntervalSince1970).floorDiv(3600)) })
        var request = ImportRequest(layout: layout, options: options, city: city, strict: strict, batchSize: batchSize)
        request.cityAliases = configuration.cityAliases
        var outcome = IngestOutcome.ok
        var warned: Set<String> = []
        for file in files {
            var result = importer.importFile(file, request: request, into: sqlite)
            outcome = outcome.worst(result.outcome)
            // The same station list warns once per run, not once per day file.
            result.warnings = result.warnings.filter { warned.insert($0).inserted }
            printImportResult(result, quiet: quiet)
        }
        if outcome != .ok { throw ExitCode(ExitStatus(outcome).rawValue) }
    }
}

/// Prints an import's summary to standard output and its problems to standard error.
func printImportResult(_ result: ImportResult, quiet: Bool) {
    if !quiet { print(result.summaryLine) }
    if result.createdStations.count > 5 {
        printError("created \(result.createdStations.count) stations: \(result.createdStations.prefix(5).joined(separator: ", ")), …")
    } else {
        for station in result.createdStations { printError("created station \(station)") }
    }
    for warning in result.warnings { printError("warning: \(warning)") }
    for message in result.messages { printError(message) }
    let hidden = result.counts.rejected - result.messages.count
    if hidden > 0 { printError("… and \(hidden) more rejected rows: airtrend quarantine --reason rejected") }
    if let failure = result.failure { printError("airtrend: \(result.file): \(failure)") }
}
