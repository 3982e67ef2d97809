import AirtrendConfig
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

    @Option(help: "Role of stations this import creates: assessment (default; counts in its city's figures), background, traffic or other. A network station list's control-point marker (对照点 = Y) makes background unless --role is given.")
    var role: String?

    @Option(help: "Time zone of times without an offset, and of stations this import creates (Asia/Shanghai, UTC+8, +08:00).")
    var timezone: String?

    @Option(help: layoutHelp("value_column"))
    var valueColumn: String?

    @Option(help: layoutHelp("time_column"))
    var timeColumn: String?

    @Option(help: layoutHelp("time_format"))
    var timeFormat: String?

    @Option(help: layoutHelp("date_columns"))
    var dateColumns: String?

    @Option(help: layoutHelp("missing"))
    var missing: [String] = []

    @Flag(help: layoutHelp("hour_ending"))
    var hourEnding = false

    @Option(help: layoutHelp("station_column"))
    var stationColumn: String?

    @Option(help: layoutHelp("delimiter"))
    var delimiter: String?

    @Option(help: layoutHelp("station_list"))
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
    var batchSize = AirtrendConfiguration.defaultImportBatchSize

    @Flag(help: "Print only problems, not the per-file summary.")
    var quiet = false

    @Argument(help: "Files to import.")
    var files: [String]

    @Option(name: .customLong("option"), help: "KEY=VALUE: any option the layout declares, by its config key (repeatable).")
    var extraOptions: [String] = []

    /// The layout options given on the command line, by their config keys.
    ///
    /// The flags above are the options of the bundled layouts; `--option` reaches any key a layout
    /// declares, so a new layout needs no new flag.
    private func optionValues() throws -> OptionValues {
        var values = OptionValues()
        let given: [(String, String?)] = [
            ("station", station), ("value_column", valueColumn), ("time_column", timeColumn), ("time_format", timeFormat),
            ("station_column", stationColumn), ("delimiter", delimiter), ("station_list", stations), ("timezone", timezone),
        ]
        for case let (key, value?) in given { values[key] = .string(value) }
        if let dateColumns { values["date_columns"] = .string(dateColumns) }
        if !missing.isEmpty { values["missing"] = .list(missing) }
        if hourEnding { values["hour_ending"] = .bool(true) }
        for item in extraOptions {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw CommandFailure("--option: expected KEY=VALUE, such as --option value_column=pm25, got '\(item)'", .usage)
            }
            let key = String(item[..<equals]), value = String(item[item.index(after: equals)...])
            let spec = (try? LayoutRegistry.layout(named: layout)).flatMap { LayoutRegistry.specs(of: $0).first { $0.key == key } }
            switch spec?.kind {
            case .flag: values[key] = .bool(["true", "yes", "1", ""].contains(value.lowercased()))
            case .list: values[key] = .list(value.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            default: values[key] = .string(value)
            }
        }
        return values
    }

    func run() throws {
        let configuration = try store.loadConfiguration()
        let options = try optionValues()
        var stationRole: StationRole?
        if let role {
            do throws(DomainError) { stationRole = try StationRole.named(role) } catch { throw CommandFailure("--role: \(error.message)", .usage) }
        }
        if let timezone {
            do throws(DomainError) { _ = try StationTimeZone(timezone) } catch { throw CommandFailure("--timezone: \(error.message)", .usage) }
        }
        let layoutType: any ArchiveLayout.Type
        do {
            layoutType = try LayoutRegistry.layout(named: layout)
            try LayoutRegistry.checkOptions(named: layout, values: options)
        } catch {
            throw CommandFailure(error.description, .usage)
        }
        let sqlite = try store.openStore(configuration)
        for station in configuration.stations { try sqlite.saveStation(station) }
        var qc = QualityControl(defaults: layoutType.qualityDefaults, plausibleMaximum: configuration.plausibleMaximum)
        if spike { qc.spike = SeriesRules.Spike() }
        if let flatLine { qc.flatLineHours = flatLine >= 2 ? flatLine : nil }
        if let negativeTolerance { qc.negativeTolerance = negativeTolerance > 0 ? negativeTolerance : nil }
        if noDuplicateRule { qc.quarantineDuplicates = false }
        let importer = FileImporter(qualityControl: qc, now: { UTCHour(Int(Date().timeIntervalSince1970).floorDiv(3600)) })
        var request = ImportRequest(layout: layout, options: options, city: city, strict: strict, batchSize: batchSize)
        request.role = stationRole
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
    if !quiet { printText(oneLine(result.summaryLine)) }
    if result.createdStations.count > 5 {
        printError("created \(result.createdStations.count) stations: \(result.createdStations.prefix(5).map(oneLine).joined(separator: ", ")), …")
    } else {
        for station in result.createdStations { printError("created station \(oneLine(station))") }
    }
    for warning in result.warnings { printError("warning: \(oneLine(warning))") }
    for message in result.messages { printError(oneLine(message)) }
    let hidden = result.counts.rejected - result.messages.count
    if hidden > 0 { printError("… and \(hidden) more rejected rows: airtrend quarantine --reason rejected") }
    if let failure = result.failure { printError("airtrend: \(oneLine(result.file)): \(oneLine(failure))") }
}

/// The help text of a layout option, from the layouts' own declarations: which layouts read it, and what it means.
func layoutHelp(_ key: String) -> ArgumentHelp {
    let readers = LayoutRegistry.layouts.filter { LayoutRegistry.specs(of: $0).contains { $0.key == key } }
    let summary = readers.lazy.compactMap { LayoutRegistry.specs(of: $0).first { $0.key == key }?.summary }.first ?? ""
    let names = readers.count == LayoutRegistry.layouts.count ? "" : readers.map { $0.name }.joined(separator: ", ") + ": "
    return ArgumentHelp(names + summary)
}
