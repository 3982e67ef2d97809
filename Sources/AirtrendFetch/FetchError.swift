/// A request failed; names the URL (secrets removed), the HTTP status or curl error, and the cause.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        /// Any other failure to get the body (disk, libcurl set-up).
        case unavailable
        /// A scheme or redirect target other than http(s), more redirects than allowed, or a failed
        /// TLS handshake or certificate check. Retrying does not help.
        case refused
        /// The body exceeded `max_bytes`.
        case tooLarge
        case usage
        /// Connect, total or low-speed timeout.
        case timeout
        /// Could not connect, connection reset, DNS failure, or the server closed without any response.
        case connection
        /// Fewer bytes arrived than `Content-Length` promised, or the stream broke off.
        case truncated
        /// The server answered with a status the caller did not accept (see ``FetchError/status``).
        case httpStatus
    }
    public let url: String
    public let message: String
    public let kind: Kind
    /// The HTTP status, when the server answered.
    public let status: Int?

    public init(url: String, message: String, kind: Kind, status: Int? = nil) {
        self.url = url
        self.message = message
        self.kind = kind
        self.status = status
    }
    public var description: String { "\(url): \(message)" }
}
