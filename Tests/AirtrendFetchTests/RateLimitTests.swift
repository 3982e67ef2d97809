import AirtrendTestSupport
import AirtrendFetch
import Foundation
import Testing

@Suite struct RateLimitTests {
    @Test func parsesTheCommonForms() async throws {
        #expect(RateLimit("60/min") == RateLimit(count: 60, periodSeconds: 60))
        #expect(RateLimit("10/s") == RateLimit(count: 10, periodSeconds: 1))
        #expect(RateLimit("2000/h") == RateLimit(count: 2000, periodSeconds: 3600))
        #expect(RateLimit("1/500ms") == RateLimit(count: 1, periodSeconds: 0.5))
        #expect(RateLimit(" 5 / 10s ") == RateLimit(count: 5, periodSeconds: 10))
        #expect(RateLimit("3/1.5min") == RateLimit(count: 3, periodSeconds: 90))
        #expect(RateLimit("100/day") == RateLimit(count: 100, periodSeconds: 86_400))
        #expect(RateLimit("60/MIN") == RateLimit(count: 60, periodSeconds: 60))
    }

    @Test func rejectsEverythingElse_sayingWhatWasExpected() {
        for text in ["", "60", "60/", "/min", "0/min", "-1/s", "1.5/s", "60/fortnight", "60/min/x", "abc/s", "60/0s", "60/-2s", "60 per min"] {
            #expect(RateLimit(text) == nil, "'\(text)'")
            do {
                let limit = try RateLimit.parse(text)
                Issue.record("'\(text)' parsed as \(limit)")
            } catch {
                #expect(error.description.contains("'\(text)'"))
                #expect(error.description.contains("expected"))
                #expect(error.description.contains("60/min"))
            }
        }
    }

    @Test func description_roundTrips() async throws {
        for text in ["60/min", "10/s", "2000/h", "1/500ms", "7/d"] {
            let limit = try #require(RateLimit(text))
            #expect(limit.description == text)
            #expect(try RateLimit.parse(limit.description) == limit)
        }
    }
}

@Suite struct TokenBucketTests {
    @Test func fullBucket_thenWaitsQueueUp() async throws {
        let bucket = TokenBucket(limit: try #require(RateLimit("2/s")))
        #expect(await bucket.acquire(now: 0) == 0)
        #expect(await bucket.acquire(now: 0) == 0)
        // Empty: each caller reserves the next token to come, 0.5 s apart.
        #expect(await bucket.acquire(now: 0) == 0.5)
        #expect(await bucket.acquire(now: 0) == 1.0)
        // Long idle refills to capacity, not beyond.
        #expect(await bucket.acquire(now: 10) == 0)
        #expect(await bucket.acquire(now: 10) == 0)
        #expect(await bucket.acquire(now: 10) == 0.5)
    }

    @Test func perMinuteLimit_refillsContinuously() async throws {
        let bucket = TokenBucket(limit: try #require(RateLimit("60/min")))
        for _ in 0..<60 { #expect(await bucket.acquire(now: 100) == 0) }
        #expect(await bucket.acquire(now: 100) == 1)
        // Half a second later, half a token came in; the next free one is 1.5 s away.
        #expect(abs(await bucket.acquire(now: 100.5) - 1.5) < 1e-9)
        // Three seconds after the burst: the two reservations are paid off, one token is free.
        #expect(await bucket.acquire(now: 103) == 0)
    }

    @Test func smallerCapacity_pacesInsteadOfBursting() async throws {
        let bucket = TokenBucket(limit: try #require(RateLimit("10/s")), capacity: 1)
        #expect(await bucket.acquire(now: 0) == 0)
        #expect(abs(await bucket.acquire(now: 0) - 0.1) < 1e-9)
        #expect(abs(await bucket.acquire(now: 0) - 0.2) < 1e-9)
    }

    @Test func clockGoingBackwards_addsNoTokens() async throws {
        let bucket = TokenBucket(limit: try #require(RateLimit("1/s")))
        #expect(await bucket.acquire(now: 50) == 0)
        #expect(await bucket.acquire(now: 40) == 1)
        #expect(await bucket.acquire(now: 50) == 2)
    }

    @Test func concurrentCallers_eachGetTheirOwnToken() async throws {
        let bucket = TokenBucket(limit: try #require(RateLimit("10/s")))
        let waits = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var waits: [Double] = []
                    for _ in 0..<25 { waits.append(await bucket.acquire(now: 0)) }
                    return waits
                }
            }
            var all: [Double] = []
            for await some in group { all += some }
            return all
        }
        let sorted = waits.sorted()
        // 100 callers at once: 10 free tokens, then one reservation every 0.1 s, none shared.
        #expect(sorted.count == 100)
        #expect(sorted.prefix(10).allSatisfy { $0 == 0 })
        for (index, wait) in sorted.dropFirst(10).enumerated() {
            #expect(abs(wait - Double(index + 1) * 0.1) < 1e-6, "caller \(index + 11) waits \(wait)")
        }
    }
}
