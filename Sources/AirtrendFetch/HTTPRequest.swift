/// One GET for ``HTTPClient``: the URL, extra headers, validators and limits.
public struct HTTPRequest: Sendable, Equatable {
    public var url: String
    /// Extra headers (`X-API-Key`, …). Values are secrets as far as logging is concerned.
    public var headers: [String: String]
    /// Sent as `If-None-Match` when set.
    public var etag: String?
    /// Sent as `If-Modified-Since` when set.
    public var lastModified: String?
    /// Largest body accepted, after decompression; larger bodies fail with ``FetchError/Kind/tooLarge``.
    public var maximumBytes: Int
    /// Whole-request timeout in seconds.
    public var timeoutSeconds: Int

    public init(url: String, headers: [String: String] = [:], etag: String? = nil, lastModified: String? = nil,
                maximumBytes: Int = 64 << 20, timeoutSeconds: Int = 120) {
        self.url = url
        self.headers = headers
        self.etag = etag
        self.lastModified = lastModified
        self.maximumBytes = maximumBytes
        self.timeoutSeconds = timeoutSeconds
    }
}
