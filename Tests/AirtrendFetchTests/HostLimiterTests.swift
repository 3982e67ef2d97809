import AirtrendTestSupport
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

    @Test func capsConcurrencyPerHost_againstARealServer() async throws {
        let server = try Loopback.server()
        for perHost in [2, 3] {
            let key = Loopback.key()
            let limiter = HostLimiter(perHost: perHost)
            let url = server.url("/slow?key=\(key)&hold=0.4")
            // Seven tasks at once; each request blocks a plain thread of its own, as a feed's lane does.
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<7 {
                    group.addTask {
                        do {
                            let status = try await limiter.withSlot(for: url) {
                                try await onThread { () throws(FetchError) in try HTTPClient().perform(HTTPRequest(url: url)).status }
                            }
                            return status == 200 ? nil : "status \(status)"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty)
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

    @Test func otherHosts_areNotBlocked_sameHostIs() async throws {
        let limiter = HostLimiter(perHost: 1)
        let (holding, holdingSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await limiter.withSlot(for: "http://a.example/1") {
                holdingSignal.yield()
                for await _ in release { break }
            }
        }
        for await _ in holding { break }
        #expect(await limiter.inFlight(for: "http://A.example:80/other") == 1)

        // Another host gets its slot at once.
        #expect(try await limiter.withSlot(for: "http://b.example/1") { 7 } == 7)

        // The same host waits until the holder lets go.
        let sameHost = Task { try await limiter.withSlot(for: "http://A.EXAMPLE/2") { ContinuousClock.now } }
        try await Task.sleep(for: .milliseconds(300))
        let released = ContinuousClock.now
        releaseSignal.yield()
        let served = try await sameHost.value
        #expect(served >= released)
        try await holder.value
        #expect(await limiter.inFlight(for: "http://a.example/") == 0)
    }

    @Test func slotIsReleased_whenTheBodyThrows() async throws {
        struct Boom: Error {}
        let limiter = HostLimiter(perHost: 1)
        await #expect(throws: Boom.self) { try await limiter.withSlot(for: "http://x.example/") { throw Boom() } }
        #expect(await limiter.inFlight(for: "http://x.example/") == 0)
        #expect(try await limiter.withSlot(for: "http://x.example/") { 42 } == 42)
    }

    @Test func aCancelledWaiter_leavesTheQueue_andTheSlotGoesToTheNext() async throws {
        let limiter = HostLimiter(perHost: 1)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let (holding, holdingSignal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await limiter.withSlot(for: "http://c.example/") {
                holdingSignal.yield()
                for await _ in release { break }
            }
        }
        for await _ in holding { break }
        let cancelled = Task { try await limiter.withSlot(for: "http://c.example/") { 1 } }
        let next = Task { try await limiter.withSlot(for: "http://c.example/") { 2 } }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        releaseSignal.yield()
        #expect(try await next.value == 2)
        try await holder.value
        #expect(await limiter.inFlight(for: "http://c.example/") == 0)
    }
}

private func peak(_ server: LoopbackServer, _ key: String) throws -> Int? {
    Int(String(decoding: try HTTPClient().perform(HTTPRequest(url: server.url("/max-inflight?key=\(key)"))).body, as: UTF8.self))
}
