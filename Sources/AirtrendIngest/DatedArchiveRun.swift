import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendStore
import Foundation

/// One run of an archive feed published as one file per day (`china_sites_{YYYYMMDD}.csv`), followed from a cursor.
///
/// The URL (http(s) or `file:`) carries `{YYYYMMDD}`, or `{YYYY}`, `{MM}` and `{DD}`. Each run fetches
/// from the day before the cursor (late corrections) up to tomorrow in UTC (a file dated in UTC+8 or
/// UTC+14 may already exist), over HTTP conditionally with the validators kept per URL. A missing
/// file for today or tomorrow is "not published yet"; an older one is reported and passed over, so a
/// hole in the archive does not stop the feed. The cursor (the first day not yet settled) moves after
/// each file is imported; re-importing a day is a no-op, so a crash between the two costs one re-fetch.
struct DatedArchiveRun: Sendable {
    let feed: FeedConfiguration
    let configuration: AirtrendConfiguration
    let request: ImportRequest
    let services: FeedServices

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

    func run() async -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let writer = services.writer
        let feedID = feed.id
        let today = Int(services.now().timeIntervalSince1970).floorDiv(86_400)
        let cursorDay = (try? await writer.write { try $0.feedCursor(feed: feedID, unit: "") })??.value.floorDiv(24)
        let first = cursorDay.map { $0 - 1 } ?? feed.live.start.map { $0.value.floorDiv(24) } ?? today - 7
        var fetcher: FeedFetcher?
        if !ArchiveLocator.isFileURL(feed.url) {
            do {
                fetcher = try services.fetcher(feed: feed.id, caFile: LiveFeedSetup.caFile(of: feed, base: configuration.baseDirectory),
                                               rateLimit: nil, maximumBytes: feed.live.maxBytes ?? LiveFeedSetup.defaultMaximumBytes,
                                               timeoutSeconds: feed.live.timeoutSeconds ?? LiveFeedSetup.defaultTimeoutSeconds)
            } catch {
                result.failure = "feed \(feed.id): \(error)"
                result.outcome = .unavailable
                return result
            }
        }
        var counters = FeedCounters()
        var settledThrough = cursorDay.map { $0 - 1 } ?? first - 1
        var missing: [String] = []
        let (files, request) = (services.files, request)
        days: for day in first...(today + 1) {
            if Task.isCancelled {
                result.outcome = result.outcome.worst(.temporaryFailure)
                result.failure = "feed \(feed.id): interrupted by shutdown; the next run resumes from the stored cursor"
                break
            }
            let date = CivilDate(dayNumber: day)
            let url = Self.expand(feed.url, date: date)
            let recent = day >= today - 1
            var settled = false
            if let fetcher {
                let page = FeedRequest(url: url, unit: "", conditional: true, notFoundIsEmpty: true)
                switch await fetcher.fetch(page) {
                case .body(let response):
                    let local = services.temporaryDirectory + "/airtrend-\(feed.id)-\(getpid())-\(day).download"
                    guard FileManager.default.createFile(atPath: local, contents: Data(response.body)) else {
                        result.outcome = result.outcome.worst(.storeFailure)
                        result.failure = "feed \(feed.id): cannot write \(local)"
                        break days
                    }
                    defer { try? FileManager.default.removeItem(atPath: local) }
                    let display = HTTPClient.redacted(url)
                    var imported = await writer.write { store in
                        let imported = files.importFile(local, request: request, into: store)
                        if imported.outcome != .storeFailure && imported.outcome != .temporaryFailure {
                            try? store.saveHTTPValidators(url: display, etag: response.etag, lastModified: response.lastModified)
                        }
                        return imported
                    }
                    imported.file = display
                    result.files.append(imported)
                    result.outcome = result.outcome.worst(imported.outcome)
                    counters.readingsStored += imported.counts.stored
                    counters.readingsQuarantined += imported.counts.quarantined
                    if imported.outcome == .storeFailure || imported.outcome == .temporaryFailure { break days }
                    settled = true
                case .notModified:
                    settled = true
                case .notFound:
                    if recent { break days }
                    missing.append(date.description)
                    settled = true
                case let .failed(message, outcome, _):
                    result.outcome = result.outcome.worst(outcome)
                    result.failure = message
                    break days
                case let .deferred(message, until):
                    result.outcome = result.outcome.worst(.temporaryFailure)
                    result.failure = message
                    result.notBefore = until
                    break days
                case .stopped:
                    result.outcome = result.outcome.worst(.temporaryFailure)
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
                    if let imported = await writer.write({ files.importUnlessUnchanged(path, request: request, into: $0) }) {
                        result.files.append(imported)
                        result.outcome = result.outcome.worst(imported.outcome)
                        if imported.outcome == .storeFailure || imported.outcome == .temporaryFailure { break days }
                    } else {
                        result.skipped.append(path)
                    }
                }
                // A day imported, unchanged, or missing from the archive (reported below) is settled.
                settled = true
            }
            if settled && settledThrough == day - 1 {
                settledThrough = day
                _ = try? await writer.write { try $0.advanceFeedCursor(feed: feedID, unit: "", to: UTCHour((day + 1) * 24)) }
            }
        }
        if !missing.isEmpty {
            let list = missing.count > 5 ? missing.prefix(5).joined(separator: ", ") + " and \(missing.count - 5) more" : missing.joined(separator: ", ")
            result.warnings.append("feed \(feed.id): no file for \(list); passed over")
        }
        if let fetcher {
            let fetched = await fetcher.takeCounters()
            counters.add(fetched)
        }
        if result.failure != nil { counters.lastError = result.failure }
        let succeeded = result.outcome == .ok
        let finalCounters = counters
        _ = try? await writer.write { try $0.addFeedCounters(feed: feedID, finalCounters, succeeded: succeeded) }
        return result
    }
}
