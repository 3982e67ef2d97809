/// A complete response: status, headers (names lower-cased) and the decompressed body.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased; of repeated headers the last wins.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Bytes on the wire (before decompression), for the counters; redirect hops included.
    public var wireBytes: Int
    /// The origin (`scheme://host:port`) that sent this response, when a redirect led to another
    /// origin than the request's; the request's headers (its credentials) were not sent there.
    public var otherOrigin: String?

    public init(status: Int, headers: [String: String], body: [UInt8], wireBytes: Int, otherOrigin: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.wireBytes = wireBytes
        self.otherOrigin = otherOrigin
    }

    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
}
