import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Downloads an archive over http(s) with libcurl into a local file.
///
/// One easy handle per downloader, reused across downloads. Only http and
/// https are allowed, for the request and for redirects (at most 5); TLS is
/// verified; bodies are decompressed (gzip, deflate) and capped at
/// `maximumBytes` while streaming, so a runaway server cannot fill the disk.
public final class CurlDownloader {
    /// Plain settings with their defaults.
    public struct Configuration: Sendable {
        public var connectTimeoutSeconds = 15
        public var totalTimeoutSeconds = 300
        /// Abort when fewer than `lowSpeedBytes` per second arrive for `lowSpeedSeconds`.
        public var lowSpeedBytes = 100
        public var lowSpeedSeconds = 30
        public var maximumBytes = 64 << 20
        public var userAgent = "airtrend/\(AirtrendVersion.string)"
        public var caFile: String?
        public init() {}
    }

    private let handle: UnsafeMutableRawPointer
    private let configuration: Configuration

    public init(configuration: Configuration = Configuration()) throws(FetchError) {
        guard curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK, let handle = curl_easy_init() else {
            throw FetchError(url: "", message: "libcurl failed to initialise", kind: .unavailable)
        }
        self.handle = handle
        self.configuration = configuration
    }

    deinit { curl_easy_cleanup(handle) }

    /// Context handed to the C write callback through its userdata pointer.
    private final class Sink {
        let fd: Int32
        let limit: Int
        var written = 0
        var overflow = false
        var failed = false
        init(fd: Int32, limit: Int) {
            self.fd = fd
            self.limit = limit
        }
    }

    /// Fetches `url` into `destination`, replacing it; returns the bytes written.
    ///
    /// - Throws: ``FetchError`` naming the URL and the HTTP status or curl error.
    @discardableResult
    public func download(_ url: String, to destination: String) throws(FetchError) -> Int {
        let display = Self.redacted(url)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw FetchError(url: display, message: "only http and https URLs can be downloaded", kind: .refused)
        }
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw FetchError(url: display, message: "cannot write \(destination): \(String(cString: strerror(errno)))", kind: .unavailable)
        }
        defer { close(fd) }
        let sink = Sink(fd: fd, limit: configuration.maximumBytes)
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }

        curl_easy_reset(handle)
        let c = configuration
        _ = airtrend_curl_set_string(handle, CURLOPT_URL, url)
        _ = airtrend_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = airtrend_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = airtrend_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        _ = airtrend_curl_set_long(handle, CURLOPT_MAXREDIRS, 5)
        _ = airtrend_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, c.connectTimeoutSeconds)
        _ = airtrend_curl_set_long(handle, CURLOPT_TIMEOUT, c.totalTimeoutSeconds)
        _ = airtrend_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, c.lowSpeedBytes)
        _ = airtrend_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, c.lowSpeedSeconds)
        _ = airtrend_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = airtrend_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = airtrend_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let ca = c.caFile { _ = airtrend_curl_set_string(handle, CURLOPT_CAINFO, ca) }
        _ = airtrend_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "gzip, deflate")
        _ = airtrend_curl_set_string(handle, CURLOPT_USERAGENT, c.userAgent)
        _ = airtrend_curl_set_long(handle, CURLOPT_MAXFILESIZE_LARGE, c.maximumBytes)
        _ = airtrend_curl_set_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque())
        _ = airtrend_curl_set_write_function(handle) { data, size, count, userdata in
            // No captured context: everything arrives through userdata.
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let bytes = size * count
            if sink.written + bytes > sink.limit {
                sink.overflow = true
                return 0
            }
            var offset = 0
            while offset < bytes {
                let n = write(sink.fd, data! + offset, bytes - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    sink.failed = true
                    return 0
                }
                offset += n
            }
            sink.written += bytes
            return bytes
        }

        let rc = curl_easy_perform(handle)
        var status = 0
        _ = airtrend_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if sink.overflow || rc == CURLE_FILESIZE_EXCEEDED {
            throw FetchError(url: display, message: "body larger than the \(c.maximumBytes)-byte limit (max_bytes)", kind: .tooLarge)
        }
        guard rc == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(rc))
            let kind: FetchError.Kind = rc == CURLE_UNSUPPORTED_PROTOCOL ? .refused : .unavailable
            throw FetchError(url: display, message: "curl error \(rc.rawValue): \(reason)", kind: kind)
        }
        guard (200..<300).contains(status) else {
            throw FetchError(url: display, message: "HTTP status \(status), expected 2xx", kind: status == 404 ? .notFound : .unavailable)
        }
        return sink.written
    }

    /// The URL with query-string values and user info blanked, for logs and errors.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at {
            text.replaceSubrange(scheme.upperBound..<text.index(after: at), with: "")
        }
        guard let q = text.firstIndex(of: "?") else { return text }
        let query = text[text.index(after: q)...].split(separator: "&").map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? "\(parts[0])=REDACTED" : String(pair)
        }
        return String(text[...q]) + query.joined(separator: "&")
    }
}
