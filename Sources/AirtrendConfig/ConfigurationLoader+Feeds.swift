import AirtrendDomain
import Yams

extension ConfigurationLoader {
    /// Keys every feed may carry, whatever its kind.
    static let feedKeys: Set<String> = ["id", "kind", "url", "station", "schedule", "schedule_timezone", "jitter", "match", "quality"]

    /// `feeds:`, each checked against its kind's declared options.
    func readFeeds(_ top: [String: Node], base: String, into config: inout AirtrendConfiguration, reader: inout ConfigurationReader) {
        guard let node = top["feeds"] else { return }
        for (index, item) in reader.sequence(node, key: "feeds").enumerated() {
            guard let feed = readFeed(item, index: index, base: base, reader: &reader) else { continue }
            if config.feeds.contains(where: { $0.id == feed.id }) {
                reader.problem(item, key: feed.keyPath("id"), "duplicate feed id '\(feed.id)'")
            }
            if let station = feed.station, !config.stations.contains(where: { $0.id == station }) {
                reader.problems.append(.init(file: reader.file, line: feed.line(of: "station"), key: feed.keyPath("station"),
                                             message: "unknown station '\(station)': declare it under stations:"))
            }
            for (n, sensor) in feed.live.sensors.enumerated() where !config.stations.contains(where: { $0.id == sensor.station }) {
                reader.problems.append(.init(file: reader.file, line: feed.line(of: "sensors"), key: feed.keyPath("sensors[\(n)].station"),
                                             message: "unknown station '\(sensor.station)'; declare it under stations: (with its timezone)"))
            }
            config.feeds.append(feed)
        }
    }

    private func readFeed(_ node: Node, index: Int, base: String, reader: inout ConfigurationReader) -> FeedConfiguration? {
        let position = "feeds[\(index)]"
        guard let pairs = node.mapping else {
            reader.problem(node, key: position, "expected a mapping of keys to values")
            return nil
        }
        var map: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        for (k, v) in pairs {
            guard let name = k.string else { continue }
            map[name] = v
            keyNodes[name] = k
        }
        guard let id = reader.required(map, "id", in: position, node: node) else { return nil }
        let key = "feeds.\(id)"
        guard let kind = reader.required(map, "kind", in: key, node: node),
              let url = reader.required(map, "url", in: key, node: node) else { return nil }
        let live = catalogue?.isLive(kind) ?? true
        var known = Self.feedKeys.union(LiveFeedSettings.transferKeys)
        if live { known.formUnion(LiveFeedSettings.keys) }
        let specs = catalogue?.specs(of: kind)
        if let catalogue, specs == nil {
            reader.problem(map["kind"]!, key: "\(key).kind", "unknown kind '\(kind)': expected one of \(catalogue.kindNames.joined(separator: ", "))")
        }

        var feed = FeedConfiguration(id: id, kind: kind, url: url, station: map["station"].flatMap { reader.string($0, key: "\(key).station") },
                                     schedule: map["schedule"].flatMap { reader.string($0, key: "\(key).schedule") },
                                     match: map["match"].flatMap { reader.string($0, key: "\(key).match") }, line: node.mark.map { $0.line })
        for (name, keyNode) in keyNodes { feed.keyLines[name] = keyNode.mark.map { $0.line } }
        for name in map.keys.sorted() where !known.contains(name) {
            let node = map[name]!
            guard catalogue != nil else {
                // No catalogue: keep the value as written, for the caller to judge.
                if let value = node.sequence.map({ OptionValue.list($0.compactMap(\.string)) }) ?? node.string.map(OptionValue.string) {
                    feed.options[name] = value
                }
                continue
            }
            // An unknown kind was reported above; its keys cannot be judged.
            guard let specs else { continue }
            if let spec = specs.first(where: { $0.key == name }) {
                if let value = optionValue(node, spec: spec, base: base, key: "\(key).\(name)", reader: &reader) { feed.options[name] = value }
                continue
            }
            let own = specs.map(\.key).sorted()
            reader.problem(keyNodes[name]!, key: "\(key).\(name)", "unknown key for kind \(kind)"
                           + (own.isEmpty ? "; it reads no keys of its own" : "; it reads \(own.joined(separator: ", "))")
                           + (LiveFeedSettings.keys.contains(name) ? " (\(name) is for live feed kinds)" : ""))
        }
        if let catalogue, specs != nil {
            var values = feed.options
            if !live, let station = feed.station { values["station"] = .string(station) }
            for problem in catalogue.problems(kind: kind, feed: id, values: values) {
                let field = problem.key.hasPrefix("\(key).") ? String(problem.key.dropFirst(key.count + 1)) : problem.key
                reader.problems.append(.init(file: reader.file, line: feed.line(of: field), key: feed.keyPath(field), message: problem.message))
            }
        }
        if let node = map["jitter"] {
            if let seconds = DurationText.seconds(node.string ?? ""), seconds >= 0 { feed.jitterSeconds = Int(seconds) }
            else { reader.problem(node, key: "\(key).jitter", "expected a duration such as 30s, 5m or 300") }
        }
        feed.scheduleTimeZone = map["schedule_timezone"].flatMap { reader.string($0, key: "\(key).schedule_timezone") }
        if let node = map["quality"] { feed.quality = readQuality(node, key: "\(key).quality", reader: &reader) }
        feed.live = readLive(map, key: key, reader: &reader)
        return feed
    }

    /// One of a kind's own options, as its declaration says it is written.
    private func optionValue(_ node: Node, spec: OptionSpec, base: String, key: String, reader: inout ConfigurationReader) -> OptionValue? {
        switch spec.kind {
        case .flag:
            guard let flag = node.bool else {
                reader.problem(node, key: key, "expected true or false")
                return nil
            }
            return .bool(flag)
        case .list:
            if let items = node.sequence { return .list(items.compactMap { $0.string }) }
            return reader.string(node, key: key).map(OptionValue.string)
        case .text:
            return reader.string(node, key: key).map(OptionValue.string)
        case .path:
            return reader.string(node, key: key).map { .string($0.hasPrefix("/") ? $0 : base + "/" + $0) }
        }
    }

    /// A feed's `quality:` settings.
    private func readQuality(_ node: Node, key: String, reader: inout ConfigurationReader) -> QualitySettings {
        var quality = QualitySettings()
        guard let q = reader.mapping(node, key: key, allowed: QualitySettings.keys) else { return quality }
        func number(_ name: String) -> Double? {
            guard let n = q[name] else { return nil }
            guard let value = n.float, value >= 0 else {
                reader.problem(n, key: "\(key).\(name)", "expected a number ≥ 0")
                return nil
            }
            return value
        }
        func flag(_ name: String) -> Bool? {
            guard let n = q[name] else { return nil }
            guard let value = n.bool else {
                reader.problem(n, key: "\(key).\(name)", "expected true or false")
                return nil
            }
            return value
        }
        quality.plausibleMaximum = number("plausible_maximum")
        quality.negativeTolerance = number("negative_tolerance")
        quality.future = flag("future")
        quality.spike = flag("spike")
        quality.spikeFactor = number("spike_factor")
        quality.spikeFloor = number("spike_floor")
        if let n = q["duplicate"] {
            if let on = n.bool { quality.duplicate = on }
            else {
                reader.problem(n, key: "\(key).duplicate",
                               "expected true or false (true: the earlier of two values for one station and hour is quarantined as duplicate)")
            }
        }
        if let n = q["earliest"] {
            if let text = n.string, let hour = Self.startHour(text) { quality.earliest = hour }
            else { reader.problem(n, key: "\(key).earliest", "expected a date such as 1950-01-01") }
        }
        if let n = q["future_tolerance"] {
            if let seconds = DurationText.seconds(n.string ?? ""), seconds >= 0, seconds.truncatingRemainder(dividingBy: 3600) == 0 {
                quality.futureToleranceHours = Int(seconds / 3600)
            } else {
                reader.problem(n, key: "\(key).future_tolerance", "expected whole hours such as 1h or 24h")
            }
        }
        if let n = q["flat_line"] {
            if n.bool == false { quality.flatLineHours = 0 }
            else if let hours = n.int, hours >= 2 { quality.flatLineHours = hours }
            else { reader.problem(n, key: "\(key).flat_line", "expected a number of hours (≥ 2) or false") }
        }
        return quality
    }

    /// The keys of live feeds and of transfers: sensors, API key source, start, window, limits.
    private func readLive(_ map: [String: Node], key: String, reader: inout ConfigurationReader) -> LiveFeedSettings {
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
            guard let seconds = DurationText.seconds(node.string ?? ""), seconds >= Double(minimum * 3600),
                  seconds.truncatingRemainder(dividingBy: 3600) == 0 else {
                reader.problem(node, key: "\(key).\(name)", "expected whole hours such as 6h, 7d or 24h (at least \(minimum)h)")
                return nil
            }
            return Int(seconds / 3600)
        }
        live.windowHours = hours("window", minimum: 1)
        live.overlapHours = hours("overlap", minimum: 0)
        live.lookbackHours = hours("lookback", minimum: 1)
        func count(_ name: String, example: String) -> Int? {
            guard let node = map[name] else { return nil }
            guard let value = node.int, value >= 1 else {
                reader.problem(node, key: "\(key).\(name)", "expected a whole number of at least 1, such as \(example)")
                return nil
            }
            return value
        }
        live.maxPages = count("max_pages", example: "20")
        live.maxReadingsPerRun = count("max_readings_per_run", example: "1000000")
        live.rateLimit = map["rate_limit"].flatMap { reader.string($0, key: "\(key).rate_limit") }
        if let node = map["max_bytes"] {
            if let bytes = ByteSizeText.bytes(node.string ?? ""), bytes > 0 { live.maxBytes = bytes }
            else { reader.problem(node, key: "\(key).max_bytes", "expected a size in bytes such as 67108864, 64MiB or 500KiB") }
        }
        if let node = map["max_bytes_per_run"] {
            if let bytes = ByteSizeText.bytes(node.string ?? ""), bytes > 0 { live.maxBytesPerRun = bytes }
            else { reader.problem(node, key: "\(key).max_bytes_per_run", "expected a size in bytes such as 512MiB or 1GiB") }
        }
        if let node = map["timeout"] {
            if let seconds = DurationText.seconds(node.string ?? ""), seconds >= 1 { live.timeoutSeconds = Int(seconds) }
            else { reader.problem(node, key: "\(key).timeout", "expected a duration of at least 1s, such as 30s or 2m") }
        }
        live.caFile = map["ca_file"].flatMap { reader.string($0, key: "\(key).ca_file") }
        if let node = map["timezone"], let name = reader.string(node, key: "\(key).timezone") {
            do throws(DomainError) { live.timeZone = try StationTimeZone(name) } catch { reader.problem(node, key: "\(key).timezone", error.message) }
        }
        return live
    }

    /// The hour a `start:` names: `2024-01-01` (midnight UTC), `2024-01-01T06:00Z`, `2024-01-01T14:00+08:00`
    /// or `2024-01-01 06:00`; a time without an offset is UTC; minutes are floored to the hour.
    static func startHour(_ text: String) -> UTCHour? {
        guard let stamp = ISO8601.parse(text.trimmingCharacters(in: .whitespaces), dateOnly: true) else { return nil }
        let seconds = stamp.wallSeconds - Double((stamp.offsetMinutes ?? 0) * 60)
        return UTCHour(Int((seconds / 3600).rounded(.down)))
    }
}

import Foundation
