import AirtrendTestSupport
import Foundation
import Testing

private let shared = repositoryRoot + "/../shared/data"
private let hasShared = FileManager.default.fileExists(atPath: shared + "/uci-beijing-multisite")
    && FileManager.default.fileExists(atPath: shared + "/cnemc-china-sites-2019-01")
private let config = repositoryRoot + "/Config/airtrend.yaml"

/// The store a new user builds from everything in ../shared/data: the bundled StateAir archive through the demo
/// config (the Embassy monitor, role `other`), the UCI multi-site set (12 Beijing stations, 2013-03 to 2017-02,
/// created with `--city Beijing`) and the China-network month (January 2019, with its station list). Built once.
private let combinedStore: Result<String, ChartInspection.SetupFailure> = {
    do {
        let db = try temporaryDirectory() + "/combined.sqlite"
        let demo = try airtrend(["run", "--once", "--quiet", "--config", config, "--db", db])
        guard demo.status == 0 else { return .failure(.init(description: "demo: \(demo.stderr)")) }
        let uci = shared + "/uci-beijing-multisite"
        let uciFiles = try FileManager.default.contentsOfDirectory(atPath: uci).filter { $0.hasPrefix("PRSA_Data_") }.sorted().map { uci + "/" + $0 }
        let multi = try airtrend(["import", "--db", db, "--config", config, "--layout", "uci-multisite", "--city", "Beijing", "--timezone", "Asia/Shanghai",
                                  "--quiet"] + uciFiles)
        guard multi.status == 0 else { return .failure(.init(description: "uci: \(multi.stderr)")) }
        let cnemc = shared + "/cnemc-china-sites-2019-01"
        let days = try FileManager.default.contentsOfDirectory(atPath: cnemc).filter { $0.hasSuffix(".csv.gz") }.sorted().map { cnemc + "/" + $0 }
        let network = try airtrend(["import", "--db", db, "--config", config, "--layout", "cnemc-sites", "--stations", cnemc + "/StationList-2020.01.01.csv",
                                    "--quiet"] + days)
        guard network.status == 0 else { return .failure(.init(description: "cnemc: \(network.stderr)")) }
        return .success(db)
    } catch {
        return .failure(.init(description: "\(error)"))
    }
}()

private func run(_ arguments: [String]) throws -> RunResult {
    try airtrend(arguments + ["--config", config, "--db", try combinedStore.get()])
}

private let beijingCodes = Set((1...12).map { String(format: "%04dA", 1000 + $0) })

/// Issue 11 on the real archives a new user would combine (skipped on a clone without ../shared/data).
@Suite(.serialized, .enabled(if: hasShared)) struct FigureBasisTests {
    @Test func embassyPlusMultisite_2013IsNoAnnualFigure_theSetChangeIsFlagged_andTheEmbassyIsNotInTheCityMean() throws {
        let uci = try uciMultisiteTable(directory: shared + "/uci-beijing-multisite")
        let truth = cityYears(cityDays(uci))
        let csv = try run(["report", "--city", "Beijing", "--baseline", "2013", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csvRows(csv.stdout)
        let y2013 = try #require(rows.first { $0["year"] == "2013" })
        #expect(y2013["complete"] == "false")
        #expect(y2013["station_set_changed"] == "true") // the 12 stations start in March 2013
        // 2014–2016 are the 12 UCI stations alone: the Embassy monitor (role other) is not in them.
        for year in 2014...2016 {
            let row = try #require(rows.first { $0["year"] == String(year) })
            let independent = try #require(truth[year])
            #expect(abs(Double(row["annual_mean"]!)! - independent.mean) <= 0.05 + 1e-9, "\(year)")
            #expect(Int(row["valid_days"]!) == independent.validDays, "\(year)")
            #expect(row["members"] == "12")
            #expect(row["station_set_changed"] == "false", "\(year)")
        }
        // The UCI set ends in February 2017 while the city goes on (the network month of 2019): a change in 2017.
        #expect(rows.first { $0["year"] == "2017" }?["station_set_changed"] == "true")
        // No measured 2013 figure: every change is against the published 2013 figure, and says so.
        let published = try shippedPublished("city:Beijing", 2013)
        for row in rows {
            #expect(row["baseline_source"] == "published" && Double(row["baseline_value"]!) == published, "\(row["year"]!)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(try run(["report", "--city", "Beijing", "--baseline", "2013", "--format", "json"]).stdout.utf8))
            as! [String: Any]
        for row in json["rows"] as! [[String: Any]] {
            #expect(!((row["members"] as? [String]) ?? []).contains("beijing-us-embassy"))
        }
        #expect((json["other_stations"] as? [[String: Any]])?.contains { $0["station"] as? String == "beijing-us-embassy" } == true)
        let table = try run(["report", "--city", "Beijing", "--baseline", "2013"]).stdout
        #expect(table.contains("station set changed in 2013"), "\(table)")
        #expect(table.contains("beijing-us-embassy (other)"), "\(table)")
    }

    @Test func dinglingDay_showsTheSilentStation_inQueryReportAndViews() throws {
        let uci = try uciMultisiteTable(directory: shared + "/uci-beijing-multisite")
        let truth = IndependentCoverage.coverage(uci, day: "2013-5-1")
        #expect(truth.observed < truth.expected)
        let day = try run(["query", "daily", "--city", "Beijing", "--from", "2013-05-01", "--to", "2013-05-01"])
        let row = try #require(IndependentCoverage.rows(day.stdout, headerPrefix: "scope,time,").first)
        #expect(row["coverage"] == String(format: "%.3f", Double(truth.observed) / Double(truth.expected)))
        let view = try pythonSQLite("""
            import sqlite3,sys
            print(*sqlite3.connect(sys.argv[1]).execute("select observed, expected from daily_by_date where kind='city' and code='Beijing' and date='2013-05-01' and profile='gb3095-2012'").fetchone(), sep=',')
            """, db: try combinedStore.get())
        #expect(view == ["\(truth.observed),\(truth.expected)"])
    }

    @Test func regionWithOnlyBeijing_hasNoRegionalFigure_andTheTargetHasNoAnswer() throws {
        let rows = try expectNoRegionalFigureWithOnlyBeijing(run)
        #expect(rows.first { $0["year"] == "2015" }?["member_names"] == "Beijing")
        // January 2019 holds all 13 cities, in one month of twelve: still no regional figure.
        #expect(rows.first { $0["year"] == "2019" }?["members"] == "13")
    }

    @Test func publishedBaselineAndTarget_forBeijing() throws {
        let uci = cityYears(cityDays(try uciMultisiteTable(directory: shared + "/uci-beijing-multisite")))
        let base = try shippedPublished("city:Beijing", 2013)
        let csv = csvRows(try run(["report", "--city", "Beijing", "--baseline", "2013", "--target", "-15", "--format", "csv"]).stdout)
        for year in 2014...2016 {
            let row = try #require(csv.first { $0["year"] == String(year) })
            let pct = 100 * (uci[year]!.mean - base) / base
            #expect(abs(Double(row["change_pct"]!)! - pct) <= 0.05 + 1e-9, "\(year)")
            #expect(row["meets_target"] == (pct.roundedOne <= -15 ? "true" : "false"), "\(year)")
            #expect(abs(Double(row["published_diff"]!)! - (uci[year]!.mean - (try shippedPublished("city:Beijing", year)))) <= 0.05 + 1e-9)
        }
        let table = try run(["report", "--city", "Beijing", "--baseline", "2013", "--target", "-15"]).stdout
        let pct2016 = 100 * (uci[2016]!.mean - base) / base
        #expect(table.contains(String(format: "2016: %.1f %% against the published 2013 baseline — %@ the -15 %% target", pct2016,
                                      pct2016.roundedOne <= -15 ? "meets" : "does not meet")), "\(table)")
        // Measured only: Beijing has no 2013 annual figure (data in 10 of 12 months).
        let measured = try run(["report", "--city", "Beijing", "--baseline", "2013", "--baseline-source", "measured"])
        #expect(measured.status == 65)
        #expect(measured.stderr.contains("10 of 12 months"), "\(measured.stderr)")
    }

    @Test func january2019_againstJanuary2014_forBeijing() throws {
        let uci = cityDays(try uciMultisiteTable(directory: shared + "/uci-beijing-multisite"))
        let network = cityDays(try cnemcTable(directory: shared + "/cnemc-china-sites-2019-01", codes: beijingCodes))
        let jan2014 = try #require(IndependentCoverage.month(uci, year: 2014, month: 1))
        let jan2019 = try #require(IndependentCoverage.month(network, year: 2019, month: 1))
        let rows = csvRows(try run(["report", "--city", "Beijing", "--baseline", "2014", "--months", "1", "--format", "csv"]).stdout)
        let r2019 = try #require(rows.first { $0["year"] == "2019" })
        #expect(abs(Double(r2019["annual_mean"]!)! - jan2019.mean) <= 0.05 + 1e-9)
        #expect(Int(r2019["valid_days"]!) == jan2019.days)
        #expect(abs(Double(r2019["change_pct"]!)! - 100 * (jan2019.mean - jan2014.mean) / jan2014.mean) <= 0.05 + 1e-9)
        #expect(r2019["months"] == "1" && r2019["baseline_source"] == "measured", "\(r2019)")
        let r2014 = try #require(rows.first { $0["year"] == "2014" })
        #expect(abs(Double(r2014["annual_mean"]!)! - jan2014.mean) <= 0.05 + 1e-9)
        // query monthly lists the same months with valid and expected days.
        let monthly = IndependentCoverage.rows(try run(["query", "monthly", "--city", "Beijing", "--from", "2019", "--to", "2019"]).stdout,
                                               headerPrefix: "scope,month,")
        let m = try #require(monthly.first { $0["month"] == "2019-01" })
        #expect(Int(m["valid_days"]!) == jan2019.days && m["expected_days"] == "31" && m["valid"] == "true")
        #expect(abs(Double(m["mean"]!)! - jan2019.mean) <= 0.05 + 1e-9)
        // The region: every city has a January 2019 figure only if each meets the month's minimum.
        let region = csvRows(try run(["report", "--region", "jingjinji", "--baseline", "2019", "--months", "1", "--format", "csv"]).stdout)
        #expect(region.first { $0["year"] == "2019" }?["members"] == "13")
    }

    @Test func views_agreeWithTheCLI() throws {
        let db = try combinedStore.get()
        // The report leaves out years without a single valid day (2018: the first hour label of the 2019 files ends
        // 2018-12-31's last hour); the view lists every stored row, so those are filtered here.
        let report = csvRows(try run(["report", "--city", "Beijing", "--baseline", "2013", "--format", "csv"]).stdout)
        let annual = try pythonSQLite("""
            import sqlite3,sys
            c = sqlite3.connect(sys.argv[1])
            for r in c.execute("select year, round(annual_mean, 1), valid_days, complete, round(p95_daily, 1), days_over_limit, pollutant from annual_report where kind='city' and code='Beijing' and profile='gb3095-2012' and valid_days > 0 order by year"):
                print(*r, sep=',')
            """, db: db)
        #expect(annual.count == report.count)
        for (line, row) in zip(annual, report) {
            let f = line.split(separator: ",").map(String.init)
            #expect(f[0] == row["year"] && Double(f[1]) == Double(row["annual_mean"]!) && f[2] == row["valid_days"], "\(line)")
            #expect((f[3] == "1") == (row["complete"] == "true") && Double(f[4]) == Double(row["p95_daily"]!) && f[5] == row["days_over_75"] && f[6] == "PM2.5")
        }
        let cli = IndependentCoverage.rows(try run(["query", "monthly", "--city", "Beijing"]).stdout, headerPrefix: "scope,month,")
        let monthly = try pythonSQLite("""
            import sqlite3,sys
            c = sqlite3.connect(sys.argv[1])
            for r in c.execute("select month, round(monthly_mean, 1), valid_days, expected_days, valid from monthly_report where kind='city' and code='Beijing' and profile='gb3095-2012' order by month"):
                print(*r, sep=',')
            """, db: db)
        #expect(monthly.count == cli.count && !cli.isEmpty)
        for (line, row) in zip(monthly, cli) {
            let f = line.split(separator: ",").map(String.init)
            #expect(f[0] == row["month"] && f[2] == row["valid_days"] && f[3] == row["expected_days"] && (f[4] == "1") == (row["valid"] == "true"), "\(line)")
            if f[1] != "None" { #expect(Double(f[1]) == Double(row["mean"]!), "\(line)") }
        }
        // Rolling values through SQL equal `query rolling` for one station-day.
        let rolling = IndependentCoverage.rows(try run(["query", "rolling", "--window", "24h", "--station", "Dongsi", "--from", "2014-01-10",
                                                        "--to", "2014-01-10"]).stdout, headerPrefix: "scope,time,")
        let first = try #require(rolling.first { !$0["value"]!.isEmpty })
        let sqlRolling = try pythonSQLite("""
            import sqlite3,sys
            r = sqlite3.connect(sys.argv[1]).execute("select round(mean_24h, 1) from rolling_hourly_by_time where station='Dongsi' and hour_utc=?", ("\(first["time"]!)",)).fetchone()
            print(r[0])
            """, db: db)
        #expect(Double(sqlRolling.first ?? "") == Double(first["value"]!), "\(first) vs \(sqlRolling)")
    }
}

private extension Double {
    /// As printed: one decimal, half to even.
    var roundedOne: Double { (self * 10).rounded(.toNearestOrEven) / 10 }
}
