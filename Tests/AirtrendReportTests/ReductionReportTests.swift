import AirtrendTestSupport
import AirtrendDomain
import AirtrendReport
import AirtrendStore
import Foundation
import Testing

/// The reduction report built from a real SQLite store by the report target alone (no ingest, no
/// network, no service), and its JSON form.
@Suite struct ReductionReportTests {
    /// Two full years for one UTC+8 station: 2013 at 50 µg/m³ every hour, 2014 at 40 but with one hour of
    /// 2014-06-01 at 40.06 (so its day mean is not round), and 2015 with one January day only.
    func store() throws -> SQLiteStore {
        let store = try SQLiteStore(path: try temporaryDirectory() + "/r.sqlite", now: { Date(timeIntervalSince1970: 1_700_000_000) })
        let station = try store.saveStation(Station(id: "s", city: "C", timeZone: StationTimeZone(fixedOffsetMinutes: 480)))
        let importID = try store.beginImport(source: "test", layout: "test")
        let writer = try store.hourlyWriter(importID: importID, batchSize: 100_000, external: false)
        let target = StationTarget(station)
        func hours(_ year: Int) -> Range<Int> {
            // Local (UTC+8) calendar year in UTC hours.
            (CivilDate.dayNumber(year: year, month: 1, day: 1) * 24 - 8)..<(CivilDate.dayNumber(year: year + 1, month: 1, day: 1) * 24 - 8)
        }
        for hour in hours(2013) { try writer.put(target, pollutant: .pm25, hour: UTCHour(hour), value: 50, line: 1) }
        let odd = CivilDate.dayNumber(year: 2014, month: 6, day: 1) * 24 - 8
        for hour in hours(2014) { try writer.put(target, pollutant: .pm25, hour: UTCHour(hour), value: hour == odd ? 40 + 24 * 0.06 : 40, line: 1) }
        let january = CivilDate.dayNumber(year: 2015, month: 1, day: 5) * 24 - 8
        for hour in january..<(january + 24) { try writer.put(target, pollutant: .pm25, hour: UTCHour(hour), value: 30, line: 1) }
        try writer.finish()
        return store
    }

    @Test func figures_andTheirBasis_comeFromTheStoredDays() throws {
        let report = try ReductionQuery(store: try store(), regions: []).report(scope: .station("s"), baseline: 2013, from: nil, to: nil, profile: .default)
        #expect(report.rows.map(\.year) == [2013, 2014, 2015])
        let y2013 = report.rows[0].statistics, y2014 = report.rows[1].statistics
        #expect(y2013.complete && y2013.validDays == 365 && y2013.mean == 50)
        // 2014: 364 days at 40 and one at 40.06: the mean of the daily means.
        #expect(abs(y2014.mean! - (364 * 40 + 40.06) / 365) < 1e-12)
        #expect(abs(report.rows[1].changePercent! - 100 * ((364 * 40 + 40.06) / 365 - 50) / 50) < 1e-9)
        #expect(report.rows[2].monthsWithData == 1 && !report.rows[2].statistics.complete)
    }

    @Test func json_hasSortedKeys_roundedFigures_andNullsForFiguresThatDoNotExist() throws {
        let report = try ReductionQuery(store: try store(), regions: []).report(scope: .station("s"), baseline: 2013, from: nil, to: nil, profile: .default)
        let text = ReportRenderer().render(report, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["baseline_year"] as? Int == 2013 && object["profile"] as? String == "gb3095-2012")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        // The baseline row has no change: the key is there, with null.
        #expect(rows[0].keys.contains("change") && rows[0]["change"] is NSNull)
        // Means are rounded half-to-even to one decimal, as the table prints them.
        #expect(rows[1]["annual_mean"] as? Double == 40.0)
        #expect(rows[1]["change_pct"] as? Double == -20.0)
        #expect(rows[2]["note"] as? String == "no annual figure: data in 1 of 12 months")
        // Keys are sorted in the text itself (JSONEncoder's .sortedKeys), so the output is stable byte for byte.
        let topKeys = ["baseline_complete", "baseline_year", "daily_limit", "kind", "profile", "rows", "scope"]
        let positions = topKeys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.hasSuffix("}\n") && !text.contains("\n{"))
    }
}
