import AirtrendTestSupport
import AirtrendIngest
import AirtrendStore
import Foundation
import Testing

/// The store's one writer under concurrent callers, on a real SQLite file.
@Suite struct StoreWriterTests {
    @Test func concurrentCallers_takeTurns_andNothingIsLostOrBusy() async throws {
        let path = try temporaryDirectory() + "/store.sqlite"
        let writer = StoreWriter(try SQLiteStore(path: path, now: { Date() }))
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for n in 0..<64 {
                group.addTask {
                    try await writer.write { store in
                        let id = try store.beginRun(feed: "f\(n % 4)", trigger: "test")
                        try store.finishRun(id, outcome: "ok", files: 1, skipped: 0, stored: n, quarantined: 0, rejected: 0, error: nil)
                        return id
                    }
                }
            }
            var ids: [Int64] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(Set(ids).count == 64)
        let stored = try await writer.write { store in try (0..<4).map { try store.runTotals(feed: "f\($0)").stored } }
        // Each feed got the runs n ≡ k (mod 4): the sums of those n.
        #expect(stored == (0..<4).map { k in stride(from: k, to: 64, by: 4).reduce(0, +) })
    }

    @Test func aThrowingBody_leavesTheStoreUsable() async throws {
        struct Boom: Error {}
        let writer = StoreWriter(try SQLiteStore(path: try temporaryDirectory() + "/s.sqlite", now: { Date() }))
        await #expect(throws: Boom.self) {
            try await writer.write { store in
                try store.transaction {
                    _ = try store.beginRun(feed: "x", trigger: "t")
                    throw Boom()
                }
            }
        }
        // The transaction was rolled back: the run started inside it is gone.
        #expect(try await writer.write { try $0.runs(feed: "x", limit: 5) }.isEmpty)
        _ = try await writer.write { try $0.beginRun(feed: "x", trigger: "t") }
        #expect(try await writer.write { try $0.runs(feed: "x", limit: 5) }.count == 1)
    }
}
