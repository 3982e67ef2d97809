import AirtrendTestSupport
import AirtrendFetch
import Foundation
import Testing

/// The body every plain CSV route of the loopback server answers with.
let loopbackBody = Array("Site,Parameter\nBeijing,PM2.5\n".utf8)

@Suite struct HTTPClientTests {
    @Test func ok_returnsStatusFinalHeadersAndBody() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/headers")))
        #expect(response.status == 200)
        #expect(response.body == loopbackBody)
        #expect(response.wireBytes == loopbackBody.count)
        #expect(response.contentType == "text/csv; charset=utf-8")
        #expect(response.etag == "\"v1-abc\"")
        #expect(response.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
        // Names lower-cased, values as sent, the last of repeated headers wins.
        #expect(response.headers["x-mixed-case"] == "Value Kept")
        #expect(response.headers["x-custom"] == "two")
        #expect(response.headers["X-Custom"] == nil)
    }

    @Test func errorStatuses_areReturnedNotThrown() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        for code in [401, 403, 404, 410, 500, 503] {
            let response = try client.perform(HTTPRequest(url: server.url("/status?code=\(code)")))
            #expect(response.status == code)
            #expect(response.body == Array("status \(code)".utf8))
        }
    }

    @Test func requestHeadersAndValidators_arrive() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let request = HTTPRequest(url: server.url("/echo"), headers: ["X-API-Key": "k3y-SECRET-value", "Accept": "text/csv", "X-Empty": ""],
                                  etag: "\"v0\"", lastModified: "Tue, 20 Oct 2015 07:28:00 GMT")
        let echoed = String(decoding: try client.perform(request).body, as: UTF8.self)
        #expect(echoed.contains("x-api-key: present\n"))
        #expect(echoed.contains("x-api-key-length: 16\n"))
        #expect(echoed.contains("accept: text/csv\n"))
        #expect(echoed.contains("accept-encoding: gzip, deflate\n"))
        #expect(echoed.contains("user-agent: airtrend/\(AirtrendVersion.string)\n"))
        #expect(echoed.contains("if-none-match: \"v0\"\n"))
        #expect(echoed.contains("if-modified-since: Tue, 20 Oct 2015 07:28:00 GMT\n"))
        #expect(echoed.contains("x-empty: present\n"))
        // The handle is reset between requests: nothing of the previous request's headers is left.
        let bare = String(decoding: try client.perform(HTTPRequest(url: server.url("/echo"))).body, as: UTF8.self)
        #expect(bare.contains("x-api-key: absent\n"))
        #expect(bare.contains("if-none-match: \n"))
        #expect(bare.contains("x-empty: absent\n"))
    }

    @Test func etag_makesTheNextRequestConditional() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let first = try client.perform(HTTPRequest(url: server.url("/etag")))
        #expect(first.status == 200)
        let etag = try #require(first.etag)
        let second = try client.perform(HTTPRequest(url: server.url("/etag"), etag: etag))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        let stale = try client.perform(HTTPRequest(url: server.url("/etag"), etag: "\"other\""))
        #expect(stale.status == 200)
    }

    @Test func lastModified_makesTheNextRequestConditional() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let first = try client.perform(HTTPRequest(url: server.url("/last-modified")))
        #expect(first.status == 200)
        let stamp = try #require(first.lastModified)
        let second = try client.perform(HTTPRequest(url: server.url("/last-modified"), lastModified: stamp))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
    }

    @Test func gzipAndDeflateBodies_areDecoded() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        for route in ["/gzip.csv", "/deflate.csv"] {
            let response = try client.perform(HTTPRequest(url: server.url(route)))
            #expect(response.body == loopbackBody, "\(route)")
            // wireBytes counts the compressed bytes, which differ from the decoded length.
            #expect(response.wireBytes > 0 && response.wireBytes != loopbackBody.count, "\(route)")
        }
    }

    @Test func sizeLimit_appliesToTheDecodedBody() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let bomb = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: server.url("/gzip-bomb"), maximumBytes: 1 << 20)) }
        #expect(bomb?.kind == .tooLarge)
        let fits = try client.perform(HTTPRequest(url: server.url("/gzip-bomb"), maximumBytes: 8 << 20))
        #expect(fits.body.count == 4 << 20)
        #expect(fits.wireBytes < 64 << 10)
    }

    @Test func oversizedBody_withContentLength_isTooLarge() throws {
        let server = try Loopback.server()
        let error = failure { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: server.url("/big"), maximumBytes: 1 << 20)) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("1048576") == true)
        // The limit is inclusive: the same 2 MiB body fits a 2 MiB limit.
        #expect(try HTTPClient().perform(HTTPRequest(url: server.url("/big"), maximumBytes: 2 << 20)).body.count == 2 << 20)
    }

    @Test func oversizedStream_isAbortedEarly() throws {
        let server = try Loopback.server()
        let key = Loopback.key()
        let start = ContinuousClock.now
        let error = failure { () throws(FetchError) in
            try HTTPClient().perform(HTTPRequest(url: server.url("/stream-big?key=\(key)"), maximumBytes: 1 << 20))
        }
        #expect(error?.kind == .tooLarge)
        #expect(seconds(since: start) < 5)
        // The server offers 256 MiB and records how much got out before the client hung up;
        // what is left in socket buffers aside, the client must have stopped near its 1 MiB.
        var sent = -1
        for _ in 0..<50 where sent < 0 {
            sent = Int(String(decoding: try HTTPClient().perform(HTTPRequest(url: server.url("/sent?key=\(key)"))).body, as: UTF8.self)) ?? -1
            if sent < 0 { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(sent >= 1 << 20)
        #expect(sent < 64 << 20)
    }

    @Test func contentLongerThanBody_isTruncated() throws {
        let server = try Loopback.server()
        let error = failure { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: server.url("/short"))) }
        #expect(error?.kind == .truncated)
        #expect(error?.message.hasPrefix("curl error 18: ") == true)
        #expect(error?.message.contains("expected as many body bytes as the Content-Length") == true)
    }

    @Test func silentServer_timesOut() throws {
        let server = try Loopback.server()
        let start = ContinuousClock.now
        let error = failure { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: server.url("/hang"), timeoutSeconds: 2)) }
        let elapsed = seconds(since: start)
        #expect(error?.kind == .timeout)
        #expect(error?.message.hasPrefix("curl error 28: ") == true)
        #expect(elapsed >= 1.5 && elapsed < 6, "took \(elapsed) s")
    }

    @Test func tricklingBody_hitsTheLowSpeedLimit() throws {
        let server = try Loopback.server()
        let client = try HTTPClient(configuration: .init(lowSpeedBytes: 100, lowSpeedSeconds: 1))
        let start = ContinuousClock.now
        let error = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: server.url("/trickle"), timeoutSeconds: 60)) }
        let elapsed = seconds(since: start)
        #expect(error?.kind == .timeout)
        #expect(elapsed < 6, "took \(elapsed) s")
    }

    @Test func redirects_areFollowedUpToTheLimit() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let five = try client.perform(HTTPRequest(url: server.url("/loop?n=5")))
        #expect(five.status == 200)
        #expect(five.body == Array("arrived".utf8))
        let six = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: server.url("/loop?n=6"))) }
        #expect(six?.kind == .refused)
        #expect(six?.message.contains("at most 5 redirects") == true)
        let strict = try HTTPClient(configuration: .init(maximumRedirects: 1))
        #expect(throws: FetchError.self) { try strict.perform(HTTPRequest(url: server.url("/loop?n=2"))) }
        #expect(try strict.perform(HTTPRequest(url: server.url("/loop?n=1"))).status == 200)
    }

    @Test func redirect_returnsTheFinalResponsesHeadersOnly() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/hop")))
        #expect(response.status == 200)
        #expect(response.headers["x-hop"] == nil)
        #expect(response.etag == "\"v1-abc\"")
        #expect(response.headers["location"] == nil)
    }

    @Test func nonHTTPTargets_areRefused() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let redirect = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: server.url("/to-file"))) }
        #expect(redirect?.kind == .refused)
        #expect(redirect?.message.contains("redirect to file:///etc/passwd refused; expected an http or https URL") == true,
                "\(String(describing: redirect))")
        let direct = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: "file:///etc/passwd")) }
        #expect(direct?.kind == .refused)
        // The handle still works after refusals.
        #expect(try client.perform(HTTPRequest(url: server.url("/ok.csv"))).body == loopbackBody)
    }

    @Test func credentials_followASameOriginRedirect_butNeverAnotherOrigin() throws {
        let server = try Loopback.server()
        let other = try LoopbackServer()
        let client = try HTTPClient()
        let key = "k3y-SECRET-value"
        func echoed(_ url: String) throws -> (String, HTTPResponse) {
            let response = try client.perform(HTTPRequest(url: url, headers: ["X-API-Key": key]))
            return (String(decoding: response.body, as: UTF8.self), response)
        }
        // Same origin: the key goes along, and the response says it came from home.
        let (home, homeResponse) = try echoed(server.url("/to-echo"))
        #expect(home.contains("x-api-key: present\n"), "\(home)")
        #expect(homeResponse.otherOrigin == nil)
        // Another port is another origin: followed, without the key.
        let target = other.url("/echo")
        for code in [301, 302, 303, 307, 308] {
            let (away, awayResponse) = try echoed(server.url("/away?code=\(code)&to=\(target)"))
            #expect(awayResponse.status == 200, "\(code)")
            #expect(away.contains("x-api-key: absent\n"), "\(code): \(away)")
            #expect(awayResponse.otherOrigin == "http://127.0.0.1:\(other.port)")
        }
        // Another host name for the same address is another origin too.
        let (named, _) = try echoed(server.url("/away?to=http://localhost:\(server.port)/echo"))
        #expect(named.contains("x-api-key: absent\n"), "\(named)")
        // And back home again after a hop elsewhere: the key is sent only where the URL's origin is the request's.
        let (back, _) = try echoed(server.url("/away?to=" + other.url("/away?to=" + server.url("/echo").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)))
        #expect(back.contains("x-api-key: present\n"), "\(back)")
    }

    @Test func redirectElsewhere_carryingTheKeyInItsURL_isRefused() throws {
        let server = try Loopback.server()
        let other = try LoopbackServer()
        let key = "k3y-SECRET-value"
        for leaked in [key, key.uppercased(), "k3y%2DSECRET%2dvalue"] {
            let target = other.url("/echo?token=\(leaked)").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let request = HTTPRequest(url: server.url("/away?to=\(target)"), headers: ["X-API-Key": key])
            let error = failure { () throws(FetchError) in try HTTPClient().perform(request) }
            #expect(error?.kind == .refused, "\(leaked)")
            #expect(error?.message.contains("carries this feed's key to another origin") == true, "\(String(describing: error))")
            #expect(error.map { "\($0)" }?.lowercased().contains("secret") == false)
        }
        // A query token given as a secret counts as well, with no header at all.
        let token = other.url("/echo?token=abcd1234").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let byToken = failure { () throws(FetchError) in
            try HTTPClient().perform(HTTPRequest(url: server.url("/away?to=\(token)"), secrets: ["ABCD1234"]))
        }
        #expect(byToken?.kind == .refused)
    }

    @Test func closedPort_isAConnectionError() throws {
        let port = try Loopback.closedPort()
        let error = failure { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: "http://127.0.0.1:\(port)/x", timeoutSeconds: 5)) }
        #expect(error?.kind == .connection)
        #expect(error?.message.hasPrefix("curl error 7: ") == true)
    }

    @Test func connection_isReusedAcrossRequests() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let first = String(decoding: try client.perform(HTTPRequest(url: server.url("/conn"))).body, as: UTF8.self)
        let second = String(decoding: try client.perform(HTTPRequest(url: server.url("/conn"))).body, as: UTF8.self)
        #expect(first == second, "same client port means the same connection")
        let other = try HTTPClient()
        let third = String(decoding: try other.perform(HTTPRequest(url: server.url("/conn"))).body, as: UTF8.self)
        #expect(third != first)
    }

    @Test func secrets_neverAppearInErrors() throws {
        let server = try Loopback.server()
        let closed = try Loopback.closedPort()
        let key = "k3y-SECRET-value"
        let client = try HTTPClient(configuration: .init(lowSpeedSeconds: 1))
        let urls = [
            server.url("/short?token=secret"),
            server.url("/to-file?token=secret"),
            server.url("/loop?n=9&token=secret"),
            server.url("/big?token=secret"),
            server.url("/trickle?token=secret&api_key=\(key)"),
            "http://user:secret@127.0.0.1:\(closed)/x?token=secret",
            "ftp://127.0.0.1/x?token=secret",
        ]
        var policy = RetryPolicy()
        policy.maximumAttempts = 1
        for url in urls {
            let request = HTTPRequest(url: url, headers: ["X-API-Key": key], maximumBytes: 1 << 20, timeoutSeconds: 5)
            let error = try #require(failure { () throws(FetchError) in try client.perform(request) }, "\(url) should fail")
            let texts = [error.description, error.url, error.message, "\(error)", String(reflecting: error),
                         "\(policy.decision(for: .failure(error), attempt: 0, now: Date()))"]
            for text in texts {
                #expect(!text.contains("secret"), "\(text)")
                #expect(!text.contains("SECRET"), "\(text)")
            }
            #expect(error.url.contains("token=REDACTED"))
        }
    }

    @Test func malformedRequests_areUsageErrors() throws {
        let server = try Loopback.server()
        let client = try HTTPClient()
        let split = failure { () throws(FetchError) in
            try client.perform(HTTPRequest(url: server.url("/echo"), headers: ["X-API-Key": "k3y\r\nX-Injected: 1"]))
        }
        #expect(split?.kind == .usage)
        #expect(split?.description.contains("k3y") == false)
        let noTimeout = failure { () throws(FetchError) in try client.perform(HTTPRequest(url: server.url("/echo"), timeoutSeconds: 0)) }
        #expect(noTimeout?.kind == .usage)
    }

    @Test func redaction_blanksQueryValuesAndUserInfo() {
        #expect(HTTPClient.redacted("https://user:pw@example.org/feed/?token=abc&x=1") == "https://example.org/feed/?token=REDACTED&x=REDACTED")
        // An "@" in the query is not user info.
        #expect(HTTPClient.redacted("https://example.org/a?email=x@y.org") == "https://example.org/a?email=REDACTED")
        #expect(HTTPClient.redacted("http://example.org/plain") == "http://example.org/plain")
        #expect(HTTPClient.redacted("http://example.org/?flag&k=") == "http://example.org/?flag&k=REDACTED")
        #expect(CurlDownloader.redacted("https://u@h/p?a=1") == "https://h/p?a=REDACTED")
    }
}

/// ``CurlDownloader`` runs on the same set-up as ``HTTPClient``, so its transport errors have the same kinds.
@Suite struct CurlDownloaderErrorKindTests {
    @Test func transportFailures_haveHTTPClientsKinds() throws {
        let server = try Loopback.server()
        let closed = try Loopback.closedPort()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-kinds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = CurlDownloader.Configuration()
        configuration.totalTimeoutSeconds = 2
        let downloader = try CurlDownloader(configuration: configuration)
        let cases: [(String, FetchError.Kind)] = [
            (server.url("/short"), .truncated), (server.url("/to-file"), .refused), (server.url("/loop?n=6"), .refused),
            ("http://127.0.0.1:\(closed)/", .connection), (server.url("/hang"), .timeout), (server.url("/missing"), .notFound),
            (server.url("/status?code=503"), .httpStatus),
        ]
        for (url, kind) in cases {
            let error = failure { () throws(FetchError) in try downloader.download(url, to: path) }
            #expect(error?.kind == kind, "\(url): \(String(describing: error))")
        }
        let unavailable = failure { () throws(FetchError) in try downloader.download(server.url("/status?code=503"), to: path) }
        #expect(unavailable?.status == 503)
        #expect(try downloader.download(server.url("/gzip.csv"), to: path) == loopbackBody.count)
    }
}

// MARK: - Shared test support

/// One loopback server for the HTTP suites, started on first use.
///
/// Routes that count take a `?key=` so tests sharing the server stay apart. The
/// server process exits by itself when the test process ends.
enum Loopback {
    private final class Holder: @unchecked Sendable {
        let server: LoopbackServer?
        let failure: String?
        init() {
            do {
                server = try LoopbackServer()
                failure = nil
            } catch {
                server = nil
                failure = "\(error)"
            }
        }
    }

    private static let shared = Holder()

    static func server() throws -> LoopbackServer {
        guard let server = shared.server else { throw LoopbackFailure(message: shared.failure ?? "no server") }
        return server
    }

    /// A port nothing listens on: a server's, after it was stopped.
    static func closedPort() throws -> Int {
        try LoopbackServer().port // stopped when the value is released at the end of this statement
    }

    static func key() -> String { UUID().uuidString }

    struct LoopbackFailure: Error { let message: String }
}

/// The error `body` threw, nil if it returned.
func failure<T>(_ body: () throws(FetchError) -> T) -> FetchError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Runs `body(index)` on `count` plain threads at once (not a thread pool, which
/// a 2-core machine would shrink to 2) and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// A value shared between test threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Runs a blocking call on a plain thread of its own and waits for it without blocking the task's thread.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws(FetchError) -> T) async throws(FetchError) -> T {
    let result: Result<T, FetchError> = await withCheckedContinuation { continuation in
        Thread {
            do throws(FetchError) { continuation.resume(returning: .success(try body())) } catch { continuation.resume(returning: .failure(error)) }
        }.start()
    }
    return try result.get()
}
