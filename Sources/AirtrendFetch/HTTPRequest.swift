/// One GET for ``HTTPClient``: the URL, extra headers, validators and limits.
public struct HTTPRequest: Sendable, Equatable {
    public var url: String
    /// Extra headers (`X-API-Key`, …). Every one is treated as a credential: its value is never logged,
    /// and it is sent only to the origin (scheme, host and port) of ``url``, never to a redirect target elsewhere.
    public var headers: [String: String]
    /// Further secrets of the request (a token in the query string, the API key): scrubbed from error
    /// texts in any case or encoding, and a redirect to another origin whose URL carries one is refused.
    /// Header values count as secrets without being listed here.
    public var secrets: [String]
    /// Sent as `If-None-Match` when set.
    public var etag: String?
    /// Sent as `If-Modified-Since` when set.
    public var lastModified: String?
    /// Largest body accepted, after decompression; larger bodies fail with ``FetchError/Kind/tooLarge``.
    public var maximumBytes: Int
    /// Whole-request timeout in seconds.
    public var timeoutSeconds: Int

    public init(url: String, headers: [String: String] = [:], secrets: [String] = [], etag: String? = nil, lastModified: String? = nil,
                maximumBytes: Int = 64 << 20, timeoutSeconds: Int = 120) {
        self.url = url
        self.headers = headers
        self.secrets = secrets
        self.etag = etag
        self.lastModified = lastModified
        self.maximumBytes = maximumBytes
        self.timeoutSeconds = timeoutSeconds
    }
}
