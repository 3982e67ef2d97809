import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

private let shared = repositoryRoot + "/../shared/data"
private let hasShared = FileManager.default.fileExists(atPath: shared + "/uci-beijing-multisite")
    && FileManager.default.fileExists(atPath: shared + "/cnemc-china-sites-2019-01")

/// Extended tests on the full archives in ../shared/data (skipped on a clone without it).
@Suite(.serialized, .enabled(if: hasShared)) struct NetworkArchiveTests {
    @Test func uciMultisite_cityReport_matchesAnIndependentComputation_and2013IsIncomplete() throws {
        let dir = shared + "/uci-beijing-multisite"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("PRSA_Data_") }.map { dir + "/" + $0 }
        let db = try temporaryDirectory() + "/uci.sqlite"
        let imported = try airtrend(["import", "--db", db, "--config", repositoryRoot + "/Config/airtrend.yaml", "--layout", "uci-multisite",
                                     "--city", "Beijing", "--timezone", "Asia/Shanghai", "--quiet"] + files)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try airtrend(["report", "--db", db, "--config", repositoryRoot + "/Config/airtrend.yaml", "--city", "Beijing",
                                   "--baseline", "2013", "--format", "csv"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix(ReportHeader.city))
        let rows = csvRows(report.stdout)
        let expected = cityYears(cityDays(try uciMultisiteTable(directory: dir)))
        let y2013 = try #require(rows.first { $0["year"] == "2013" })
        #expect(y2013["complete"] == "false") // the set starts in March 2013
        for row in rows {
            let year = Int(row["year"]!)!
            let truth = try #require(expected[year])
            #expect(abs(Double(row["annual_mean"]!)! - truth.mean) <= 0.05 + 1e-9, "mean \(year)")
            #expect(Int(row["valid_days"]!) == truth.validDays, "days \(year)")
            #expect(row["complete"] == (truth.complete ? "true" : "false"), "complete \(year)")
            #expect(abs(Double(row["p95_daily"]!)! - truth.p95) <= 0.05 + 1e-9, "p95 \(year)")
            #expect(row["members"] == "12")
        }
    }

    @Test func cnemcMonth_regionReportSaysWhyThereIsNoAnnualFigure_andCityMonthMatches() throws {
        let dir = shared + "/cnemc-china-sites-2019-01"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv.gz") }.sorted().map { dir + "/" + $0 }
        let db = try temporaryDirectory() + "/cnemc.sqlite"
        let config = repositoryRoot + "/Config/airtrend.yaml"
        let imported = try airtrend(["import", "--db", db, "--config", config, "--layout", "cnemc-sites",
                                     "--stations", dir + "/StationList-2020.01.01.csv", "--quiet"] + files)
        #expect(imported.status == 0, "\(imported.stderr)")

        // The default baseline source falls back to the ministry's published 2013 figure; measured only, there is none.
        let report = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("published 2013 figure"), "\(report.stdout)")
        let measured = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline-source", "measured"])
        #expect(measured.status == 65)
        #expect(measured.stderr.contains("no annual figure for region:jingjinji in the baseline year 2013"), "\(measured.stderr)")
        #expect(measured.stderr.contains("2019 (31 of 365 days, not a complete year)"), "\(measured.stderr)")

        let month = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline", "2019"])
        #expect(month.status == 0, "\(month.stderr)")
        // Every city has data, in 1 month of 12: none has an annual figure, so neither has the region.
        #expect(month.stdout.contains("no regional figure: 0 of 13 cities"), "\(month.stdout)")
        #expect(month.stdout.contains("Member cities in 2019"))
        let json = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline", "2019", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let row = (object["rows"] as! [[String: Any]]).first { ($0["year"] as? Int) == 2019 }!
        #expect(row["complete"] as? Bool == false)
        #expect((row["members"] as! [String]).count == 13)

        // Beijing's January 2019 from the store equals the independent city-day computation.
        let codes = Set((1...12).map { String(format: "%04dA", 1000 + $0) })
        let days = cityDays(try cnemcTable(directory: dir, codes: codes)).filter { $0.key.hasPrefix("2019-1-") }
        let expectedMean = days.values.map(\.mean).reduce(0, +) / Double(days.count)
        let store = try SQLiteStore(path: db, now: { Date() })
        let scope = try #require(try store.scopeID(kind: "city", code: "Beijing"))
        let january = try #require(try store.monthlyStatistics(scope: scope, pollutant: .pm25, profile: .default).first { $0.year == 2019 && $0.month == 1 })
        #expect(january.validDays == days.count)
        #expect(abs(january.mean! - expectedMean) < 1e-9)
        #expect(try store.cityMembers(city: "Beijing", pollutant: .pm25, profile: .default, year: 2019).count == 12)
    }
}
