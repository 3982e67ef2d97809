import AirtrendDomain
import CCurl

/// One libcurl easy handle with the option set-up and error mapping that
/// ``HTTPClient`` and ``CurlDownloader`` share.
///
/// Not thread-safe: libcurl forbids using one easy handle from two threads at
/// once, so each owner uses it from one thread at a time. The handle is kept
/// for the owner's lifetime and only reset between transfers, because
/// `curl_easy_reset` keeps live connections, the DNS cache and TLS sessions,
/// which is what makes repeated requests to one host cheap.
final class CurlEasy {
    /// What every transfer is configured with; the owners fill it from their own configuration.
    struct Settings: Sendable {
        var connectTimeoutSeconds: Int
        var totalTimeoutSeconds: Int
        var lowSpeedBytes: Int
        var lowSpeedSeconds: Int
        var maximumBytes: Int
        var maximumRedirects: Int
        var userAgent: String
        var caFile: String?
        /// How the byte limit is called where the user sets it, for messages (`maximumBytes`, `max_bytes`).
        var maximumBytesName: String
        /// Let libcurl follow redirects itself (up to `maximumRedirects`). ``HTTPClient`` turns this off and
        /// follows them itself, because libcurl re-sends custom headers (an API key) to any host.
        var followRedirects = true
    }

    let handle: UnsafeMutableRawPointer
    /// libcurl writes a specific reason here (which host, which protocol); strerror alone is vague.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// `curl_global_init` is not safe to race with other libcurl calls; a static
    /// let runs it exactly once, before the first handle exists.
    private static let globallyInitialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init() throws(FetchError) {
        guard Self.globallyInitialised, let handle = curl_easy_init() else {
            throw FetchError(url: "", message: "libcurl failed to initialise", kind: .unavailable)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Throws `.refused` unless `url` is http or https; libcurl would refuse it too, with a vaguer message.
    static func requireHTTP(_ url: String, display: String) throws(FetchError) {
        let lower = url.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw FetchError(url: display, message: "only http and https URLs can be fetched", kind: .refused)
        }
    }

    /// Resets the handle and applies the shared options for a GET of `url`.
    ///
    /// Callers add their callbacks afterwards and must call ``clear()`` once the
    /// transfer is over, before anything those options point at is freed.
    func prepare(url: String, display: String, settings s: Settings) throws(FetchError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_URL, url, "URL", display)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer), display)
        // Only http(s), also for redirect targets: a server must not be able to
        // send us to file:, ftp:, gopher: or the like.
        try set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR", display)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https", "REDIR_PROTOCOLS_STR", display)
        try set(CURLOPT_FOLLOWLOCATION, s.followRedirects ? 1 : 0, display)
        if s.followRedirects { try set(CURLOPT_MAXREDIRS, s.maximumRedirects, display) }
        try set(CURLOPT_CONNECTTIMEOUT, s.connectTimeoutSeconds, display)
        try set(CURLOPT_TIMEOUT, s.totalTimeoutSeconds, display)
        try set(CURLOPT_LOW_SPEED_LIMIT, s.lowSpeedBytes, display)
        try set(CURLOPT_LOW_SPEED_TIME, s.lowSpeedSeconds, display)
        // Without it libcurl uses SIGALRM for DNS timeouts, which is unsafe with threads.
        try set(CURLOPT_NOSIGNAL, 1, display)
        try set(CURLOPT_SSL_VERIFYPEER, 1, display)
        try set(CURLOPT_SSL_VERIFYHOST, 2, display)
        if let ca = s.caFile { try set(CURLOPT_CAINFO, ca, "CAINFO", display) }
        // Advertises gzip and deflate and decodes them; the write callback sees the decoded body.
        try set(CURLOPT_ACCEPT_ENCODING, "gzip, deflate", "ACCEPT_ENCODING", display)
        try set(CURLOPT_USERAGENT, s.userAgent, "USERAGENT", display)
        // Refuses a body whose Content-Length already exceeds the limit before any of it
        // arrives; bodies without one (or growing when decoded) are cut by the write callback.
        guard airtrend_curl_set_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(s.maximumBytes)) == CURLE_OK else {
            throw optionFailure("MAXFILESIZE_LARGE", display)
        }
        // CURLOPT_PROXY is deliberately never set, so libcurl keeps reading
        // http_proxy / https_proxy / no_proxy from the environment.
    }

    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    /// Back to defaults, so no option keeps pointing at a freed header list, sink or buffer.
    func clear() { curl_easy_reset(handle) }

    /// The last response's status (of the final redirect hop), 0 when none arrived.
    var responseCode: Int {
        var status = 0
        _ = airtrend_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    /// Where the last response redirects to, as an absolute URL (libcurl resolves a relative
    /// `Location`), or nil when it is not a redirect.
    var redirectURL: String? {
        var pointer: UnsafePointer<CChar>?
        guard airtrend_curl_get_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Seconds the last transfer took, set-up included.
    var totalSeconds: Double {
        var microseconds: curl_off_t = 0
        _ = airtrend_curl_get_off_t(handle, CURLINFO_TOTAL_TIME_T, &microseconds)
        return Double(microseconds) / 1e6
    }

    /// Body bytes received for the last response as they came off the wire (before decoding).
    var downloadedBytes: Int {
        var bytes: curl_off_t = 0
        _ = airtrend_curl_get_off_t(handle, CURLINFO_SIZE_DOWNLOAD_T, &bytes)
        return Int(bytes)
    }

    /// The ``FetchError`` for a failed transfer: kind by curl code, message with curl's
    /// reason and what was expected, secrets scrubbed.
    ///
    /// - Parameters:
    ///   - url: the request URL as given; only its redacted form is used.
    ///   - secrets: header values (API keys) to scrub from libcurl's detail text.
    func failure(_ code: CURLcode, url: String, display: String, settings s: Settings, secrets: [String] = []) -> FetchError {
        let reason = String(cString: curl_easy_strerror(code))
        let detail = Self.scrub(String(cString: errorBuffer), url: url, display: display, secrets: secrets)
        var message = "curl error \(code.rawValue): \(reason)"
        if !detail.isEmpty, detail != reason { message += " (\(detail))" }
        let (kind, expected) = Self.classify(code, settings: s)
        return FetchError(url: display, message: message + "; expected " + expected, kind: kind)
    }

    /// Error kind and the expectation that was not met, per curl code.
    static func classify(_ code: CURLcode, settings s: Settings) -> (FetchError.Kind, String) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            // Connect timeout, total timeout and the low-speed abort all report this code.
            return (.timeout, "a connection within \(s.connectTimeoutSeconds) s, at least \(s.lowSpeedBytes) bytes/s over any \(s.lowSpeedSeconds) s, and the whole response within \(s.totalTimeoutSeconds) s")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return (.connection, "a host name that resolves")
        case CURLE_COULDNT_CONNECT:
            return (.connection, "a server accepting connections")
        case CURLE_GOT_NOTHING:
            return (.connection, "an HTTP response; the server closed the connection without sending one")
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return (.connection, "the connection to stay open until the response is complete")
        case CURLE_PARTIAL_FILE:
            return (.truncated, "as many body bytes as the Content-Length header announced")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return (.refused, "an http or https URL, for the request and every redirect")
        case CURLE_TOO_MANY_REDIRECTS:
            return (.refused, "at most \(s.maximumRedirects) redirects")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT:
            return (.refused, "a TLS handshake with a certificate valid for the host and signed by a trusted CA" + (s.caFile.map { " (ca_file \($0))" } ?? ""))
        case CURLE_FILESIZE_EXCEEDED:
            return (.tooLarge, "at most \(s.maximumBytes) bytes (\(s.maximumBytesName))")
        case CURLE_URL_MALFORMAT:
            return (.usage, "a well-formed http(s) URL")
        case CURLE_BAD_CONTENT_ENCODING:
            return (.unavailable, "a body that decodes according to its Content-Encoding")
        default:
            return (.unavailable, "a complete HTTP response")
        }
    }

    /// libcurl's detail text with anything URL-shaped redacted and the given secrets removed.
    ///
    /// Details name hosts and ports, but a few (proxy errors) quote a whole URL,
    /// which may carry credentials.
    static func scrub(_ detail: String, url: String, display: String, secrets: [String]) -> String {
        var text = detail.trimmingTrailingNewlines
        if !url.isEmpty { text = text.replacing(url, with: display) }
        text = SecretRedactor(secrets: secrets).redact(text)
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            word.contains("://") || word.contains("?") ? HTTPClient.redacted(String(word)) : String(word)
        }
        return words.joined(separator: " ")
    }

    private func set(_ option: CURLoption, _ value: Int, _ display: String) throws(FetchError) {
        guard airtrend_curl_set_long(handle, option, value) == CURLE_OK else { throw optionFailure("\(option.rawValue)", display) }
    }

    private func set(_ option: CURLoption, _ value: String, _ name: String, _ display: String) throws(FetchError) {
        // libcurl copies string options, so the temporary C string may go away after the call.
        guard airtrend_curl_set_string(handle, option, value) == CURLE_OK else { throw optionFailure(name, display) }
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer, _ display: String) throws(FetchError) {
        guard airtrend_curl_set_pointer(handle, option, pointer) == CURLE_OK else { throw optionFailure("\(option.rawValue)", display) }
    }

    /// A security option silently not applied would be worse than no transfer, so set-up failures throw.
    private func optionFailure(_ name: String, _ display: String) -> FetchError {
        let version = String(cString: curl_version())
        return FetchError(url: display, message: "libcurl rejected option \(name) (\(version)); expected libcurl 7.85 or newer", kind: .unavailable)
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last.isNewline { text = text.dropLast() }
        return String(text)
    }
}
