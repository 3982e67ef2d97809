import AirtrendTestSupport
import AirtrendConfig
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// `quality.duplicate` per feed: on (the default) the earlier of two values for one hour is
/// quarantined as `duplicate`; off, the later value is stored just the same and nothing is quarantined.
@Suite(.serialized) struct DuplicateRuleTests {
    /// Two `file:` CSV feeds with the same content, one per station: hour 00:00 appears twice (10, then 20).
    private func twoFeedConfig(in dir: String, lenientQuality: String = "quality: {duplicate: false}") throws -> String {
        let csv = "t,pm25\n2013-01-01T00:00:00Z,10\n2013-01-01T01:00:00Z,11\n2013-01-01T00:00:00Z,20\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/strict.csv"))
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/lenient.csv"))
        func feed(_ id: String, station: String, extra: String) -> String {
            """
              - id: \(id)
                kind: csv
                url: file:\(id).csv
                station: \(station)
                value_column: pm25
                time_column: t
                time_format: "%Y-%m-%dT%H:%M:%SZ"
                \(extra)

            """
        }
        let config = """
            database: store.sqlite
            stations:
              - id: s-strict
                timezone: UTC
              - id: s-lenient
                timezone: UTC
            feeds:

            """ + feed("strict", station: "s-strict", extra: "") + feed("lenient", station: "s-lenient", extra: lenientQuality)
        try Data(config.utf8).write(to: URL(fileURLWithPath: dir + "/airtrend.yaml"))
        return dir + "/airtrend.yaml"
    }

    @Test func duplicateFalse_storesTheLaterValue_withoutAQuarantineRow() throws {
        let dir = try temporaryDirectory()
        let config = try twoFeedConfig(in: dir)
        let result = try airtrend(["ingest", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")

        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        let midnight = UTCHour(date: CivilDate(year: 2013, month: 1, day: 1)!, hour: 0)
        for code in ["s-strict", "s-lenient"] {
            let station = try #require(try store.station(code: code))
            #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: midnight) == 20, "\(code): the later value wins")
            #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: midnight + 1) == 11, "\(code)")
        }
        let duplicates = try store.quarantine(reason: .duplicate)
        #expect(duplicates.map(\.station) == ["s-strict"]) // the default feed keeps the conflict, the other does not
        #expect(duplicates.first?.value == 10)
        #expect(duplicates.first?.line == 2)
        #expect(try store.quarantine().allSatisfy { $0.station == "s-strict" })
        #expect(try airtrend(["verify", "--db", dir + "/store.sqlite"]).status == 0)
    }

    @Test func duplicateTrue_isTheDefaultSpelledOut() throws {
        let dir = try temporaryDirectory()
        let config = try twoFeedConfig(in: dir, lenientQuality: "quality: {duplicate: true}")
        #expect(try airtrend(["ingest", "--config", config, "--quiet"]).status == 0)
        let store = try SQLiteStore(path: dir + "/store.sqlite", now: { Date() })
        #expect(try store.quarantine(reason: .duplicate).compactMap(\.station).sorted() == ["s-lenient", "s-strict"])
    }

    @Test func nonBooleanDuplicate_isAConfigurationErrorNamingTheKey() throws {
        let dir = try temporaryDirectory()
        let config = try twoFeedConfig(in: dir, lenientQuality: "quality: {duplicate: sometimes}")
        let check = try airtrend(["config", "check", "--config", config])
        #expect(check.status == 78)
        #expect(check.stderr.contains("feeds.lenient.quality.duplicate"), "\(check.stderr)")
        #expect(check.stderr.contains("expected true or false"))
        #expect(check.stderr.contains("airtrend.yaml:"))
        let ingest = try airtrend(["ingest", "--config", config])
        #expect(ingest.status == 78)
    }

    @Test func importFlag_noDuplicateRule_keepsNoConflict() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/dup.csv"
        try Data("t,pm25\n2013-01-01 00:00,10\n2013-01-01 01:00,11\n2013-01-01 00:00,20\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC", "--no-duplicate-rule", "--layout", "csv",
                                   "--value-column", "pm25", "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("duplicate"))
        let store = try SQLiteStore(path: dir + "/s.sqlite", now: { Date() })
        let station = try #require(try store.station(code: "s1"))
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: UTCHour(date: CivilDate(year: 2013, month: 1, day: 1)!, hour: 0)) == 20)
        #expect(try store.quarantine().isEmpty)
    }
}
