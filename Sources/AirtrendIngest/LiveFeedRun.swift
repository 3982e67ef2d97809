import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import AirtrendStore

/// One run of a live feed: every unit, every window from its cursor up to now, page by page.
///
/// A page that fails, in transport or in decoding, stores nothing and leaves the cursor where it
/// was. Each stored page is one transaction with its readings, its import record, the request's
/// validators and the counters; the cursor moves in the transaction of the window's last page, to
/// the window's end or, for a history window, no further than the newest hour received (bounded by
/// `lookback`), so hours an upstream publishes late are asked for again.
///
/// Every loop is bounded: a window ends as ``IngestOutcome/badUpstream`` when a page repeats the one
/// before, a row lies outside it, or it pages past `max_pages` (``WindowGuard``); the run ends as
/// ``IngestOutcome/temporaryFailure`` when it has read `max_bytes_per_run` or received
/// `max_readings_per_run` (``RunBudget``), or when the server asks for a longer wait than a run may
/// hold the lock for. Everything from the upstream is redacted with the feed's secrets as it is decoded
/// (``LiveFeedSetup/decode(_:request:)``), and so is every error before it is stored or reported.
struct LiveFeedRun: Sendable {
    let feed: FeedConfiguration
    let configuration: AirtrendConfiguration
    let request: ImportRequest
    let services: FeedServices

    func run() async -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let setup: LiveFeedSetup
        do {
            setup = try LiveFeedSetup(feed: feed, configuration: configuration, environment: services.environment,
                                      now: UTCHour(services.currentHour))
        } catch {
            result.failure = error.description
            result.outcome = .configuration
            return result
        }
        let redactor = setup.redactor
        let fetcher: FeedFetcher
        do {
            fetcher = try services.fetcher(feed: feed.id, caFile: setup.caFile, rateLimit: setup.rateLimit,
                                           maximumBytes: setup.maximumBytes, timeoutSeconds: setup.timeoutSeconds, secrets: setup.secrets)
        } catch {
            result.failure = redactor.redact("feed \(feed.id): \(error)")
            result.outcome = .unavailable
            return result
        }
        var total = ImportResult(file: "\(feed.id) \(redactor.redact(HTTPClient.redacted(feed.url)))")
        var failures: [String] = []
        let kind = setup.kind
        let hour = UTCHour(services.currentHour)
        let interrupted = "feed \(feed.id): interrupted by shutdown; the next run resumes from the stored cursors"
        var budget = RunBudget(maximumBytes: setup.maximumBytesPerRun, maximumReadings: setup.maximumReadingsPerRun)

        units: for unit in kind.units {
            if Task.isCancelled {
                result.outcome = result.outcome.worst(.temporaryFailure)
                failures.append(interrupted)
                break
            }
            let cursor = try? await services.writer.write { [feed] in try $0.feedCursor(feed: feed.id, unit: unit) }
            var previous: FeedRequest?
            while let window = kind.request(unit: unit, after: previous, cursor: cursor, now: hour) {
                var page: FeedRequest = window
                var guarded = WindowGuard(window: window, maximumPages: setup.maximumPages)
                while true {
                    let label = redactor.redact(HTTPClient.redacted(page.url))
                    if let spent = budget.spent {
                        result.outcome = result.outcome.worst(.temporaryFailure)
                        failures.append("feed \(feed.id): \(spent)")
                        break units
                    }
                    if let broken = guarded.admitRequest() {
                        result.outcome = result.outcome.worst(.badUpstream)
                        failures.append("feed \(feed.id): \(label): \(broken)")
                        continue units
                    }
                    let fetched = await fetcher.fetch(page)
                    var decoded: FeedPage?
                    var response: HTTPResponse?
                    switch fetched {
                    case .stopped:
                        result.outcome = result.outcome.worst(.temporaryFailure)
                        failures.append(interrupted)
                        break units
                    case let .failed(message, outcome, unitOnly):
                        result.outcome = result.outcome.worst(outcome)
                        failures.append(message)
                        if unitOnly { continue units }
                        break units
                    case let .deferred(message, until):
                        result.outcome = result.outcome.worst(.temporaryFailure)
                        result.notBefore = max(result.notBefore ?? until, until)
                        failures.append(message)
                        break units
                    case .notFound:
                        // Not published yet (an hourly file): keep the cursor, try again next cycle.
                        decoded = nil
                    case .notModified:
                        decoded = FeedPage(events: [])
                    case .body(let body):
                        response = body
                        do throws(FeedError) {
                            decoded = try setup.decode(body, request: page)
                        } catch {
                            result.outcome = result.outcome.worst(error.kind == .authorization ? .configuration : .unavailable)
                            failures.append("feed \(feed.id): \(label): HTTP \(body.status): \(error.message)")
                            if error.kind == .authorization { break units }
                            continue units
                        }
                    }
                    guard let decoded else { break }
                    let readings = decoded.events.reduce(0) { if case .reading = $1 { $0 + 1 } else { $0 } }
                    budget.spend(bytes: response?.body.count ?? 0, readings: readings)
                    if let broken = guarded.admit(decoded.events) {
                        result.outcome = result.outcome.worst(.badUpstream)
                        failures.append("feed \(feed.id): \(label): \(broken)")
                        continue units
                    }
                    let moveTo = decoded.nextPage == nil ? guarded.cursor(lookbackHours: setup.lookbackHours) : nil
                    let stored = await store(decoded, page: page, label: label, unit: unit, cursor: moveTo, response: response,
                                             counters: await fetcher.takeCounters())
                    // A page fails whole only when the store does (busy: temporary; anything else: a store failure).
                    if stored.outcome == .storeFailure || stored.outcome == .temporaryFailure {
                        result.outcome = result.outcome.worst(stored.outcome)
                        failures.append("feed \(feed.id): \(label): \(stored.failure ?? "store failed")")
                        break units
                    }
                    total.merge(stored)
                    result.outcome = result.outcome.worst(stored.outcome)
                    guard let next = decoded.nextPage else { break }
                    page = next
                }
                previous = window
            }
        }
        failures = failures.map(redactor.redact)
        total.messages = total.messages.map(redactor.redact)
        total.warnings = total.warnings.map(redactor.redact)
        total.failure = total.failure.map(redactor.redact)
        var pending = await fetcher.takeCounters()
        if let first = failures.first { pending.lastError = first }
        let succeeded = failures.isEmpty
        let counters = pending
        _ = try? await services.writer.write { [feed] in try $0.addFeedCounters(feed: feed.id, counters, succeeded: succeeded) }
        result.files = [total]
        result.failure = failures.isEmpty ? nil : failures.count == 1 ? failures[0]
            : "\(failures[0]) (and \(failures.count - 1) more: \(failures.dropFirst().prefix(3).joined(separator: "; ")))"
        return result
    }

    /// Stores one decoded page, with the unit's cursor (`cursor`, set on the window's last page), validators and counters.
    ///
    /// - Parameter label: the request's URL with secrets removed; quarantine rows and validators are kept under it.
    private func store(_ decoded: FeedPage, page: FeedRequest, label: String, unit: String, cursor: UTCHour?, response: HTTPResponse?,
                       counters: FeedCounters) async -> ImportResult {
        let (pages, request, feedID, events) = (services.pages, request, feed.id, decoded.events)
        let validators = page.conditional ? response.map { ($0.etag, $0.lastModified) } : nil
        do {
            return try await services.writer.write { store in
                pages.store(events, label: label, request: request, into: store) { store, imported in
                    if let cursor { try store.advanceFeedCursor(feed: feedID, unit: unit, to: cursor) }
                    if let validators { try store.saveHTTPValidators(url: label, etag: validators.0, lastModified: validators.1) }
                    var counted = counters
                    counted.readingsStored += imported.counts.stored
                    counted.readingsQuarantined += imported.counts.quarantined
                    try store.addFeedCounters(feed: feedID, counted, succeeded: false)
                }
            }
        }
    }
}
