import AirtrendFetch
import Foundation
import Testing

@Suite struct HostLimiterTests {
    @Test func hostKey_isLowerCasedHostAndPort() {
        #expect(HostLimiter.hostKey(for: "http://Example.ORG/a") == "example.org:80")
        #expect(HostLimiter.hostKey(for: "https://example.org") == "example.org:443")
        #expect(HostLimiter.hostKey(for: "https://u:p@Example.org:8443/x?y=1") == "example.org:8443")
        #expect(HostLimiter.hostKey(for: "https://[::1]/x") == "[::1]:443")
        #expect(HostLimiter.hostKey(for: "http://[::1]:8080/x") == "[::1]:8080")
        #expect(HostLimiter.hostKey(for: "http://h?next=http://other/") == "h:80")
        #expect(HostLimiter.hostKey(for: "http://a.org:80/x") == HostLimiter.hostKey(for: "HTTP://A.org/y"))
    }

    @Test func capsConcurrencyPerHost_againstARealServer() throws {
        let server = try Loopback.server()
        for perHost in [2, 3] {
            let key = Loopback.key()
            let limiter = HostLimiter(perHost: perHost)
            let failures = Locked<[String]>([])
            let url = server.url("/slow?key=\(key)&hold=0.4")
            onThreads(7) { _ in
                do {
                    let status = try limiter.withSlot(for: url) { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: url)).status }
                    if status != 200 { failures.withValue { $0.append("status \(status)") } }
                } catch {
                    failures.withValue { $0.append("\(error)") }
                }
            }
            #expect(failures.withValue { $0 }.isEmpty)
            #expect(try peak(server, key) == perHost)
        }
    }

    @Test func withoutALimiter_theServerSeesMoreInFlight() throws {
        // The control for the test above: the server's counter does see overlap.
        let server = try Loopback.server()
        let key = Loopback.key()
        let url = server.url("/slow?key=\(key)&hold=0.6")
        onThreads(5) { _ in
            _ = try? HTTPClient().perform(HTTPRequest(url: url))
        }
        #expect(try peak(server, key) ?? 0 > 2)
    }

    @Test func otherHosts_areNotBlocked_sameHostIs() throws {
        let limiter = HostLimiter(perHost: 1)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            limiter.withSlot(for: "http://a.example/1") {
                holding.signal()
                release.wait()
            }
            done.signal()
        }.start()
        holding.wait()
        #expect(limiter.inFlight(for: "http://A.example:80/other") == 1)

        let otherHost = DispatchSemaphore(value: 0)
        Thread { limiter.withSlot(for: "http://b.example/1") { _ = otherHost.signal() } }.start()
        #expect(otherHost.wait(timeout: .now() + 5) == .success)

        let sameHost = DispatchSemaphore(value: 0)
        Thread { limiter.withSlot(for: "http://A.EXAMPLE/2") { _ = sameHost.signal() } }.start()
        #expect(sameHost.wait(timeout: .now() + 0.3) == .timedOut)
        release.signal()
        #expect(sameHost.wait(timeout: .now() + 5) == .success)
        #expect(done.wait(timeout: .now() + 5) == .success)
    }

    @Test func slotIsReleased_whenTheBodyThrows() {
        struct Boom: Error {}
        let limiter = HostLimiter(perHost: 1)
        #expect(throws: Boom.self) { try limiter.withSlot(for: "http://x.example/") { throw Boom() } }
        #expect(limiter.inFlight(for: "http://x.example/") == 0)
        #expect(limiter.withSlot(for: "http://x.example/") { 42 } == 42)
    }
}

private func peak(_ server: LoopbackServer, _ key: String) throws -> Int? {
    Int(String(decoding: try HTTPClient().perform(HTTPRequest(url: server.url("/max-inflight?key=\(key)"))).body, as: UTF8.self))
}
