import AirtrendDomain
import CCurl

/// Performs GET requests with libcurl and returns every HTTP status as a response.
///
/// One client owns one libcurl easy handle and reuses it, so consecutive
/// requests to a host reuse its connection and TLS session. A client is not
/// thread-safe: use it from one thread at a time (one client per worker).
///
/// What a caller must know:
/// - Any status, 4xx and 5xx included, is returned, not thrown; decide with
///   ``RetryPolicy`` or ``RetryPolicy/describe(status:)``. Thrown ``FetchError``s
///   are transport failures: `.timeout`, `.connection`, `.truncated`,
///   `.refused` (non-http(s) URL or redirect, TLS failure, too many
///   redirects), `.tooLarge`, `.usage` (a malformed request), `.unavailable`.
/// - Redirects are followed (at most ``Configuration/maximumRedirects``, http
///   and https only); the headers returned are those of the final response.
///   The request's headers are credentials: they go only to the origin of its
///   URL, never to a redirect target elsewhere (see ``perform(_:)``).
/// - Bodies are decompressed (gzip, deflate); ``HTTPRequest/maximumBytes``
///   applies to the decompressed body, and the transfer is aborted as soon as
///   it is exceeded. A body whose announced Content-Length alone exceeds it is
///   refused before it is read, even if it would decode to less.
/// - Proxies come from `http_proxy`, `https_proxy` and `no_proxy`.
/// - Error messages and URLs never contain header values (the API key) or
///   query-string values; see ``redacted(_:)``.
public final class HTTPClient {
    /// Transport settings shared by all requests of a client.
    public struct Configuration: Sendable {
        /// Time allowed for DNS, TCP and TLS set-up.
        public var connectTimeoutSeconds: Int
        /// A transfer slower than `lowSpeedBytes` per second for `lowSpeedSeconds` is aborted as `.timeout`.
        public var lowSpeedBytes: Int
        public var lowSpeedSeconds: Int
        public var userAgent: String
        /// PEM bundle of trusted CAs (CURLOPT_CAINFO); nil uses the system's.
        public var caFile: String?
        /// More redirects than this fail with `.refused`.
        public var maximumRedirects: Int

        public init(connectTimeoutSeconds: Int = 15, lowSpeedBytes: Int = 100, lowSpeedSeconds: Int = 30,
                    userAgent: String = "airtrend/\(AirtrendVersion.string)", caFile: String? = nil, maximumRedirects: Int = 5) {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.lowSpeedBytes = lowSpeedBytes
            self.lowSpeedSeconds = lowSpeedSeconds
            self.userAgent = userAgent
            self.caFile = caFile
            self.maximumRedirects = maximumRedirects
        }
    }

    public let configuration: Configuration
    private let easy: CurlEasy

    public init(configuration: Configuration = .init()) throws(FetchError) {
        self.configuration = configuration
        easy = try CurlEasy()
    }

    /// Context for the C callbacks, passed through their userdata pointer
    /// (C function pointers cannot capture Swift context).
    private final class ResponseSink {
        let limit: Int
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        var lastHeaderName: String?
        var overflow = false
        init(limit: Int) { self.limit = limit }
    }

    /// Sends `request` and returns the final response, whatever its status.
    ///
    /// Redirects are followed here, one hop at a time, not by libcurl: libcurl limits only the
    /// `Authorization` header to the first host (CURLOPT_UNRESTRICTED_AUTH) and re-sends every custom
    /// header, `X-API-Key` included, to whatever host a `Location` names. Each hop is sent with the
    /// request's headers only when it has the request's origin (scheme, host and port); a hop to
    /// another origin is followed without them (as libcurl treats `Authorization`), so a feed that
    /// moved to a CDN or a public mirror keeps working while its key stays home. A redirect to another
    /// origin whose URL itself carries one of the request's secrets (a query token passed on by the
    /// server) is refused, as is a redirect to anything but http(s) and more than
    /// ``Configuration/maximumRedirects`` of them. `timeoutSeconds` covers the whole chain.
    ///
    /// - Throws: ``FetchError`` for transport failures only; its `url` is redacted
    ///   and its message holds curl's error and what was expected.
    public func perform(_ request: HTTPRequest) throws(FetchError) -> HTTPResponse {
        let display = Self.redacted(request.url)
        try CurlEasy.requireHTTP(request.url, display: display)
        guard request.timeoutSeconds > 0 else {
            // libcurl reads 0 as "no timeout", which is never what a caller meant.
            throw FetchError(url: display, message: "timeoutSeconds is \(request.timeoutSeconds); expected at least 1", kind: .usage)
        }
        guard request.maximumBytes >= 0 else {
            throw FetchError(url: display, message: "maximumBytes is \(request.maximumBytes); expected 0 or more", kind: .usage)
        }
        let withCredentials = try Self.headerLines(for: request, display: display)
        var withoutCredentials = request
        withoutCredentials.headers = [:]
        let bare = try Self.headerLines(for: withoutCredentials, display: display)
        let secrets = Array(request.headers.values) + request.secrets
        let redactor = SecretRedactor(secrets: secrets)
        let origin = URLText.origin(request.url)
        var url = request.url
        var hopDisplay = display
        var redirects = 0
        var wireBytes = 0
        var elapsed = 0.0
        while true {
            let home = URLText.origin(url) == origin
            // What is left of the total timeout, never below a second (libcurl reads 0 as "none").
            let remaining = max(1, request.timeoutSeconds - Int(elapsed.rounded(.down)))
            let hop = try transfer(url, display: hopDisplay, lines: home ? withCredentials : bare, request: request,
                                   timeoutSeconds: remaining, secrets: secrets)
            var response = hop.response
            wireBytes += response.wireBytes
            elapsed += hop.seconds
            let target = (300..<400).contains(response.status) && response.status != 304 ? hop.redirect : nil
            guard let target else {
                response.wireBytes = wireBytes
                response.otherOrigin = home ? nil : URLText.origin(url)
                return response
            }
            redirects += 1
            let targetDisplay = redactor.redact(Self.redacted(target))
            guard redirects <= configuration.maximumRedirects else {
                throw FetchError(url: display, message: "more than \(configuration.maximumRedirects) redirects (the last to \(targetDisplay)); "
                                 + "expected at most \(configuration.maximumRedirects) redirects", kind: .refused)
            }
            do {
                try CurlEasy.requireHTTP(target, display: targetDisplay)
            } catch {
                throw FetchError(url: display, message: "HTTP \(response.status) redirect to \(targetDisplay) refused; "
                                 + "expected an http or https URL, for the request and every redirect", kind: .refused)
            }
            if URLText.origin(target) != origin, redactor.redact(target) != target {
                throw FetchError(url: display, message: "HTTP \(response.status) redirect to \(targetDisplay) refused: its URL carries "
                                 + "this feed's key to another origin than \(origin); expected redirects elsewhere to carry no credentials",
                                 kind: .refused)
            }
            url = target
            hopDisplay = targetDisplay
        }
    }

    /// One request without following redirects: the response as it came, whatever its status, where it
    /// redirects to (absolute, as libcurl resolved its `Location`), and how long it took.
    private func transfer(_ url: String, display: String, lines: [String], request: HTTPRequest, timeoutSeconds: Int,
                          secrets: [String]) throws(FetchError) -> (response: HTTPResponse, redirect: String?, seconds: Double) {
        let c = configuration
        var settings = CurlEasy.Settings(
            connectTimeoutSeconds: c.connectTimeoutSeconds, totalTimeoutSeconds: timeoutSeconds,
            lowSpeedBytes: c.lowSpeedBytes, lowSpeedSeconds: c.lowSpeedSeconds, maximumBytes: request.maximumBytes,
            maximumRedirects: c.maximumRedirects, userAgent: c.userAgent, caFile: c.caFile, maximumBytesName: "maximumBytes")
        settings.followRedirects = false

        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        for line in lines {
            list = airtrend_curl_slist_append_or_free(list, line)
            guard list != nil else { throw FetchError(url: display, message: "out of memory building request headers", kind: .unavailable) }
        }
        let sink = ResponseSink(limit: request.maximumBytes)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }

        try easy.prepare(url: url, display: display, settings: settings)
        // Declared after the list and sink defers, so it runs before they free what the handle points at.
        defer { easy.clear() }
        let handle = easy.handle
        var setUp = airtrend_curl_set_slist(handle, CURLOPT_HTTPHEADER, list)
        if setUp == CURLE_OK { setUp = airtrend_curl_set_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()) }
        if setUp == CURLE_OK { setUp = airtrend_curl_set_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()) }
        if setUp == CURLE_OK {
            setUp = airtrend_curl_set_write_function(handle) { data, size, count, userdata in
                let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
                let n = size * count
                // Checked per chunk, while streaming: returning less than `n` makes libcurl abort at once.
                guard sink.body.count + n <= sink.limit else {
                    sink.overflow = true
                    return 0
                }
                if n > 0 { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n)) }
                return n
            }
        }
        if setUp == CURLE_OK {
            setUp = airtrend_curl_set_header_function(handle) { line, size, count, userdata in
                let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
                let n = size * count
                HTTPClient.collectHeader(UnsafeRawBufferPointer(start: line, count: n), into: sink)
                return n
            }
        }
        guard setUp == CURLE_OK else {
            throw FetchError(url: display, message: "libcurl rejected a callback option (curl error \(setUp.rawValue))", kind: .unavailable)
        }

        let rc = easy.perform()
        if sink.overflow || rc == CURLE_FILESIZE_EXCEEDED {
            throw FetchError(url: display, message: "body larger than the \(request.maximumBytes)-byte limit (maximumBytes); transfer aborted", kind: .tooLarge)
        }
        guard rc == CURLE_OK else {
            throw easy.failure(rc, url: url, display: display, settings: settings, secrets: secrets)
        }
        // Read before the deferred reset clears them.
        let response = HTTPResponse(status: easy.responseCode, headers: sink.headers, body: sink.body, wireBytes: easy.downloadedBytes)
        return (response, easy.redirectURL, easy.totalSeconds)
    }

    /// The request's header lines in a stable order, validators last; rejects values that would split a header.
    private static func headerLines(for request: HTTPRequest, display: String) throws(FetchError) -> [String] {
        var fields = request.headers.sorted { $0.key.lowercased() < $1.key.lowercased() }
        if let etag = request.etag { fields.append(("If-None-Match", etag)) }
        if let lastModified = request.lastModified { fields.append(("If-Modified-Since", lastModified)) }
        var lines: [String] = []
        for (name, value) in fields {
            let validName = !name.isEmpty && name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
            // The value is never echoed: it may be the API key.
            guard validName else { throw FetchError(url: display, message: "header name '\(name)' is not a valid token", kind: .usage) }
            guard !value.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 0 }) else {
                throw FetchError(url: display, message: "header \(name) has a line break or NUL in its value", kind: .usage)
            }
            // "Name:" with nothing after it would make libcurl drop the header; "Name;" sends it empty.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        return lines
    }

    /// Adds one raw header line to `sink`; a status line starts a new response (redirect hop, 100 Continue).
    private static func collectHeader(_ raw: UnsafeRawBufferPointer, into sink: ResponseSink) {
        var bytes = raw[...]
        while let last = bytes.last, last == 10 || last == 13 { bytes = bytes.dropLast() }
        if bytes.starts(with: "HTTP/".utf8) {
            sink.headers = [:]
            sink.lastHeaderName = nil
            return
        }
        guard let first = bytes.first else { return } // blank line: end of this response's headers
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        if isSpace(first) {
            // Obsolete line folding: the line continues the previous header's value.
            if let name = sink.lastHeaderName, let value = sink.headers[name] {
                let more = String(decoding: bytes.drop(while: isSpace), as: UTF8.self)
                sink.headers[name] = value + " " + more
            }
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        var value = bytes[(colon + 1)...].drop(while: isSpace)
        while let last = value.last, isSpace(last) { value = value.dropLast() }
        sink.headers[name] = String(decoding: value, as: UTF8.self)
        sink.lastHeaderName = name
    }

    /// The URL with user info removed and query-string values blanked, for logs and errors.
    ///
    /// `https://u:pw@host/p?token=abc&x=1` → `https://host/p?token=REDACTED&x=REDACTED`.
    /// Parameters without a value keep their name.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let (_, authority) = URLText.authority(in: text), let at = text[authority].lastIndex(of: "@") {
            text.removeSubrange(authority.lowerBound...at)
        }
        guard let q = text.firstIndex(of: "?") else { return text }
        let query = text[text.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            return pair[..<equals] + "=REDACTED"
        }
        return String(text[...q]) + query.joined(separator: "&")
    }
}
