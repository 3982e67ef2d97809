import CCurl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Downloads an archive over http(s) with libcurl into a local file.
///
/// One easy handle per downloader, reused across downloads; use it from one
/// thread at a time. The transport set-up is ``HTTPClient``'s: only http and
/// https, for the request and for redirects (at most
/// ``Configuration/maximumRedirects``); TLS is verified; bodies are decompressed
/// (gzip, deflate) and capped at `maximumBytes` while streaming, so a runaway
/// server cannot fill the disk. Unlike ``HTTPClient`` a non-2xx status throws
/// (`.notFound` for 404, `.httpStatus` otherwise, with ``FetchError/status``);
/// transport failures have the same kinds as there. It sends no headers of its own, so unlike
/// ``HTTPClient`` it lets libcurl follow redirects: user info in the URL becomes `Authorization`, which
/// libcurl sends to the first host only (CURLOPT_UNRESTRICTED_AUTH is left off).
public final class CurlDownloader {
    /// Plain settings with their defaults.
    public struct Configuration: Sendable {
        public var connectTimeoutSeconds = 15
        public var totalTimeoutSeconds = 300
        /// Abort when fewer than `lowSpeedBytes` per second arrive for `lowSpeedSeconds`.
        public var lowSpeedBytes = 100
        public var lowSpeedSeconds = 30
        public var maximumBytes = 64 << 20
        public var maximumRedirects = 5
        public var userAgent = "airtrend/\(AirtrendVersion.string)"
        public var caFile: String?
        public init() {}
    }

    private let easy: CurlEasy
    private let configuration: Configuration

    public init(configuration: Configuration = Configuration()) throws(FetchError) {
        easy = try CurlEasy()
        self.configuration = configuration
    }

    /// Context handed to the C write callback through its userdata pointer.
    private final class Sink {
        let fd: Int32
        let limit: Int
        var written = 0
        var overflow = false
        /// errno of a failed write(2), 0 while all is well.
        var writeErrno: Int32 = 0
        init(fd: Int32, limit: Int) {
            self.fd = fd
            self.limit = limit
        }
    }

    /// Fetches `url` into `destination`, replacing it; returns the bytes written.
    ///
    /// - Throws: ``FetchError`` naming the URL (redacted) and the HTTP status or curl error.
    @discardableResult
    public func download(_ url: String, to destination: String) throws(FetchError) -> Int {
        let display = HTTPClient.redacted(url)
        try CurlEasy.requireHTTP(url, display: display)
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw FetchError(url: display, message: "cannot write \(destination): \(String(cString: strerror(errno)))", kind: .unavailable)
        }
        defer { close(fd) }
        let sink = Sink(fd: fd, limit: configuration.maximumBytes)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }

        let c = configuration
        let settings = CurlEasy.Settings(
            connectTimeoutSeconds: c.connectTimeoutSeconds, totalTimeoutSeconds: c.totalTimeoutSeconds,
            lowSpeedBytes: c.lowSpeedBytes, lowSpeedSeconds: c.lowSpeedSeconds, maximumBytes: c.maximumBytes,
            maximumRedirects: c.maximumRedirects, userAgent: c.userAgent, caFile: c.caFile, maximumBytesName: "max_bytes")
        try easy.prepare(url: url, display: display, settings: settings)
        // Runs before the sink is released, so the handle never points at a freed sink.
        defer { easy.clear() }
        var setUp = airtrend_curl_set_pointer(easy.handle, CURLOPT_WRITEDATA, context.toOpaque())
        if setUp == CURLE_OK {
            setUp = airtrend_curl_set_write_function(easy.handle) { data, size, count, userdata in
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
                        sink.writeErrno = n < 0 ? errno : EIO
                        return 0
                    }
                    offset += n
                }
                sink.written += bytes
                return bytes
            }
        }
        guard setUp == CURLE_OK else {
            throw FetchError(url: display, message: "libcurl rejected a callback option (curl error \(setUp.rawValue))", kind: .unavailable)
        }

        let rc = easy.perform()
        if sink.overflow || rc == CURLE_FILESIZE_EXCEEDED {
            throw FetchError(url: display, message: "body larger than the \(c.maximumBytes)-byte limit (max_bytes); transfer aborted", kind: .tooLarge)
        }
        if sink.writeErrno != 0 {
            throw FetchError(url: display, message: "cannot write \(destination): \(String(cString: strerror(sink.writeErrno)))", kind: .unavailable)
        }
        guard rc == CURLE_OK else { throw easy.failure(rc, url: url, display: display, settings: settings) }
        let status = easy.responseCode
        guard (200..<300).contains(status) else {
            throw FetchError(url: display, message: "HTTP status \(status) (\(RetryPolicy.describe(status: status))), expected 2xx",
                             kind: status == 404 ? .notFound : .httpStatus, status: status)
        }
        return sink.written
    }

    /// The URL with query-string values and user info blanked, for logs and errors; same as ``HTTPClient/redacted(_:)``.
    public static func redacted(_ url: String) -> String { HTTPClient.redacted(url) }
}
