import AirtrendTestSupport
import AirtrendConfig
import Testing

/// A feed's `quality:` keys as the loader reads them.
@Suite struct QualitySettingsTests {
    @Test func loader_readsTheKey_andLeavesItUnsetByDefault() throws {
        let base = "stations:\n  - id: s\n    timezone: UTC\nfeeds:\n  - id: f\n    kind: csv\n    url: file:x.csv\n    station: s\n"
        let unset = try ConfigurationLoader().parse(base, file: "/tmp/unset.yaml")
        #expect(unset.feeds[0].quality.duplicate == nil)
        let off = try ConfigurationLoader().parse(base + "    quality:\n      duplicate: false\n", file: "/tmp/off.yaml")
        #expect(off.feeds[0].quality.duplicate == false)
        do {
            _ = try ConfigurationLoader().parse(base + "    quality:\n      duplicate: 3\n", file: "/tmp/bad.yaml")
            Issue.record("expected an error for duplicate: 3")
        } catch {
            let problem = try #require(error.problems.first { $0.key == "feeds.f.quality.duplicate" })
            #expect(problem.message.contains("expected true or false"))
            #expect(problem.line == 10)
        }
    }
}
