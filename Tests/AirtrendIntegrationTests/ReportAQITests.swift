import AirtrendTestSupport
import AirtrendIngest
import AirtrendReport
import AirtrendService
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// The HJ 633-2012 category (0 excellent … 5 severely polluted) of a day, from the PM2.5
/// breakpoints alone. The IAQI is rounded up, so it is at most 50 exactly when the mean is at
/// most 35 µg/m³, at most 100 when the mean is at most 75, and so on; `sum ≤ limit × hours`
/// is that comparison without dividing.
private func hj633Category(_ day: IndependentDay) -> Int {
    let limits: [Double] = [35, 75, 115, 150, 250]
    return limits.firstIndex { day.sum <= $0 * Double(day.hours) } ?? limits.count
}

/// The US EPA 2024 category (0 good … 5 hazardous) of a day. The mean is truncated to 0.1 µg/m³
/// first, so "at most 9.0" means "below 9.1": `10 × sum < 91 × hours`, and so on.
private func epaCategory(_ day: IndependentDay) -> Int {
    let tenths: [Double] = [91, 355, 555, 1255, 2255]
    return tenths.firstIndex { 10 * day.sum < $0 * Double(day.hours) } ?? tenths.count
}

private let hj633Columns = ["days_hj633_excellent", "days_hj633_good", "days_hj633_lightly", "days_hj633_moderately",
                            "days_hj633_heavily", "days_hj633_severely"]
private let epaColumns = ["days_epa_good", "days_epa_moderate", "days_epa_usg", "days_epa_unhealthy", "days_epa_very_unhealthy",
                          "days_epa_hazardous"]

@Suite(.serialized) struct ReportAQITests {
    /// The bundled StateAir archive through the real binary; every year's category counts against
    /// the raw files, read here without any airtrend code.
    @Test func demoReport_countsValidDaysByCategory_likeAnIndependentComputation() throws {
        let dir = try temporaryDirectory()
        let db = dir + "/aqi.sqlite"
        let config = repositoryRoot + "/Config/airtrend.yaml"
        let run = try airtrend(["run", "--once", "--quiet", "--config", config, "--db", db, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(ReportHeader.station))
        let days = try independentStateAirDays(directory: repositoryRoot + "/Config/data/stateair-beijing")
        var expected: [Int: (hj633: [Int], epa: [Int], goodPercent: Double)] = [:]
        for (year, valid) in days {
            var hj633 = Array(repeating: 0, count: 6), epa = Array(repeating: 0, count: 6)
            for day in valid {
                hj633[hj633Category(day)] += 1
                epa[epaCategory(day)] += 1
            }
            expected[year] = (hj633, epa, 100 * Double(hj633[0] + hj633[1]) / Double(valid.count))
        }

        let rows = csvRows(run.stdout)
        #expect(rows.count == 10)
        for row in rows {
            let year = Int(row["year"]!)!
            let truth = try #require(expected[year], "year \(year)")
            #expect(hj633Columns.map { Int(row[$0] ?? "") } == truth.hj633.map(Optional.init), "HJ 633 days \(year)")
            #expect(epaColumns.map { Int(row[$0] ?? "") } == truth.epa.map(Optional.init), "EPA days \(year)")
            #expect(abs(Double(row["good_days_pct"]!)! - truth.goodPercent) <= 0.05 + 1e-9, "good days % \(year)")
        }
        // The baseline year is spread over five HJ 633 categories, so a shifted breakpoint shows.
        let y2013 = try #require(expected[2013])
        #expect(y2013.hj633.filter { $0 > 0 }.count >= 5)
        #expect(y2013.hj633.reduce(0, +) == 360)

        // JSON nests the same counts under the category names; the table shows the good-days share.
        let json = try airtrend(["report", "--db", db, "--station", "beijing-us-embassy", "--baseline", "2013", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let row2013 = try #require((object["rows"] as! [[String: Any]]).first { ($0["year"] as? Int) == 2013 })
        let hj633 = try #require(row2013["days_hj633"] as? [String: Int])
        #expect(hj633 == Dictionary(uniqueKeysWithValues: zip(
            ["excellent", "good", "lightly_polluted", "moderately_polluted", "heavily_polluted", "severely_polluted"], y2013.hj633)))
        let epa = try #require(row2013["days_epa"] as? [String: Int])
        #expect(epa == Dictionary(uniqueKeysWithValues: zip(
            ["good", "moderate", "unhealthy_for_sensitive_groups", "unhealthy", "very_unhealthy", "hazardous"], y2013.epa)))
        #expect(abs((row2013["good_days_pct"] as! Double) - y2013.goodPercent) <= 0.05 + 1e-9)
        let table = try airtrend(["report", "--db", db, "--station", "beijing-us-embassy", "--baseline", "2013"])
        #expect(table.stdout.contains("good days"))
        let line2013 = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("2013 (base)") })
        #expect(line2013.contains(String(format: "%.1f %%", y2013.goodPercent)))
    }

    /// Stored daily means on both sides of each breakpoint, read back through the report query.
    @Test func storedDailyMeans_atTheBreakpoints_countInTheirCategories() throws {
        let (store, _) = try edgeStore()
        let report = try ReductionQuery(store: store, regions: [])
            .report(scope: .station("edge"), baseline: 2015, from: nil, to: nil, profile: .default)
        let row = try #require(report.rows.first)
        #expect(row.statistics.validDays == 10) // the 19-hour day is not valid and counts nowhere
        // HJ 633: excellent 9.0, 9.1, 35.0 · good 35.1, 35.4, 35.5, 75 · lightly 75.1, 115 · moderately 115.1.
        #expect(row.hj633Days?.days == [3, 4, 2, 1, 0, 0])
        // EPA 2024: good 9.0 · moderate 9.1, 35.0, 35.1, 35.4 · USG 35.5 · unhealthy 75, 75.1, 115, 115.1.
        #expect(row.epaDays?.days == [1, 4, 1, 4, 0, 0])
        let csv = csvRows(ReportRenderer().render(report, format: .csv))
        #expect(csv.first?["good_days_pct"] == "70.0")

        // The city of that one station has the same days; the region over the city has no daily series.
        let city = try ReductionQuery(store: store, regions: [])
            .report(scope: .city("Edgeton"), baseline: 2015, from: nil, to: nil, profile: .default)
        #expect(city.rows.first?.hj633Days?.days == [3, 4, 2, 1, 0, 0])
        let region = try ReductionQuery(store: store, regions: [Region(id: "edges", name: "Edges", cities: ["Edgeton"])])
            .report(scope: .region("edges"), baseline: 2015, from: nil, to: nil, profile: .default)
        #expect(region.rows.first?.hj633Days == nil)
        #expect(region.rows.first?.epaDays == nil)
    }

    /// A UTC+8 station in city `Edgeton` whose 2015 days have exactly the breakpoint means (24 equal
    /// hours each), plus one 19-hour day of 500 µg/m³ that is not valid.
    private func edgeStore() throws -> (SQLiteStore, StoredStation) {
        let store = try SQLiteStore(path: try temporaryDirectory() + "/edges.sqlite", now: { Date() })
        let station = try store.saveStation(Station(id: "edge", city: "Edgeton", timeZone: StationTimeZone(fixedOffsetMinutes: 480)))
        let writer = try store.hourlyWriter(importID: try store.beginImport(source: "edges", layout: "test"))
        let means = [35.0, 35.1, 75, 75.1, 115, 115.1, 9.0, 9.1, 35.4, 35.5]
        let first = CivilDate.dayNumber(year: 2015, month: 3, day: 1)
        for (offset, mean) in means.enumerated() {
            // Local day d starts at 16:00 UTC the day before.
            for hour in 0..<24 { try writer.put(StationTarget(station), pollutant: .pm25, hour: UTCHour((first + offset) * 24 - 8 + hour), value: mean, line: 1) }
        }
        for hour in 0..<19 {
            try writer.put(StationTarget(station), pollutant: .pm25, hour: UTCHour((first + 20) * 24 - 8 + hour), value: 500, line: 1)
        }
        try writer.finish()
        return (store, station)
    }
}
