import AirtrendTestSupport
import AirtrendFetch
import Foundation
import Testing

private func response(_ status: Int, _ headers: [String: String] = [:]) -> Result<HTTPResponse, FetchError> {
    .success(HTTPResponse(status: status, headers: headers, body: [], wireBytes: 0))
}

private func error(_ kind: FetchError.Kind) -> Result<HTTPResponse, FetchError> {
    .failure(FetchError(url: "https://api.example.org/v3?token=REDACTED", message: "curl error 0: test", kind: kind))
}

private func delay(_ decision: RetryDecision) -> Double? {
    if case .retry(let after, _) = decision { return after }
    return nil
}

private func reason(_ decision: RetryDecision) -> String {
    switch decision {
    case .done: return ""
    case .retry(_, let reason), .giveUp(let reason): return reason
    }
}

private let epoch = Date(timeIntervalSince1970: 0)

@Suite struct RetryPolicyTests {
    @Test func backoff_isFullJitterUnderADoublingCap() {
        let half = RetryPolicy(random: { 0.5 })
        #expect(half.backoff(attempt: 0) == 0.5)
        #expect(half.backoff(attempt: 1) == 1)
        #expect(half.backoff(attempt: 2) == 2)
        #expect(half.backoff(attempt: 6) == 30) // 2^6 = 64 s capped at 60 s
        #expect(half.backoff(attempt: 5_000) == 30) // no overflow
        let top = RetryPolicy(random: { 0.999 })
        #expect(top.backoff(attempt: 0) < 1)
        #expect(top.backoff(attempt: 3) < 8 && top.backoff(attempt: 3) > 7.9)
        // Never a zero-delay retry.
        let zero = RetryPolicy(random: { 0 })
        #expect(zero.backoff(attempt: 0) == 0.1)
        #expect(delay(zero.decision(for: response(500), attempt: 0, now: epoch)) == 0.1)
    }

    @Test func backoff_drawsFromTheInjectedSource() {
        let draws = Locked([0.25, 0.75, 0.5])
        let policy = RetryPolicy(random: { draws.withValue { $0.removeFirst() } })
        #expect(delay(policy.decision(for: response(503), attempt: 0, now: epoch)) == 0.25)
        #expect(delay(policy.decision(for: error(.timeout), attempt: 1, now: epoch)) == 1.5)
        #expect(delay(policy.decision(for: error(.connection), attempt: 2, now: epoch)) == 2)
    }

    @Test func retryableOutcomes() {
        let policy = RetryPolicy(random: { 0.5 })
        for status in [500, 502, 503, 504, 408, 429] {
            #expect(delay(policy.decision(for: response(status), attempt: 0, now: epoch)) != nil, "\(status)")
        }
        for kind: FetchError.Kind in [.timeout, .connection, .truncated] {
            #expect(delay(policy.decision(for: error(kind), attempt: 0, now: epoch)) != nil, "\(kind)")
        }
    }

    @Test func finalOutcomes_areDone() {
        let policy = RetryPolicy()
        for status in [200, 204, 304, 301, 400, 401, 402, 403, 404, 410, 422] {
            #expect(policy.decision(for: response(status), attempt: 0, now: epoch) == .done, "\(status)")
        }
        for kind: FetchError.Kind in [.refused, .tooLarge, .usage, .unavailable, .notFound] {
            #expect(policy.decision(for: error(kind), attempt: 0, now: epoch) == .done, "\(kind)")
        }
    }

    @Test func exhaustedAttempts_giveUpWithTheReason() {
        let policy = RetryPolicy(maximumAttempts: 3, random: { 0.5 })
        // Attempts 0 and 1 may be retried; attempt 2 is the third and last.
        #expect(delay(policy.decision(for: response(503), attempt: 1, now: epoch)) == 1)
        let last = policy.decision(for: response(503), attempt: 2, now: epoch)
        guard case .giveUp(let why) = last else {
            Issue.record("expected giveUp, got \(last)")
            return
        }
        #expect(why.contains("HTTP 503"))
        #expect(why.contains("3 attempts"))
        #expect(reason(policy.decision(for: error(.timeout), attempt: 2, now: epoch)).contains("curl error 0: test"))
        // A success on the last attempt is still a success.
        #expect(policy.decision(for: response(200), attempt: 2, now: epoch) == .done)
        // Default: four attempts in all.
        let standard = RetryPolicy(random: { 0.5 })
        #expect(delay(standard.decision(for: response(500), attempt: 2, now: epoch)) != nil)
        #expect(standard.decision(for: response(500), attempt: 3, now: epoch) != .done)
        #expect(delay(standard.decision(for: response(500), attempt: 3, now: epoch)) == nil)
    }

    @Test func serverWaits_areHonouredBeyondTheCap() {
        // A caller that may wait longer than the default minute (nothing holds a lock meanwhile).
        let policy = RetryPolicy(maximumServerDelay: 900, random: { 0.5 })
        #expect(delay(policy.decision(for: response(429, ["retry-after": "120"]), attempt: 0, now: epoch)) == 120)
        #expect(delay(policy.decision(for: response(503, ["retry-after": "5"]), attempt: 0, now: epoch)) == 5)
        // Both present: the longer one, so the retry does not land in either window.
        #expect(delay(policy.decision(for: response(429, ["retry-after": "2", "x-ratelimit-reset": "7"]), attempt: 0, now: epoch)) == 7)
        // x-ratelimit-reset counts only on 429, and Retry-After only on 429 and 503.
        #expect(delay(policy.decision(for: response(503, ["x-ratelimit-reset": "40"]), attempt: 0, now: epoch)) == 0.5)
        #expect(delay(policy.decision(for: response(500, ["retry-after": "40"]), attempt: 0, now: epoch)) == 0.5)
        #expect(policy.decision(for: response(200, ["x-ratelimit-reset": "40"]), attempt: 0, now: epoch) == .done)
        // Zero or a date in the past: the floor, not a busy loop.
        #expect(delay(policy.decision(for: response(429, ["retry-after": "0"]), attempt: 0, now: epoch)) == 0.1)
        #expect(delay(policy.decision(for: response(429, ["retry-after": "Thu, 01 Jan 1970 00:00:00 GMT"]), attempt: 0, now: Date(timeIntervalSince1970: 50))) == 0.1)
        // Unparseable: ordinary backoff.
        #expect(delay(policy.decision(for: response(429, ["retry-after": "soon"]), attempt: 0, now: epoch)) == 0.5)
    }

    @Test func serverWaitsBeyondTheMaximum_giveUp() {
        let policy = RetryPolicy(random: { 0.5 })
        // The default bound is a minute: a run must not sit on the ingest lock for the server.
        #expect(delay(policy.decision(for: response(429, ["retry-after": "60"]), attempt: 0, now: epoch)) == 60)
        #expect(delay(policy.decision(for: response(429, ["x-ratelimit-reset": "60"]), attempt: 0, now: epoch)) == 60)
        for header in ["retry-after", "x-ratelimit-reset"] {
            let over = policy.decision(for: response(429, [header: "61"]), attempt: 0, now: epoch)
            guard case .giveUp = over else { Issue.record("\(header): expected giveUp, got \(over)"); continue }
        }
        let tooLong = policy.decision(for: response(429, ["retry-after": "901"]), attempt: 0, now: epoch)
        guard case .giveUp(let why) = tooLong else {
            Issue.record("expected giveUp, got \(tooLong)")
            return
        }
        #expect(why.contains("901 s"))
        #expect(why.contains("Retry-After"))
        #expect(why.contains("longer than the 60 s allowed"), "\(why)")
        var patient = policy
        patient.maximumServerDelay = 2 * 3600
        #expect(delay(patient.decision(for: response(429, ["retry-after": "3600"]), attempt: 0, now: epoch)) == 3600)
    }

    @Test func describe_namesTheUsualCauses() {
        #expect(RetryPolicy.describe(status: 401) == "API key missing or invalid")
        #expect(RetryPolicy.describe(status: 403).hasPrefix("API key missing or invalid"))
        #expect(RetryPolicy.describe(status: 404) == "not found")
        #expect(RetryPolicy.describe(status: 410) == "gone (endpoint retired)")
        #expect(RetryPolicy.describe(status: 402) == "payment required (out of API points)")
        #expect(RetryPolicy.describe(status: 429).contains("rate limited"))
        #expect(RetryPolicy.describe(status: 502) == "server error")
    }

    @Test func httpDates_inAllThreeFormats() {
        let expected = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == expected)
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 23:59:59 GMT") == Date(timeIntervalSince1970: 1_709_251_199))
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 PST") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        #expect(HTTPDate.parse("120") == nil)
        #expect(HTTPDate.parse("") == nil)
    }
}

/// Decisions computed from the loopback server's real responses.
@Suite struct RetryPolicyOverHTTPTests {
    @Test func tooManyRequests_withRetryAfterSeconds() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/rate-limited?mode=delta")))
        #expect(response.status == 429)
        let decision = RetryPolicy(random: { 0.5 }).decision(for: .success(response), attempt: 0, now: Date())
        #expect(delay(decision) == 2)
        #expect(reason(decision).contains("HTTP 429"))
        #expect(reason(decision).contains("Retry-After: 2"))
    }

    @Test func tooManyRequests_withRetryAfterDate_isRelativeToNow() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/rate-limited?mode=date")))
        #expect(response.headers["retry-after"] == "Wed, 21 Oct 2015 07:30:00 GMT")
        let now = try #require(HTTPDate.parse("Wed, 21 Oct 2015 07:28:00 GMT"))
        let policy = RetryPolicy(maximumServerDelay: 900, random: { 0.5 })
        // 120 s: beyond the 60 s backoff cap, used as the server said.
        #expect(delay(policy.decision(for: .success(response), attempt: 0, now: now)) == 120)
        #expect(delay(policy.decision(for: .success(response), attempt: 0, now: now.addingTimeInterval(90))) == 30)
    }

    @Test func tooManyRequests_fromOpenAQ_usesResetSeconds() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/rate-limited?mode=openaq")))
        #expect(response.status == 429)
        #expect(response.headers["retry-after"] == nil)
        // Seconds until the window resets, whatever the date: not a timestamp.
        let decision = RetryPolicy(random: { 0.5 }).decision(for: .success(response), attempt: 0, now: Date())
        #expect(delay(decision) == 7)
        #expect(reason(decision).contains("x-ratelimit-reset: 7"))
    }

    @Test func tooManyRequests_askingForAnHour_givesUp() throws {
        let server = try Loopback.server()
        let response = try HTTPClient().perform(HTTPRequest(url: server.url("/rate-limited?mode=long")))
        let decision = RetryPolicy().decision(for: .success(response), attempt: 0, now: Date())
        guard case .giveUp(let why) = decision else {
            Issue.record("expected giveUp, got \(decision)")
            return
        }
        #expect(why.contains("3600 s"))
    }

    @Test func serverError_thenSuccess_inARetryLoop() throws {
        let server = try Loopback.server()
        let url = server.url("/flaky?key=\(Loopback.key())")
        let client = try HTTPClient()
        let policy = RetryPolicy(random: { 0 }) // the 0.1 s floor keeps the test fast
        var statuses: [Int] = []
        var attempt = 0
        loop: while true {
            let outcome = Result { () throws(FetchError) in try client.perform(HTTPRequest(url: url)) }
            if case .success(let response) = outcome { statuses.append(response.status) }
            switch policy.decision(for: outcome, attempt: attempt, now: Date()) {
            case .done: break loop
            case .retry(let after, _):
                Thread.sleep(forTimeInterval: after)
                attempt += 1
            case .giveUp(let why):
                Issue.record("gave up: \(why)")
                break loop
            }
        }
        #expect(statuses == [500, 200])
        #expect(attempt == 1)
    }
}
