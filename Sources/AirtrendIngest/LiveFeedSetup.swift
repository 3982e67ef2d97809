import AirtrendConfig
import AirtrendDomain
import AirtrendFeeds
import AirtrendFetch
import Foundation

/// Turns a live feed's config into its kind, its settings and its fetch limits; every problem names its key.
///
/// The API key is read here, from the environment variable or file the config names, and goes
/// nowhere but the kind's request headers or query.
public struct LiveFeedSetup: Sendable {
    public let kind: any FeedKind
    public let settings: FeedSettings
    public let rateLimit: RateLimit?
    public let maximumBytes: Int
    public let timeoutSeconds: Int
    public let caFile: String?
    /// Pages one window may take (`max_pages`).
    public let maximumPages: Int
    /// Decoded response bytes one run of the feed may read (`max_bytes_per_run`).
    public let maximumBytesPerRun: Int
    /// Readings one run of the feed may store (`max_readings_per_run`).
    public let maximumReadingsPerRun: Int
    /// How far a history window's cursor may trail its end while no data arrives (`lookback`).
    public let lookbackHours: Int
    /// The feed's secrets (its API key or token), for the transport to keep to the feed's origin.
    public let secrets: [String]
    /// Removes those secrets from whatever the feed's run stores, logs or prints.
    public let redactor: SecretRedactor

    public static let defaultMaximumBytes = 64 << 20
    public static let defaultTimeoutSeconds = 120
    /// OpenAQ's longest window (366 days) is 9 pages of 1,000 rows; 20 leaves room and still stops a
    /// server that pages for ever within seconds.
    public static let defaultMaximumPages = 20
    /// Eight of the largest responses `max_bytes` allows by default.
    public static let defaultMaximumBytesPerRun = 512 << 20
    /// A year of hours for over a hundred sensors; a catch-up beyond it continues in the next run.
    public static let defaultMaximumReadingsPerRun = 1_000_000
    /// A week: the default `window`, so a silent sensor costs each run about one request.
    public static let defaultLookbackHours = 7 * 24

    /// - Parameter environment: the process environment (injected so tests need not change the real one).
    /// - Throws: ``ConfigurationError`` naming `feeds.<id>.<key>`.
    public init(feed: FeedConfiguration, configuration: AirtrendConfiguration, environment: [String: String],
                now: UTCHour) throws(ConfigurationError) {
        let file = configuration.file ?? "config"
        func problem(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(problems: [.init(file: file, line: feed.line(of: key), key: feed.keyPath(key), message: message)])
        }
        guard let type = FeedRegistry.kind(named: feed.kind) else {
            throw problem("kind", "'\(feed.kind)' is not a live feed kind; expected one of \(FeedRegistry.kinds.map { $0.name }.joined(separator: ", "))")
        }
        let live = feed.live
        var apiKey: String?
        if let name = live.apiKeyEnv {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw problem("api_key_env", "the environment variable \(name) is not set or empty; export it (or use api_key_file)")
            }
            apiKey = value
        } else if let path = live.apiKeyFile {
            let resolved = Self.resolveKeyFile(path, base: configuration.baseDirectory, environment: environment)
            guard let data = FileManager.default.contents(atPath: resolved),
                  let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                throw problem("api_key_file", "cannot read an API key from \(resolved) (missing, unreadable or empty)")
            }
            apiKey = text
        }
        if type.requiresAPIKey && apiKey == nil {
            throw problem("api_key_env", "feed kind \(type.name) needs an API key: set api_key_env (an environment variable name) or api_key_file")
        }
        let settings = FeedSettings(
            id: feed.id, url: feed.url, sensors: live.sensors, apiKey: apiKey,
            start: live.start, windowHours: live.windowHours ?? FeedSettings.defaultWindowHours,
            overlapHours: live.overlapHours ?? FeedSettings.defaultOverlapHours, timeZone: live.timeZone, options: feed.options
        )
        do throws(FeedError) {
            kind = try type.init(settings: settings)
        } catch {
            // Kinds name their keys in full (`feeds.<id>.sensors`); keep them as they are.
            if let key = error.key, key.hasPrefix("feeds.") {
                let field = key.split(separator: ".", maxSplits: 2).dropFirst(2).first.map { String($0.prefix { $0 != "[" }) } ?? ""
                throw ConfigurationError(problems: [.init(file: file, line: feed.line(of: field), key: key, message: error.message)])
            }
            throw problem(error.key ?? "", error.message)
        }
        self.settings = settings
        if let text = live.rateLimit ?? type.defaultRateLimit {
            guard let limit = RateLimit(text) else {
                throw problem("rate_limit", "expected requests per period such as 60/min, 10/s or 2000/h, not '\(text)'")
            }
            rateLimit = limit
        } else {
            rateLimit = nil
        }
        maximumBytes = live.maxBytes ?? Self.defaultMaximumBytes
        timeoutSeconds = live.timeoutSeconds ?? Self.defaultTimeoutSeconds
        caFile = Self.caFile(of: feed, base: configuration.baseDirectory)
        maximumPages = live.maxPages ?? Self.defaultMaximumPages
        maximumBytesPerRun = live.maxBytesPerRun ?? Self.defaultMaximumBytesPerRun
        maximumReadingsPerRun = live.maxReadingsPerRun ?? Self.defaultMaximumReadingsPerRun
        lookbackHours = live.lookbackHours ?? Self.defaultLookbackHours
        // The redactor also finds the key percent-encoded, as WAQI's URL carries its token.
        secrets = apiKey.map { [$0] } ?? []
        redactor = SecretRedactor(secrets: secrets)
    }

    /// Decodes a response of `request` with the feed's kind and redacts its events with the feed's secrets.
    ///
    /// The one door between an upstream's text and airtrend: everything a run stores, and everything
    /// `feeds test` prints, comes through here. The error's message is redacted too.
    public func decode(_ response: HTTPResponse, request: FeedRequest) throws(FeedError) -> FeedPage {
        do throws(FeedError) {
            var page = try kind.decode(response.body, contentType: response.contentType, request: request)
            page.events = redactor.redact(page.events)
            return page
        } catch {
            throw FeedError(error.kind, redactor.redact(error.message), key: error.key)
        }
    }

    /// A feed's `ca_file`, relative paths taken from the config file's folder; nil uses the system bundle.
    static func caFile(of feed: FeedConfiguration, base: String) -> String? {
        feed.live.caFile.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
    }

    /// `$CREDENTIALS_DIRECTORY/name` (systemd's LoadCredential=) or a path relative to the config file.
    static func resolveKeyFile(_ path: String, base: String, environment: [String: String]) -> String {
        var path = path
        for token in ["${CREDENTIALS_DIRECTORY}", "$CREDENTIALS_DIRECTORY"] where path.hasPrefix(token) {
            path = (environment["CREDENTIALS_DIRECTORY"] ?? "") + path.dropFirst(token.count)
        }
        return path.hasPrefix("/") ? path : base + "/" + path
    }
}
