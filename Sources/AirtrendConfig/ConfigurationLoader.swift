import AirtrendDomain
import Foundation
import Yams

/// Reads `airtrend.yaml` and reports every problem at once, with key paths and lines.
public struct ConfigurationLoader: Sendable {
    /// Keys a feed may carry besides its layout's options.
    static let feedKeys: Set<String> = ["id", "kind", "url", "station", "schedule", "schedule_timezone", "jitter", "match", "quality"]
    /// Layout option keys a feed may carry; the layout checks which apply to it.
    public static let layoutOptionKeys: Set<String> = [
        "value_column", "date_columns", "time_column", "time_format", "missing", "hour_ending",
        "station_column", "timezone", "delimiter", "station_list",
    ]
    static let topKeys: Set<String> = ["database", "profile", "stations", "feeds", "report", "quality", "include", "cities", "regions", "daemon", "metrics_file", "html_report"]
    /// What an included file may hold.
    static let includeKeys: Set<String> = ["stations", "cities", "regions"]
    static let stationKeys: Set<String> = ["id", "name", "city", "timezone", "latitude", "longitude"]
    static let reportKeys: Set<String> = ["station", "city", "region", "baseline", "from", "to"]
    static let htmlReportKeys: Set<String> = ["path", "scopes", "baseline"]

    public init() {}

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
        var reader = Reader(file: file)
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
                if let seconds = Self.seconds(timeout.string ?? ""), seconds >= 0 { config.shutdownTimeoutSeconds = seconds }
                else { reader.problem(timeout, key: "daemon.shutdown_timeout", "expected a duration such as 20s, 2m or 20") }
            }
            if let limit = daemon["max_concurrent_feeds"] {
                if let value = limit.int, value >= 1 { config.maxConcurrentFeeds = value }
                else { reader.problem(limit, key: "daemon.max_concurrent_feeds", "expected a whole number ≥ 1") }
            }
        }
        if let node = top["quality"], let quality = reader.mapping(node, key: "quality", allowed: ["plausible_maximum"]),
           let maxNode = quality["plausible_maximum"] {
            if let value = maxNode.float, value > 0 { config.plausibleMaximum = value }
            else { reader.problem(maxNode, key: "quality.plausible_maximum", "expected a positive number (µg/m³)") }
        }
        if let node = top["include"] {
            for (index, item) in reader.sequence(node, key: "include").enumerated() {
                guard let relative = reader.string(item, key: "include[\(index)]") else { continue }
                let path = relative.hasPrefix("/") ? relative : base + "/" + relative
                guard let data = FileManager.default.contents(atPath: path), let included = String(data: data, encoding: .utf8) else {
                    reader.problem(item, key: "include[\(index)]", "cannot read \(path)")
                    continue
                }
                var inner = Reader(file: path)
                do {
                    if let node = try Yams.compose(yaml: included), let map = inner.mapping(node, key: "(top level)", allowed: Self.includeKeys) {
                        readSections(map, into: &config, reader: &inner)
                    }
                } catch {
                    inner.problems.append(.init(file: path, line: nil, key: "(file)", message: "not valid YAML: \(error)"))
                }
                reader.problems += inner.problems
                reader.regionMembers += inner.regionMembers
            }
        }
        readSections(top, into: &config, reader: &reader)
        if let node = top["feeds"] {
            for (index, item) in reader.sequence(node, key: "feeds").enumerated() {
                if let feed = readFeed(item, key: "feeds[\(index)]", reader: &reader) {
                    if config.feeds.contains(where: { $0.id == feed.id }) {
                        reader.problem(item, key: "feeds[\(index)].id", "duplicate feed id '\(feed.id)'")
                    }
                    if let station = feed.station, !config.stations.contains(where: { $0.id == station }) {
                        reader.problem(item, key: "feeds[\(index)].station", "unknown station '\(station)': declare it under stations:")
                    }
                    config.feeds.append(feed)
                }
            }
        }
        // Geography: regions name declared cities; a configured station's city should belong to a region.
        let declared = Set(config.cities.map(\.name))
        for member in reader.regionMembers where !declared.contains(member.city) {
            reader.problems.append(.init(file: member.file, line: member.line, key: member.key,
                                         message: "unknown city '\(member.city)': declare it under cities: (name and aliases)"))
        }
        if !config.regions.isEmpty {
            let inRegions = Set(config.regions.flatMap(\.cities))
            for (index, station) in config.stations.enumerated() {
                if let city = station.city, !inRegions.contains(city) {
                    config.warnings.append("\(file): stations[\(index)].city: city '\(city)' of station \(station.id) is in no region")
                }
            }
        }
        if let node = top["report"], let report = reader.mapping(node, key: "report", allowed: Self.reportKeys) {
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
        if let node = top["html_report"] {
            config.htmlReport = readHTMLReport(node, base: base, regions: config.regions, reader: &reader)
        }
        if !reader.problems.isEmpty { throw ConfigurationError(problems: reader.problems) }
        return config
    }

    /// `html_report: {path: DIR, scopes: [station:ID | city:NAME | region:ID, ...], baseline: YEAR}`.
    ///
    /// Stations and cities are not checked against `stations:`: pages may cover stations a network
    /// import created. Regions live only in the configuration, so an unknown one is a problem here.
    private func readHTMLReport(_ node: Node, base: String, regions: [Region], reader: inout Reader) -> HTMLReportConfiguration? {
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
    private func readSections(_ top: [String: Node], into config: inout AirtrendConfiguration, reader: inout Reader) {
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

    private func readStation(_ node: Node, key: String, reader: inout Reader) -> Station? {
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
        return Station(
            id: id, name: map["name"].flatMap { reader.string($0, key: "\(key).name") },
            city: map["city"].flatMap { reader.string($0, key: "\(key).city") }, timeZone: zone,
            latitude: coordinate("latitude", -90...90), longitude: coordinate("longitude", -180...180)
        )
    }

    private func readFeed(_ node: Node, key: String, reader: inout Reader) -> FeedConfiguration? {
        guard let map = reader.mapping(node, key: key, allowed: Self.feedKeys.union(Self.layoutOptionKeys).union(LiveFeedSettings.keys).union(LiveFeedSettings.kindOptionKeys)) else { return nil }
        guard let id = reader.required(map, "id", in: key, node: node),
              let kind = reader.required(map, "kind", in: key, node: node),
              let url = reader.required(map, "url", in: key, node: node) else { return nil }
        var options: [String: ConfigurationValue] = [:]
        for option in Self.layoutOptionKeys {
            guard let value = map[option] else { continue }
            if let items = value.sequence {
                options[option] = .list(items.compactMap { $0.string })
            } else if option == "hour_ending" {
                if let flag = value.bool { options[option] = .bool(flag) }
                else { reader.problem(value, key: "\(key).\(option)", "expected true or false") }
            } else if let text = value.string {
                options[option] = option == "date_columns" || option == "missing"
                    ? .list(text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) })
                    : .string(text)
            }
        }
        var jitter: Int?
        if let node = map["jitter"] {
            if let seconds = Self.seconds(node.string ?? ""), seconds >= 0 { jitter = Int(seconds) }
            else { reader.problem(node, key: "\(key).jitter", "expected a duration such as 30s, 5m or 300") }
        }
        var feed = FeedConfiguration(
            id: id, kind: kind, url: url, station: map["station"].flatMap { reader.string($0, key: "\(key).station") },
            schedule: map["schedule"].flatMap { reader.string($0, key: "\(key).schedule") },
            match: map["match"].flatMap { reader.string($0, key: "\(key).match") }, options: options,
            line: node.mark.map { $0.line }
        )
        if let node = map["quality"], let q = reader.mapping(node, key: "\(key).quality", allowed: QualitySettings.keys) {
            func number(_ name: String) -> Double? {
                guard let n = q[name] else { return nil }
                guard let value = n.float, value >= 0 else {
                    reader.problem(n, key: "\(key).quality.\(name)", "expected a number ≥ 0")
                    return nil
                }
                return value
            }
            func flag(_ name: String) -> Bool? {
                guard let n = q[name] else { return nil }
                guard let value = n.bool else {
                    reader.problem(n, key: "\(key).quality.\(name)", "expected true or false")
                    return nil
                }
                return value
            }
            feed.quality.plausibleMaximum = number("plausible_maximum")
            feed.quality.negativeTolerance = number("negative_tolerance")
            feed.quality.future = flag("future")
            feed.quality.spike = flag("spike")
            feed.quality.spikeFactor = number("spike_factor")
            feed.quality.spikeFloor = number("spike_floor")
            if let n = q["duplicate"] {
                if let on = n.bool { feed.quality.duplicate = on }
                else {
                    reader.problem(n, key: "\(key).quality.duplicate",
                                   "expected true or false (true: the earlier of two values for one station and hour is quarantined as duplicate)")
                }
            }
            if let n = q["flat_line"] {
                if n.bool == false { feed.quality.flatLineHours = 0 }
                else if let hours = n.int, hours >= 2 { feed.quality.flatLineHours = hours }
                else { reader.problem(n, key: "\(key).quality.flat_line", "expected a number of hours (≥ 2) or false") }
            }
        }
        feed.scheduleTimeZone = map["schedule_timezone"].flatMap { reader.string($0, key: "\(key).schedule_timezone") }
        feed.jitterSeconds = jitter
        feed.live = readLive(map, key: key, reader: &reader)
        return feed
    }

    private func readLive(_ map: [String: Node], key: String, reader: inout Reader) -> LiveFeedSettings {
        var live = LiveFeedSettings()
        live.apiKeyEnv = map["api_key_env"].flatMap { reader.string($0, key: "\(key).api_key_env") }
        live.apiKeyFile = map["api_key_file"].flatMap { reader.string($0, key: "\(key).api_key_file") }
        if live.apiKeyEnv != nil && live.apiKeyFile != nil, let node = map["api_key_file"] {
            reader.problem(node, key: "\(key).api_key_file", "give api_key_env or api_key_file, not both")
        }
        if let node = map["sensors"] {
            for (index, item) in reader.sequence(node, key: "\(key).sensors").enumerated() {
                let itemKey = "\(key).sensors[\(index)]"
                guard let entry = reader.mapping(item, key: itemKey, allowed: ["sensor", "station"]),
                      let sensor = reader.required(entry, "sensor", in: itemKey, node: item),
                      let station = reader.required(entry, "station", in: itemKey, node: item) else { continue }
                live.sensors.append(.init(sensor: sensor, station: station))
            }
        }
        if let node = map["start"], let text = reader.string(node, key: "\(key).start") {
            if let hour = Self.startHour(text) { live.start = hour }
            else { reader.problem(node, key: "\(key).start", "expected an ISO 8601 date or date-time such as 2024-01-01 or 2024-01-01T00:00Z (UTC unless it carries an offset)") }
        }
        func hours(_ name: String, minimum: Int) -> Int? {
            guard let node = map[name] else { return nil }
            guard let seconds = Self.seconds(node.string ?? ""), seconds >= Double(minimum * 3600),
                  seconds.truncatingRemainder(dividingBy: 3600) == 0 else {
                reader.problem(node, key: "\(key).\(name)", "expected whole hours such as 6h, 7d or 24h (at least \(minimum)h)")
                return nil
            }
            return Int(seconds / 3600)
        }
        live.windowHours = hours("window", minimum: 1)
        live.overlapHours = hours("overlap", minimum: 0)
        live.rateLimit = map["rate_limit"].flatMap { reader.string($0, key: "\(key).rate_limit") }
        if let node = map["max_bytes"] {
            if let bytes = Self.bytes(node.string ?? ""), bytes > 0 { live.maxBytes = bytes }
            else { reader.problem(node, key: "\(key).max_bytes", "expected a size in bytes such as 67108864, 64MiB or 500KiB") }
        }
        if let node = map["timeout"] {
            if let seconds = Self.seconds(node.string ?? ""), seconds >= 1 { live.timeoutSeconds = Int(seconds) }
            else { reader.problem(node, key: "\(key).timeout", "expected a duration of at least 1s, such as 30s or 2m") }
        }
        live.caFile = map["ca_file"].flatMap { reader.string($0, key: "\(key).ca_file") }
        for option in LiveFeedSettings.kindOptionKeys {
            if let node = map[option], let text = reader.string(node, key: "\(key).\(option)") { live.options[option] = text }
        }
        return live
    }

    /// The hour a `start:` names: `2024-01-01` (midnight UTC), `2024-01-01T06:00Z`, `2024-01-01T14:00+08:00`
    /// or `2024-01-01 06:00`; minutes are floored to the hour.
    static func startHour(_ text: String) -> UTCHour? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for b in bytes[range] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var hour = 0, minute = 0, offsetMinutes = 0
        var rest = bytes[10...]
        if let sep = rest.first {
            guard sep == 84 || sep == 32, rest.count >= 6, let h = number(11..<13), bytes[13] == 58, let mi = number(14..<16),
                  h < 24, mi < 60 else { return nil }
            hour = h; minute = mi
            rest = bytes[16...]
            if rest.first == 58 {
                guard let s = number(17..<19), s < 60 else { return nil }
                rest = bytes[19...]
            }
            if rest.first == 90 { rest = rest.dropFirst() }
            else if let sign = rest.first, sign == 43 || sign == 45 {
                let start = rest.startIndex
                guard let oh = number((start + 1)..<(start + 3)) else { return nil }
                var om = 0
                if rest.count >= 6, bytes[start + 3] == 58, let mm = number((start + 4)..<(start + 6)) { om = mm; rest = bytes[(start + 6)...] }
                else if rest.count >= 5, let mm = number((start + 3)..<(start + 5)) { om = mm; rest = bytes[(start + 5)...] }
                else { rest = bytes[(start + 3)...] }
                offsetMinutes = (oh * 60 + om) * (sign == 43 ? 1 : -1)
            }
            guard rest.isEmpty else { return nil }
        }
        guard let date = CivilDate(year: y, month: m, day: d) else { return nil }
        let minutes = date.dayNumber * 1440 + hour * 60 + minute - offsetMinutes
        return UTCHour(Int((Double(minutes) / 60).rounded(.down)))
    }

    /// Bytes from `1048576`, `500KiB`, `64MiB`, `1GiB` (also `KB`, `MB`, `GB` as powers of 1000).
    static func bytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let n = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return n * factor
        }
        return Int(trimmed)
    }

    /// Seconds from `20`, `20s`, `5m`, `2h` or `1d`; nil when it is none of these.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Double(trimmed) { return plain }
        guard let unit = trimmed.last, let number = Double(trimmed.dropLast()) else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        default: return nil
        }
    }
}

/// Walks YAML nodes and collects problems instead of stopping at the first.
struct Reader {
    let file: String
    var problems: [ConfigurationError.Problem] = []
    /// Region members seen, checked against the declared cities once every file is read.
    var regionMembers: [(city: String, key: String, file: String, line: Int?)] = []

    mutating func problem(_ node: Node, key: String, _ message: String) {
        problems.append(.init(file: file, line: node.mark.map { $0.line }, key: key, message: message))
    }

    mutating func mapping(_ node: Node, key: String, allowed: Set<String>) -> [String: Node]? {
        guard let mapping = node.mapping else {
            problem(node, key: key, "expected a mapping of keys to values")
            return nil
        }
        var result: [String: Node] = [:]
        for (k, v) in mapping {
            guard let name = k.string else { continue }
            if !allowed.contains(name) {
                problem(k, key: key == "(top level)" ? name : "\(key).\(name)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result[name] = v
        }
        return result
    }

    mutating func sequence(_ node: Node, key: String) -> [Node] {
        guard let items = node.sequence else {
            problem(node, key: key, "expected a list")
            return []
        }
        return Array(items)
    }

    mutating func string(_ node: Node, key: String) -> String? {
        guard node.scalar != nil, let text = node.string, !text.isEmpty else {
            problem(node, key: key, "expected a non-empty text value")
            return nil
        }
        return text
    }

    mutating func required(_ map: [String: Node], _ name: String, in key: String, node: Node) -> String? {
        guard let value = map[name] else {
            problem(node, key: "\(key).\(name)", "missing required key")
            return nil
        }
        return string(value, key: "\(key).\(name)")
    }
}
