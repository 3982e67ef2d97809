import AirtrendTestSupport
import Foundation
import Testing

/// `airtrend quarantine --feed ID --format json|csv|table`.
@Suite(.serialized) struct QuarantineListTests {
    @Test func listsByFeed_inEveryFormat() throws {
        let dir = try temporaryDirectory()
        try "t,pm25\n2013-01-01T00:00:00Z,12\n2013-01-01T01:00:00Z,-7\n2013-01-01T02:00:00Z,14\n"
            .write(toFile: dir + "/a.csv", atomically: true, encoding: .utf8)
        try "t,pm25\n2013-01-01T00:00:00Z,2600\n".write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try """
            database: store.sqlite
            stations:
              - {id: s1, timezone: UTC+8}
              - {id: s2, timezone: UTC+8}
            feeds:
              - {id: fa, kind: csv, url: "file:a.csv", station: s1, value_column: pm25, time_column: t, time_format: "%Y-%m-%dT%H:%M:%SZ"}
              - {id: fb, kind: csv, url: "file:b.csv", station: s2, value_column: pm25, time_column: t, time_format: "%Y-%m-%dT%H:%M:%SZ"}
            """.write(toFile: dir + "/airtrend.yaml", atomically: true, encoding: .utf8)
        let config = dir + "/airtrend.yaml"
        #expect(try airtrend(["ingest", "--config", config, "--quiet"]).status == 0)

        let json = try airtrend(["quarantine", "--config", config, "--feed", "fa", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["reason"] as? String == "negative" && rows.first?["value"] as? Double == -7)
        #expect(rows.first?["feed"] as? String == "fa" && rows.first?["station"] as? String == "s1" && rows.first?["line"] as? Int == 3)

        let csv = try airtrend(["quarantine", "--config", config, "--feed", "fb"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,reason,station,hour_utc,value,file,line,detail,released_at,feed")
        #expect(lines.count == 2 && lines[1].contains(",implausible,s2,2013-01-01T00:00Z,2600.0,") && lines[1].hasSuffix(",fb"), "\(csv.stdout)")

        let table = try airtrend(["quarantine", "--config", config, "--format", "table", "--reason", "negative"])
        #expect(table.stdout.contains("negative") && !table.stdout.contains("implausible"), "\(table.stdout)")
        let none = try airtrend(["quarantine", "--config", config, "--feed", "nope", "--format", "json"])
        #expect(none.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]" && none.stderr.contains("no feed 'nope'"))
    }
}
