import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch

/// What `feeds test` shows: the first request a live feed would make and what it would store.
public struct FeedPreview: Sendable {
    public var url: String
    public var status: Int?
    public var events: [ReadingEvent]
    public var hasMorePages: Bool
    public var failure: String?
    /// What kind of failure `failure` is (`.ok` when the page decoded).
    public var outcome: IngestOutcome

    init(url: String, status: Int? = nil, events: [ReadingEvent] = [], hasMorePages: Bool = false, failure: String? = nil,
         outcome: IngestOutcome = .ok) {
        self.url = url
        self.status = status
        self.events = events
        self.hasMorePages = hasMorePages
        self.failure = failure
        self.outcome = failure == nil ? .ok : outcome == .ok ? .unavailable : outcome
    }

    /// Fetches one page of the feed's first unit, from its cursor, and decodes it without writing anything.
    static func fetch(_ feed: FeedConfiguration, configuration: AirtrendConfiguration, services: FeedServices) async -> FeedPreview {
        let hour = UTCHour(services.currentHour)
        let setup: LiveFeedSetup
        do {
            setup = try LiveFeedSetup(feed: feed, configuration: configuration, environment: services.environment, now: hour)
        } catch {
            return FeedPreview(url: HTTPClient.redacted(feed.url), failure: error.description, outcome: .configuration)
        }
        let redactor = setup.redactor
        guard let unit = setup.kind.units.first else {
            return FeedPreview(url: HTTPClient.redacted(feed.url), failure: "feed \(feed.id) has no sensors", outcome: .configuration)
        }
        let feedID = feed.id
        let cursor = (try? await services.writer.write { try $0.feedCursor(feed: feedID, unit: unit) }) ?? nil
        guard var request = setup.kind.request(unit: unit, after: nil, cursor: cursor, now: hour) else {
            return FeedPreview(url: HTTPClient.redacted(feed.url), failure: "nothing to fetch: feed \(feed.id) is up to date")
        }
        request.conditional = false
        let display = redactor.redact(HTTPClient.redacted(request.url))
        let fetcher: FeedFetcher
        do {
            fetcher = try services.fetcher(feed: feed.id, caFile: setup.caFile, rateLimit: nil, maximumBytes: setup.maximumBytes,
                                           timeoutSeconds: setup.timeoutSeconds, secrets: setup.secrets)
        } catch {
            return FeedPreview(url: display, failure: redactor.redact("feed \(feed.id): \(error)"))
        }
        switch await fetcher.fetch(request) {
        case .body(let response):
            do throws(FeedError) {
                let page = try setup.decode(response, request: request)
                return FeedPreview(url: display, status: response.status, events: page.events, hasMorePages: page.nextPage != nil)
            } catch {
                return FeedPreview(url: display, status: response.status, failure: "feed \(feed.id): \(display): \(error.message)",
                                   outcome: error.kind == .authorization ? .configuration : .unavailable)
            }
        case .notModified, .notFound:
            return FeedPreview(url: display, failure: "feed \(feed.id): \(display): nothing published for this window yet")
        case let .failed(message, outcome, _):
            return FeedPreview(url: display, failure: message, outcome: outcome)
        case let .deferred(message, _):
            return FeedPreview(url: display, failure: message, outcome: .temporaryFailure)
        case .stopped:
            return FeedPreview(url: display, failure: "stopped", outcome: .temporaryFailure)
        }
    }
}
