import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendStore
import Foundation

/// Archive feeds published as one file per day (`china_sites_{YYYYMMDD}.csv`), followed from a cursor.
///
/// The URL (http(s) or `file:`) carries `{YYYYMMDD}`, or `{YYYY}`, `{MM}` and `{DD}`. Each run fetches
/// from the day before the cursor (late corrections) up to tomorrow in UTC (a file dated in UTC+8 or
/// UTC+14 may already exist), over HTTP conditionally with the validators kept per URL. A missing
/// file for today or tomorrow is "not published yet"; an older one is reported and passed over, so a
/// hole in the archive does not stop the feed. The cursor (the first day not yet settled) moves after
/// each file is imported; re-importing a day is a no-op, so a crash between the two costs one re-fetch.
struct DatedArchiveRunner {
    let configuration: AirtrendConfiguration
    let store: any IngestStore
    let importer: ArchiveImporter
    let live: LiveFeedRunner
    let storeGate: NSLock
    let temporaryDirectory: String
    let now: () -> Date

    /// True when a feed's URL names its files by date.
    static func isTemplate(_ url: String) -> Bool {
        url.contains("{YYYYMMDD}") || url.contains("{YYYY}")
    }

    /// The URL of one day's file.
    static func expand(_ url: String, date: CivilDate) -> String {
        let y = date.year.zeroPadded(4), m = date.month.zeroPadded(2), d = date.day.zeroPadded(2)
        return url.replacingOccurrences(of: "{YYYYMMDD}", with: y + m + d)
            .replacingOccurrences(of: "{YYYY}", with: y).replacingOccurrences(of: "{MM}", with: m).replacingOccurrences(of: "{DD}", with: d)
    }

    func run(_ feed: FeedConfiguration, request: ImportRequest, stop: StopFlag?) -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let today = Int(now().timeIntervalSince1970).floorDiv(86_400)
        let cursorDay = storeGate.withLock { (try? store.feedCursor(feed: feed.id, unit: ""))?.value.floorDiv(24) }
        let first = cursorDay.map { $0 - 1 } ?? feed.live.start.map { $0.value.floorDiv(24) } ?? today - 7
        let remote = !ArchiveLocator.isFileURL(feed.url)
        var client: HTTPClient?
        if remote {
            do { client = try LiveFeedSetup.httpClient(caFile: LiveFeedSetup.caFile(of: feed, base: configuration.baseDirectory)) } catch {
                result.failure = "feed \(feed.id): \(error)"
                result.status = .software
                return result
            }
        }
        var counters = FeedCounters()
        var settledThrough = cursorDay.map { $0 - 1 } ?? first - 1
        var missing: [String] = []
        days: for day in first...(today + 1) {
            if let stop, stop.isSet {
                result.status = result.status.worst(.tempFail)
                result.failure = "feed \(feed.id): interrupted by shutdown; the next run resumes from the stored cursor"
                break
            }
            let date = CivilDate(dayNumber: day)
            let url = Self.expand(feed.url, date: date)
            let recent = day >= today - 1
            var settled = false
            if let client {
                let page = FeedRequest(url: url, unit: "", conditional: true, notFoundIsEmpty: true)
                switch live.fetch(page, maximumBytes: feed.live.maxBytes ?? LiveFeedSetup.defaultMaximumBytes,
                                  timeoutSeconds: feed.live.timeoutSeconds ?? LiveFeedSetup.defaultTimeoutSeconds,
                                  client: client, bucket: nil, counters: &counters, stop: stop, feed: feed.id) {
                case .body(let response):
                    let local = temporaryDirectory + "/airtrend-\(feed.id)-\(getpid())-\(day).download"
                    guard FileManager.default.createFile(atPath: local, contents: Data(response.body)) else {
                        result.status = result.status.worst(.software)
                        result.failure = "feed \(feed.id): cannot write \(local)"
                        break days
                    }
                    defer { try? FileManager.default.removeItem(atPath: local) }
                    var imported = storeGate.withLock { importer.importFile(local, request: request) }
                    imported.file = HTTPClient.redacted(url)
                    result.files.append(imported)
                    result.status = result.status.worst(imported.status)
                    counters.readingsStored += imported.counts.stored
                    counters.readingsQuarantined += imported.counts.quarantined
                    if imported.status == .software || imported.status == .tempFail { break days }
                    let display = HTTPClient.redacted(url)
                    storeGate.withLock {
                        _ = try? store.saveHTTPValidators(url: display, etag: response.etag, lastModified: response.lastModified)
                    }
                    settled = true
                case .notModified:
                    settled = true
                case .notFound:
                    if recent { break days }
                    missing.append(date.description)
                    settled = true
                case let .failed(message, status, _):
                    result.status = result.status.worst(status)
                    result.failure = message
                    break days
                case .stopped:
                    result.status = result.status.worst(.tempFail)
                    break days
                }
            } else {
                let path: String?
                do {
                    path = try ArchiveLocator(baseDirectory: configuration.baseDirectory).files(for: url).first
                } catch {
                    if recent { break days }
                    missing.append(date.description)
                    path = nil
                }
                if let path {
                    if let imported = storeGate.withLock({ importer.importUnlessUnchanged(path, request: request) }) {
                        result.files.append(imported)
                        result.status = result.status.worst(imported.status)
                        if imported.status == .software || imported.status == .tempFail { break days }
                    } else {
                        result.skipped.append(path)
                    }
                }
                // A day imported, unchanged, or missing from the archive (reported below) is settled.
                settled = true
            }
            if settled && settledThrough == day - 1 {
                settledThrough = day
                storeGate.withLock { _ = try? store.advanceFeedCursor(feed: feed.id, unit: "", to: UTCHour((day + 1) * 24)) }
            }
        }
        if !missing.isEmpty {
            let list = missing.count > 5 ? missing.prefix(5).joined(separator: ", ") + " and \(missing.count - 5) more" : missing.joined(separator: ", ")
            result.warnings.append("feed \(feed.id): no file for \(list); passed over")
        }
        if result.failure != nil { counters.lastError = result.failure }
        let succeeded = result.status == .ok
        storeGate.withLock { _ = try? store.addFeedCounters(feed: feed.id, counters, succeeded: succeeded) }
        return result
    }
}
