import AirtrendDomain
import Foundation
import Yams

/// Reads `airtrend.yaml` and reports every problem at once, with key paths and lines.
///
/// Everything that can be judged from the file alone is judged here: keys, types, stations,
/// cities and regions, and each feed's own options against the declarations of its kind (through
/// the ``FeedKindCatalogue`` the caller gives). What needs the environment (API keys, files the
/// options name, schedules) is the configuration checker's; both name keys the same way
/// (`feeds.<id>.<key>`).
public struct ConfigurationLoader: Sendable {
    static let topKeys: Set<String> = ["database", "profile", "stations", "feeds", "report", "quality", "include", "cities", "regions", "daemon",
                                       "metrics_file", "html_report", "published", "import"]
    /// What an included file may hold.
    static let includeKeys: Set<String> = ["stations", "cities", "regions", "published"]
    static let stationKeys: Set<String> = ["id", "name", "city", "timezone", "latitude", "longitude", "role", "in_service"]
    static let reportKeys: Set<String> = ["station", "city", "region", "baseline", "from", "to"]
    static let htmlReportKeys: Set<String> = ["path", "scopes", "baseline"]

    /// The kinds feeds may name, with their options; nil accepts any kind and any option (for tools
    /// that only need the file's structure).
    let catalogue: (any FeedKindCatalogue)?

    public init(catalogue: (any FeedKindCatalogue)? = nil) {
        self.catalogue = catalogue
    }

    /// Loads and validates the file at `path`.
    public func load(path: String) throws(ConfigurationError) -> AirtrendConfiguration {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(problems: [.init(file: path, line: nil, key: "(file)", message: "cannot read the file (missing, unreadable or not UTF-8)")])
        }
        return try parse(text, file: absolute)
    }

    /// Parses configuration text; `file` names it in errors and anchors relative paths.
    public func parse(_ text: String, file: String) throws(ConfigurationError) -> AirtrendConfiguration {
        var reader = ConfigurationReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(problems: [.init(file: file, line: nil, key: "(file)", message: "not valid YAML: \(error)")])
        }
        let base = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        var config = AirtrendConfiguration(file: file, database: base + "/" + AirtrendConfiguration.defaultDatabase)
        guard let root, let top = reader.mapping(root, key: "(top level)", allowed: Self.topKeys) else {
            if root == nil { return config }
            throw ConfigurationError(problems: reader.problems)
        }
        readSettings(top, base: base, into: &config, reader: &reader)
        readIncludes(top, base: base, into: &config, reader: &reader)
        readSections(top, into: &config, reader: &reader)
        readFeeds(top, base: base, into: &config, reader: &reader)
        checkGeography(&config, reader: &reader)
        checkPublished(&config, reader: &reader)
        readReport(top, into: &config, reader: &reader)
        if let node = top["html_report"] {
            config.htmlReport = readHTMLReport(node, base: base, regions: config.regions, reader: &reader)
        }
        if !reader.problems.isEmpty { throw ConfigurationError(problems: reader.problems, partial: config) }
        return config
    }

    /// `database`, `profile`, `metrics_file`, `daemon` and the top-level `quality`.
    private func readSettings(_ top: [String: Node], base: String, into config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        if let node = top["database"], let path = reader.string(node, key: "database") {
            config.database = path.hasPrefix("/") ? path : base + "/" + path
        }
        if let node = top["profile"], let name = reader.string(node, key: "profile") {
            do throws(DomainError) {
                config.profile = try ValidityProfile.named(name).name
            } catch {
                reader.problem(node, key: "profile", error.message)
            }
        }
        if let node = top["metrics_file"], let path = reader.string(node, key: "metrics_file") {
            config.metricsFile = path.hasPrefix("/") ? path : base + "/" + path
        }
        if let node = top["daemon"], let daemon = reader.mapping(node, key: "daemon", allowed: ["shutdown_timeout", "max_concurrent_feeds"]) {
            if let timeout = daemon["shutdown_timeout"] {
                if let seconds = DurationText.seconds(timeout.string ?? ""), seconds >= 0 { config.shutdownTimeoutSeconds = seconds }
                else { reader.problem(timeout, key: "daemon.shutdown_timeout", "expected a duration such as 20s, 2m or 20") }
            }
            if let limit = daemon["max_concurrent_feeds"] {
                if let value = limit.int, value >= 1 { config.maxConcurrentFeeds = value }
                else { reader.problem(limit, key: "daemon.max_concurrent_feeds", "expected a whole number ≥ 1") }
            }
        }
        if let node = top["import"], let imports = reader.mapping(node, key: "import", allowed: ["batch_size"]), let size = imports["batch_size"] {
            if let value = size.int, value >= 1 { config.importBatchSize = value }
            else { reader.problem(size, key: "import.batch_size", "expected a whole number ≥ 1 (hours per transaction)") }
        }
        if let node = top["quality"], let quality = reader.mapping(node, key: "quality", allowed: ["plausible_maximum"]),
           let maxNode = quality["plausible_maximum"] {
            if let value = maxNode.float, value > 0 { config.plausibleMaximum = value }
            else { reader.problem(maxNode, key: "quality.plausible_maximum", "expected a positive number (µg/m³)") }
        }
    }

    /// Further files (relative to this one) holding `stations`, `cities` and `regions`.
    private func readIncludes(_ top: [String: Node], base: String, into config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        guard let node = top["include"] else { return }
        for (index, item) in reader.sequence(node, key: "include").enumerated() {
            guard let relative = reader.string(item, key: "include[\(index)]") else { continue }
            let path = relative.hasPrefix("/") ? relative : base + "/" + relative
            guard let data = FileManager.default.contents(atPath: path), let included = String(data: data, encoding: .utf8) else {
                reader.problem(item, key: "include[\(index)]", "cannot read \(path)")
                continue
            }
            var inner = ConfigurationReader(file: path)
            do {
                if let node = try Yams.compose(yaml: included), let map = inner.mapping(node, key: "(top level)", allowed: Self.includeKeys) {
                    readSections(map, into: &config, reader: &inner)
                }
            } catch {
                inner.problems.append(.init(file: path, line: nil, key: "(file)", message: "not valid YAML: \(error)"))
            }
            reader.problems += inner.problems
            reader.regionMembers += inner.regionMembers
            reader.published += inner.published
        }
    }

    /// Regions name declared cities; a configured station's city should belong to a region.
    private func checkGeography(_ config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        let declared = Set(config.cities.map(\.name))
        for member in reader.regionMembers where !declared.contains(member.city) {
            reader.problems.append(.init(file: member.file, line: member.line, key: member.key,
                                         message: "unknown city '\(member.city)': declare it under cities: (name and aliases)"))
        }
        guard !config.regions.isEmpty else { return }
        let inRegions = Set(config.regions.flatMap(\.cities))
        for (index, station) in config.stations.enumerated() {
            if let city = station.city, !inRegions.contains(city) {
                config.warnings.append("\(reader.file): stations[\(index)].city: city '\(city)' of station \(station.id) is in no region")
            }
        }
    }

    /// Published figures name a scope the configuration knows, each (scope, year) once: judged once every
    /// file is read, since a region or city may be declared in another include.
    private func checkPublished(_ config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        let cities = Set(config.cities.map(\.name) + config.stations.compactMap(\.city))
        var seen: [String: PublishedEntry] = [:]
        for entry in reader.published {
            let figure = entry.figure
            let parts = figure.scope.split(separator: ":", maxSplits: 1).map(String.init)
            let known: Bool
            switch (parts.first, parts.count == 2 ? parts[1] : nil) {
            case ("city", let name?): known = cities.contains(name)
            case ("region", let id?): known = config.regions.contains { $0.id == id }
            case ("station", let id?): known = config.stations.contains { $0.id == id }
            default:
                reader.problems.append(.init(file: entry.file, line: entry.scopeLine, key: "\(entry.key).scope",
                                             message: "expected city:NAME, region:ID or station:ID, got '\(figure.scope)'"))
                continue
            }
            guard known else {
                let what = parts[0] == "city" ? "a city declared under cities: or named by a station"
                    : parts[0] == "region" ? "a region under regions: (\(config.regions.map(\.id).joined(separator: ", ")))" : "a station under stations:"
                reader.problems.append(.init(file: entry.file, line: entry.scopeLine, key: "\(entry.key).scope",
                                             message: "unknown scope '\(figure.scope)': expected \(what)"))
                continue
            }
            let identity = "\(figure.scope)|\(figure.year)"
            if let first = seen[identity] {
                reader.problems.append(.init(file: entry.file, line: entry.yearLine, key: "\(entry.key).year",
                                             message: "\(figure.scope) \(figure.year) is published twice (first at \(first.file)\(first.yearLine.map { ":\($0)" } ?? "")); keep one value per scope and year, and say in its note why another exists"))
                continue
            }
            seen[identity] = entry
            config.published.append(figure)
        }
    }

    /// `report:`: the scope `run --once` reports, its baseline and years.
    private func readReport(_ top: [String: Node], into config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        guard let node = top["report"], let report = reader.mapping(node, key: "report", allowed: Self.reportKeys) else { return }
        let station = report["station"].flatMap { reader.string($0, key: "report.station") }
        if let station, !config.stations.contains(where: { $0.id == station }) {
            reader.problem(report["station"]!, key: "report.station", "unknown station '\(station)'")
        }
        func year(_ name: String) -> Int? {
            guard let n = report[name] else { return nil }
            guard let y = n.int, (1900...2200).contains(y) else {
                reader.problem(n, key: "report.\(name)", "expected a year such as 2013")
                return nil
            }
            return y
        }
        let city = report["city"].flatMap { reader.string($0, key: "report.city") }
        let region = report["region"].flatMap { reader.string($0, key: "report.region") }
        if [station, city, region].compactMap({ $0 }).count > 1 {
            reader.problem(node, key: "report", "give one of station, city or region")
        }
        if let region, !config.regions.contains(where: { $0.id == region }) {
            reader.problem(report["region"]!, key: "report.region", "unknown region '\(region)'")
        }
        config.report = ReportConfiguration(station: station, city: city, region: region, baseline: year("baseline") ?? 2013,
                                            from: year("from"), to: year("to"))
    }

    /// `html_report: {path: DIR, scopes: [station:ID | city:NAME | region:ID, ...], baseline: YEAR}`.
    ///
    /// Stations and cities are not checked against `stations:`: pages may cover stations a network
    /// import created. Regions live only in the configuration, so an unknown one is a problem here.
    private func readHTMLReport(_ node: Node, base: String, regions: [Region], reader: inout ConfigurationReader) -> HTMLReportConfiguration? {
        guard let map = reader.mapping(node, key: "html_report", allowed: Self.htmlReportKeys) else { return nil }
        let path = reader.required(map, "path", in: "html_report", node: node).map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        var scopes: [HTMLReportConfiguration.Scope] = []
        if let list = map["scopes"] {
            let items = reader.sequence(list, key: "html_report.scopes")
            if items.isEmpty && list.sequence != nil { reader.problem(list, key: "html_report.scopes", "expected at least one scope") }
            for (index, item) in items.enumerated() {
                let key = "html_report.scopes[\(index)]"
                guard let text = reader.string(item, key: key) else { continue }
                guard let scope = HTMLReportConfiguration.Scope(text) else {
                    reader.problem(item, key: key, "expected station:ID, city:NAME or region:ID, got '\(text)'")
                    continue
                }
                if scopes.contains(scope) { reader.problem(item, key: key, "duplicate scope '\(text)'") }
                if scope.kind == .region && !regions.contains(where: { $0.id == scope.id }) {
                    let known = regions.isEmpty ? "none configured" : regions.map(\.id).joined(separator: ", ")
                    reader.problem(item, key: key, "unknown region '\(scope.id)' (regions: \(known))")
                }
                scopes.append(scope)
            }
        } else {
            reader.problem(node, key: "html_report.scopes", "missing required key: the scopes to publish (station:ID, city:NAME or region:ID)")
        }
        var baseline: Int?
        if let n = map["baseline"] {
            if let year = n.int, (1900...2200).contains(year) { baseline = year }
            else { reader.problem(n, key: "html_report.baseline", "expected a year such as 2013") }
        }
        guard let path else { return nil }
        return HTMLReportConfiguration(path: path, scopes: scopes, baseline: baseline)
    }

    /// Reads `stations`, `cities` and `regions` from the top level of a file (the main one or an include).
    private func readSections(_ top: [String: Node], into config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        if let node = top["stations"] {
            for (index, item) in reader.sequence(node, key: "stations").enumerated() {
                if let station = readStation(item, key: "stations[\(index)]", reader: &reader) {
                    if config.stations.contains(where: { $0.id == station.id }) {
                        reader.problem(item, key: "stations[\(index)].id", "duplicate station id '\(station.id)'")
                    }
                    config.stations.append(station)
                }
            }
        }
        if let node = top["cities"] {
            for (index, item) in reader.sequence(node, key: "cities").enumerated() {
                let key = "cities[\(index)]"
                guard let map = reader.mapping(item, key: key, allowed: ["name", "aliases"]),
                      let name = reader.required(map, "name", in: key, node: item) else { continue }
                let aliases = map["aliases"].map { reader.sequence($0, key: "\(key).aliases").compactMap { $0.string } } ?? []
                if config.cities.contains(where: { $0.name == name }) {
                    reader.problem(item, key: "\(key).name", "duplicate city '\(name)'")
                }
                config.cities.append(City(name: name, aliases: aliases))
            }
        }
        if let node = top["published"] {
            for (index, item) in reader.sequence(node, key: "published").enumerated() {
                if let entry = readPublished(item, key: "published[\(index)]", reader: &reader) { reader.published.append(entry) }
            }
        }
        if let node = top["regions"] {
            for (index, item) in reader.sequence(node, key: "regions").enumerated() {
                let key = "regions[\(index)]"
                guard let map = reader.mapping(item, key: key, allowed: ["id", "name", "cities"]),
                      let id = reader.required(map, "id", in: key, node: item) else { continue }
                var cities: [String] = []
                if let list = map["cities"] {
                    for (c, cityNode) in reader.sequence(list, key: "\(key).cities").enumerated() {
                        guard let city = reader.string(cityNode, key: "\(key).cities[\(c)]") else { continue }
                        cities.append(city)
                        reader.regionMembers.append((city, "\(key).cities[\(c)]", reader.file, cityNode.mark.map { $0.line }))
                    }
                } else {
                    reader.problem(item, key: "\(key).cities", "missing required key: the member cities")
                }
                if config.regions.contains(where: { $0.id == id }) {
                    reader.problem(item, key: "\(key).id", "duplicate region '\(id)'")
                }
                config.regions.append(Region(id: id, name: map["name"]?.string ?? id, cities: cities))
            }
        }
    }

    /// One `published:` entry: `{scope, year, value, source, note}`; the scope is judged later (``checkPublished``).
    private func readPublished(_ node: Node, key: String, reader: inout ConfigurationReader) -> PublishedEntry? {
        guard let map = reader.mapping(node, key: key, allowed: ["scope", "year", "value", "source", "note"]) else { return nil }
        let scope = reader.required(map, "scope", in: key, node: node)
        let source = reader.required(map, "source", in: key, node: node)
        var year: Int?
        if let n = map["year"] {
            if let y = n.int, (1900...2200).contains(y) { year = y } else { reader.problem(n, key: "\(key).year", "expected a year such as 2013") }
        } else {
            reader.problem(node, key: "\(key).year", "missing required key")
        }
        var value: Double?
        if let n = map["value"] {
            if let v = n.float, v.isFinite, v > 0 { value = v }
            else { reader.problem(n, key: "\(key).value", "expected a positive annual mean in µg/m³, got '\(n.string ?? "")'") }
        } else {
            reader.problem(node, key: "\(key).value", "missing required key")
        }
        let note = map["note"].flatMap { reader.string($0, key: "\(key).note") }
        guard let scope, let source, let year, let value else { return nil }
        return PublishedEntry(figure: PublishedFigure(scope: scope, year: year, value: value, source: source, note: note), file: reader.file, key: key,
                              scopeLine: map["scope"]?.mark.map { $0.line }, yearLine: map["year"]?.mark.map { $0.line })
    }

    private func readStation(_ node: Node, key: String, reader: inout ConfigurationReader) -> Station? {
        guard let map = reader.mapping(node, key: key, allowed: Self.stationKeys) else { return nil }
        guard let id = reader.required(map, "id", in: key, node: node) else { return nil }
        var zone = StationTimeZone.utc
        if let zoneNode = map["timezone"], let name = reader.string(zoneNode, key: "\(key).timezone") {
            do throws(DomainError) { zone = try StationTimeZone(name) } catch { reader.problem(zoneNode, key: "\(key).timezone", error.message) }
        } else if map["timezone"] == nil {
            reader.problem(node, key: "\(key).timezone", "missing: every station needs a time zone (e.g. Asia/Shanghai), which sets its day boundaries")
        }
        func coordinate(_ name: String, _ range: ClosedRange<Double>) -> Double? {
            guard let n = map[name] else { return nil }
            guard let v = n.float, range.contains(v) else {
                reader.problem(n, key: "\(key).\(name)", "expected a number in \(range.lowerBound)…\(range.upperBound)")
                return nil
            }
            return v
        }
        var role = StationRole.assessment
        if let n = map["role"], let text = reader.string(n, key: "\(key).role") {
            do throws(DomainError) { role = try StationRole.named(text) } catch { reader.problem(n, key: "\(key).role", error.message) }
        }
        return Station(
            id: id, name: map["name"].flatMap { reader.string($0, key: "\(key).name") },
            city: map["city"].flatMap { reader.string($0, key: "\(key).city") }, timeZone: zone,
            latitude: coordinate("latitude", -90...90), longitude: coordinate("longitude", -180...180),
            role: role, inService: map["in_service"].flatMap { readServicePeriod($0, key: "\(key).in_service", reader: &reader) }
        )
    }

    /// `in_service: {from: YYYY-MM-DD, to: YYYY-MM-DD}`, either end optional but not both.
    private func readServicePeriod(_ node: Node, key: String, reader: inout ConfigurationReader) -> ServicePeriod? {
        guard let map = reader.mapping(node, key: key, allowed: ["from", "to"]) else { return nil }
        func date(_ name: String) -> CivilDate? {
            guard let n = map[name] else { return nil }
            let parts = (n.string ?? "").split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2], let date = CivilDate(year: y, month: m, day: d) else {
                reader.problem(n, key: "\(key).\(name)", "expected a local date YYYY-MM-DD, got '\(n.string ?? "")'")
                return nil
            }
            return date
        }
        let period = ServicePeriod(from: date("from"), to: date("to"))
        if map["from"] == nil && map["to"] == nil {
            reader.problem(node, key: key, "expected from: and/or to: (local dates YYYY-MM-DD)")
            return nil
        }
        if let from = period.from, let to = period.to, to < from {
            reader.problem(node, key: key, "to \(to) is before from \(from)")
            return nil
        }
        return period
    }
}
