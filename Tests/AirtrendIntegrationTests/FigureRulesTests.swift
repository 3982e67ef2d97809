import AirtrendTestSupport
import Foundation
import Testing

private let dinglingDir = repositoryRoot + "/Tests/AirtrendNormalizeTests/Fixtures/uci/dingling-2013-05-01"
private let cnemcFixtures = repositoryRoot + "/Tests/AirtrendNormalizeTests/Fixtures/cnemc"
private let demoConfig = repositoryRoot + "/Config/airtrend.yaml"

/// The official figure `Config/published/jingjinji.yaml` gives for a scope and year, read with a pattern
/// (not airtrend's loader).
func shippedPublished(_ scope: String, _ year: Int) throws -> Double {
    let text = try String(contentsOfFile: repositoryRoot + "/Config/published/jingjinji.yaml", encoding: .utf8)
    for line in text.split(separator: "\n") where line.contains("scope: \"\(scope)\", year: \(year),") {
        let value = line.split(separator: "value: ")[1].prefix { $0 != "," }
        return Double(value)!
    }
    throw ChartInspection.SetupFailure(description: "no published \(scope) \(year)")
}

/// Runs `python3 -c SCRIPT DB` and returns its stdout lines (the store read by Python's own sqlite3).
func pythonSQLite(_ script: String, db: String) throws -> [String] {
    let run = try runTool(["python3", "-c", script, db])
    #expect(run.status == 0, "python3 failed")
    return run.stdout.split(separator: "\n").map(String.init)
}

/// `report --region jingjinji --baseline 2013 --target -60` on a store whose only city with data is Beijing (from
/// 2014 to 2016 at least), through `run`: each of those years says it has no regional figure, the target has no
/// answer, and no CSV row has a mean, a change or a judgement. Returns the CSV rows for the caller's own checks.
func expectNoRegionalFigureWithOnlyBeijing(_ run: ([String]) throws -> RunResult) throws -> [[String: String]] {
    let table = try run(["report", "--region", "jingjinji", "--baseline", "2013", "--target", "-60"])
    #expect(table.status == 0, "\(table.stderr)")
    for year in 2014...2016 {
        let line = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("\(year) ") })
        #expect(line.contains("no regional figure: 1 of 13 cities"), "\(line)")
    }
    #expect(table.stdout.contains("no answer to the -60 % target"), "\(table.stdout)")
    let rows = csvRows(try run(["report", "--region", "jingjinji", "--baseline", "2013", "--target", "-60", "--format", "csv"]).stdout)
    for row in rows {
        #expect(row["annual_mean"] == "" && row["complete"] == "false" && row["change_pct"] == "" && row["meets_target"] == "", "\(row)")
    }
    return rows
}

/// Issue 11's rules on data that ships with the repository (the Dingling-day excerpt of the UCI multi-site set,
/// the bundled StateAir archive, the China-network excerpt), so they run on a clean clone.
@Suite(.serialized) struct FigureRulesTests {
    /// A store holding the 12 stations' three days, created with `--city Beijing` (so every station is `assessment`).
    private func dinglingStore(config: String? = nil) throws -> (db: String, dir: String) {
        let dir = try temporaryDirectory()
        let db = dir + "/s.sqlite"
        let files = try FileManager.default.contentsOfDirectory(atPath: dinglingDir).filter { $0.hasPrefix("PRSA_Data_") }.sorted().map { dinglingDir + "/" + $0 }
        #expect(files.count == 12)
        var arguments = ["import", "--db", db, "--layout", "uci-multisite", "--city", "Beijing", "--timezone", "Asia/Shanghai", "--quiet"]
        if let config { arguments += ["--config", config] }
        let run = try airtrend(arguments + files)
        #expect(run.status == 0, "\(run.stderr)")
        return (db, dir)
    }

    private func cityDay(_ db: String, _ date: String, config: String? = nil) throws -> [String: String] {
        var arguments = ["query", "daily", "--city", "Beijing", "--from", date, "--to", date, "--db", db]
        if let config { arguments += ["--config", config] }
        let run = try airtrend(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(IndependentCoverage.rows(run.stdout, headerPrefix: "scope,time,").first)
    }

    private func hourCount(_ db: String) throws -> Int {
        Int(try pythonSQLite("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from hourly').fetchone()[0])", db: db)[0])!
    }

    @Test func dinglingDay_expectsEveryAssessmentStationInService_notOnlyThoseThatReported() throws {
        let (db, _) = try dinglingStore()
        let table = try uciMultisiteTable(directory: dinglingDir)
        let truth = IndependentCoverage.coverage(table, day: "2013-5-1")
        #expect(truth.expected == 12 && truth.observed == 11, "the fixture: Dingling silent all day")
        let day = try cityDay(db, "2013-05-01")
        #expect(day["coverage"] == String(format: "%.3f", Double(truth.observed) / Double(truth.expected)))
        #expect(day["valid"] == "true") // HJ 663 averages the valid stations
        let mean = try #require(cityDays(table)["2013-5-1"]?.mean)
        #expect(abs(Double(day["value"]!)! - mean) <= 0.05 + 1e-9)
        // The same day through SQL: observed and expected as counts.
        let view = try pythonSQLite("""
            import sqlite3,sys
            c = sqlite3.connect(sys.argv[1])
            print(*c.execute("select observed, expected, coverage from daily_by_date where kind='city' and code='Beijing' and date='2013-05-01' and profile='gb3095-2012'").fetchone(), sep=',')
            """, db: db)
        #expect(view == ["11,12,\(11.0 / 12.0)"])
        // The next day, by the same rule.
        let next = IndependentCoverage.coverage(table, day: "2013-5-2")
        #expect(try cityDay(db, "2013-05-02")["coverage"] == String(format: "%.3f", Double(next.observed) / Double(next.expected)))
    }

    @Test func roleChange_rebuildsTheCity_andKeepsEveryHour() throws {
        let (db, _) = try dinglingStore()
        let hours = try hourCount(db)
        let table = try uciMultisiteTable(directory: dinglingDir)
        let changed = try airtrend(["station", "role", "Dingling", "background", "--db", db])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try hourCount(db) == hours)
        // Dingling no longer belongs to the city: 11 expected, 11 observed, and 2 May is the mean of the other 11.
        var others = table
        others["Dingling"] = nil
        let without = IndependentCoverage.coverage(others, day: "2013-5-1")
        #expect(without.expected == 11)
        #expect(try cityDay(db, "2013-05-01")["coverage"] == String(format: "%.3f", Double(without.observed) / Double(without.expected)))
        let may2 = try #require(cityDays(others)["2013-5-2"]?.mean)
        #expect(abs(Double(try cityDay(db, "2013-05-02")["value"]!)! - may2) <= 0.05 + 1e-9)
        let list = try airtrend(["station", "list", "--db", db])
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("Dingling ") && $0.contains("background") }, "\(list.stdout)")
        // The station keeps its own figures.
        let own = try airtrend(["query", "daily", "--station", "Dingling", "--from", "2013-05-02", "--to", "2013-05-02", "--db", db])
        #expect(own.status == 0 && own.stdout.contains("station:Dingling,2013-05-02,"), "\(own.stdout)\(own.stderr)")
        // And back: the city is as before.
        #expect(try airtrend(["station", "role", "Dingling", "assessment", "--db", db]).status == 0)
        #expect(try cityDay(db, "2013-05-01")["coverage"] == "0.917")
        let all = try #require(cityDays(table)["2013-5-2"]?.mean)
        #expect(abs(Double(try cityDay(db, "2013-05-02")["value"]!)! - all) <= 0.05 + 1e-9)
        #expect(try hourCount(db) == hours)
        // A role that does not exist is a usage error naming the roles.
        let bad = try airtrend(["station", "role", "Dingling", "control", "--db", db])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("assessment"), "\(bad.stderr)")
    }

    @Test func configuredServicePeriod_setsWhichDaysExpectTheStation() throws {
        let dir = try temporaryDirectory()
        let config = dir + "/c.yaml"
        // Dingling stated in service from 2 May: on 1 May the city expects only the other 11.
        try """
            database: s.sqlite
            stations:
              - id: Dingling
                city: Beijing
                timezone: Asia/Shanghai
                in_service: {from: 2013-05-02}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let (db, _) = try dinglingStore(config: config)
        let hours = try hourCount(db)
        let table = try uciMultisiteTable(directory: dinglingDir)
        var others = table
        others["Dingling"] = nil
        let may1 = IndependentCoverage.coverage(others, day: "2013-5-1"), may2 = IndependentCoverage.coverage(table, day: "2013-5-2")
        #expect(may1.expected == 11 && may2.expected == 12)
        #expect(try cityDay(db, "2013-05-01", config: config)["coverage"] == String(format: "%.3f", Double(may1.observed) / Double(may1.expected)))
        #expect(try cityDay(db, "2013-05-02", config: config)["coverage"] == String(format: "%.3f", Double(may2.observed) / Double(may2.expected)))
        // Without the statement the span comes from the data again (re-applied at the next import), and no hour is lost.
        try "database: s.sqlite\nstations:\n  - {id: Dingling, city: Beijing, timezone: Asia/Shanghai}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let again = try airtrend(["import", "--db", db, "--config", config, "--layout", "uci-multisite", "--city", "Beijing", "--timezone", "Asia/Shanghai",
                                  "--quiet", dinglingDir + "/PRSA_Data_Dingling_20130301-20170228.csv"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try cityDay(db, "2013-05-01", config: config)["coverage"] == "0.917")
        #expect(try hourCount(db) == hours)
        let view = try pythonSQLite("""
            import sqlite3,sys
            print(sqlite3.connect(sys.argv[1]).execute("select role, in_service_from from station_list where station='Dingling'").fetchone())
            """, db: db)
        #expect(view == ["('assessment', None)"])
    }

    @Test func stationsInServiceThatNeverReport_lowerCoverage_andTheYearIsFlaggedInEveryFormat() throws {
        let dir = try temporaryDirectory()
        let config = dir + "/c.yaml"
        // Eight more assessment stations stated in service over the fixture's days, none of which reported: each city
        // day then expects 20 stations and observes at most 12, a coverage below 75 %.
        var text = "database: s.sqlite\nstations:\n"
        for k in 1...8 {
            text += "  - {id: silent-\(k), city: Beijing, timezone: Asia/Shanghai, in_service: {from: 2013-04-29, to: 2013-05-02}}\n"
        }
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let (db, _) = try dinglingStore(config: config)
        let table = try uciMultisiteTable(directory: dinglingDir)
        var days: [Double] = []
        for key in ["2013-4-29", "2013-4-30", "2013-5-1", "2013-5-2"] {
            let truth = IndependentCoverage.coverage(table, day: key)
            days.append(Double(truth.observed) / Double(truth.expected + 8))
        }
        let mean = days.reduce(0, +) / Double(days.count)
        #expect(mean < 0.75)
        let may1 = try cityDay(db, "2013-05-01", config: config)
        #expect(may1["coverage"] == String(format: "%.3f", 11.0 / 20.0))
        let csv = try airtrend(["report", "--db", db, "--config", config, "--city", "Beijing", "--baseline", "2013", "--format", "csv"])
        let row = try #require(csvRows(csv.stdout).first { $0["year"] == "2013" }, "\(csv.stdout)\(csv.stderr)")
        #expect(row["low_coverage"] == "true")
        #expect(abs(Double(row["mean_coverage"]!)! - mean) <= 0.0005 + 1e-9, "\(row["mean_coverage"]!) vs \(mean)")
        let json = try JSONSerialization.jsonObject(with: Data(try airtrend(["report", "--db", db, "--config", config, "--city", "Beijing",
                                                                            "--baseline", "2013", "--format", "json"]).stdout.utf8)) as? [String: Any]
        let jsonRow = try #require((json?["rows"] as? [[String: Any]])?.first { $0["year"] as? Int == 2013 })
        #expect(jsonRow["low_coverage"] as? Bool == true)
        let tableText = try airtrend(["report", "--db", db, "--config", config, "--city", "Beijing", "--baseline", "2013"]).stdout
        #expect(tableText.contains("coverage below 75 % in 2013"), "\(tableText)")
        // The silent stations are listed as in service, with no hour of their own.
        let list = try airtrend(["station", "list", "--db", db, "--config", config])
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("silent-1 ") && $0.contains("(configured)") }, "\(list.stdout)")
    }

    @Test func servicePeriod_withBothEndsMissing_orReversed_isAConfigError() throws {
        let dir = try temporaryDirectory()
        for (body, expected) in [("in_service: {}", "in_service"), ("in_service: {from: 2014-01-01, to: 2013-01-01}", "in_service"),
                                 ("role: control", "role")] {
            try "database: s.sqlite\nstations:\n  - id: a\n    city: Beijing\n    \(body)\n".write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
            let run = try airtrend(["config", "check", "--config", dir + "/c.yaml"])
            #expect(run.status == 78, "\(body): \(run.stderr)")
            #expect(run.stderr.contains("c.yaml:5") && run.stderr.contains("stations[0].\(expected)"), "\(body): \(run.stderr)")
        }
    }

    @Test func controlPointInTheStationList_makesABackgroundStation_outsideTheCityMean() throws {
        let dir = try temporaryDirectory()
        // The excerpt's list with the later lists' 对照点 column: 1002A (Dingling) marked Y.
        let list = try String(contentsOfFile: cnemcFixtures + "/StationList-2020.01.01_excerpt.csv", encoding: .utf8)
        let lines = list.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var marked = [lines[0].trimmingCharacters(in: .whitespacesAndNewlines) + ",对照点"]
        for line in lines.dropFirst() where !line.isEmpty { marked.append(line + (line.hasPrefix("1002A,") ? ",Y" : ",N")) }
        try (marked.joined(separator: "\n") + "\n").write(toFile: dir + "/list.csv", atomically: true, encoding: .utf8)
        let db = dir + "/s.sqlite"
        let run = try airtrend(["import", "--db", db, "--config", demoConfig, "--layout", "cnemc-sites", "--stations", dir + "/list.csv", "--quiet",
                                cnemcFixtures + "/china_sites_20190101_excerpt.csv.gz"])
        // The excerpt's header has a code the list lacks (3207A): reported, and the rest stored.
        #expect(run.status == 65 && run.stderr.contains("unknown stations"), "\(run.stderr)")
        let roles = try pythonSQLite("""
            import sqlite3,sys
            for r in sqlite3.connect(sys.argv[1]).execute("select station, role from station_list where station in ('1001A','1002A') order by 1"): print(*r, sep=',')
            """, db: db)
        #expect(roles == ["1001A,assessment", "1002A,background"])
        let report = try airtrend(["report", "--db", db, "--config", demoConfig, "--city", "Beijing", "--baseline", "2019", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        // The row of 2019 (the file's first hour label ends 2018-12-31's last hour, a day without a valid mean).
        let row = try #require((object?["rows"] as? [[String: Any]])?.first { $0["year"] as? Int == 2019 }, "\(report.stdout)\(report.stderr)")
        let members = try #require(row["members"] as? [String])
        #expect(!members.contains("1002A") && !members.isEmpty, "\(members)")
        let others = try #require(object?["other_stations"] as? [[String: Any]])
        #expect(others.contains { $0["station"] as? String == "1002A" && $0["role"] as? String == "background" })
        // --role overrides what the list says for the stations this import creates.
        let db2 = dir + "/t.sqlite"
        #expect(try airtrend(["import", "--db", db2, "--layout", "cnemc-sites", "--stations", dir + "/list.csv", "--role", "traffic", "--quiet",
                              cnemcFixtures + "/china_sites_20190101_excerpt.csv.gz"]).status == 65)
        let roles2 = try pythonSQLite("import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(\"select distinct role from stations where code glob '[0-9]*A'\").fetchall())", db: db2)
        #expect(roles2 == ["('traffic',)"])
    }

    @Test func publishedEntries_withAnUnknownScope_aYearTwice_orANonPositiveValue_areConfigErrorsWithFileKeyAndLine() throws {
        let dir = try temporaryDirectory()
        try """
            database: s.sqlite
            include: [\(repositoryRoot)/Config/regions/jingjinji.yaml]
            published:
              - {scope: "city:Beijing", year: 2014, value: 85.9, source: "a"}
              - {scope: "city:Atlantis", year: 2014, value: 50, source: "b"}
              - {scope: "city:Beijing", year: 2014, value: 86, source: "c"}
              - {scope: "region:jingjinji", year: 2015, value: 0, source: "d"}
              - {scope: "region:jingjinji", year: 2016, value: -71, source: "e"}
              - {scope: "planet:Earth", year: 2016, value: 71, source: "f"}
            """.write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        let run = try airtrend(["config", "check", "--config", dir + "/c.yaml"])
        #expect(run.status == 78)
        for (line, key, words) in [(5, "published[1].scope", "city:Atlantis"), (6, "published[2]", "2014"), (7, "published[3].value", "positive"),
                                   (8, "published[4].value", "positive"), (9, "published[5].scope", "planet:Earth")] {
            #expect(run.stderr.split(separator: "\n").contains { $0.contains("c.yaml:\(line)") && $0.contains(key) && $0.contains(words) },
                    "line \(line) \(key): \(run.stderr)")
        }
        // The same file is refused by every command that reads it.
        #expect(try airtrend(["report", "--config", dir + "/c.yaml", "--city", "Beijing"]).status == 78)
    }

    // MARK: - The bundled StateAir archive (the chart store: the Embassy monitor standing in for Beijing)

    @Test func measuredBaseline_whenTheStoreHasOne_publishedWhenAsked_andNamedInEveryFormat() throws {
        let years = try independentStateAirYears(directory: repositoryRoot + "/Config/data/stateair-beijing")
        let published2013 = try shippedPublished("city:Beijing", 2013)
        let measured = csvRows(try chartRun(["report", "--city", "Beijing", "--baseline", "2013", "--format", "csv"]).stdout)
        let m2016 = try #require(measured.first { $0["year"] == "2016" })
        #expect(m2016["baseline_source"] == "measured")
        #expect(m2016["baseline_complete"] == "true")
        let truth2013 = try #require(years[2013]?.mean), truth2016 = try #require(years[2016]?.mean)
        #expect(abs(Double(m2016["change_pct"]!)! - 100 * (truth2016 - truth2013) / truth2013) <= 0.05 + 1e-9)
        // The published figure beside each year, and measured − published.
        #expect(Double(m2016["published"]!) == (try shippedPublished("city:Beijing", 2016)))
        #expect(abs(Double(m2016["published_diff"]!)! - (truth2016 - (try shippedPublished("city:Beijing", 2016)))) <= 0.05 + 1e-9)

        let published = try chartRun(["report", "--city", "Beijing", "--baseline", "2013", "--baseline-source", "published", "--target", "-20", "--format", "csv"])
        #expect(published.status == 0, "\(published.stderr)")
        let rows = csvRows(published.stdout)
        for row in rows {
            #expect(row["baseline_source"] == "published" && Double(row["baseline_value"]!) == published2013)
        }
        let p2016 = try #require(rows.first { $0["year"] == "2016" })
        let pct2016 = 100 * (truth2016 - published2013) / published2013
        #expect(abs(Double(p2016["change_pct"]!)! - pct2016) <= 0.05 + 1e-9)
        #expect(p2016["meets_target"] == (pct2016 <= -20 ? "true" : "false"))
        // Measured 2013 against the published 2013 is published_diff, never a change.
        let p2013 = try #require(rows.first { $0["year"] == "2013" })
        #expect(p2013["change_pct"] == "" && p2013["meets_target"] == "")
        // Years without an annual figure (2008, 2009, 2017: data in fewer than 12 months) have no change in any format.
        for year in ["2008", "2009", "2017"] {
            let row = try #require(rows.first { $0["year"] == year })
            #expect(row["change"] == "" && row["change_pct"] == "" && row["meets_target"] == "", "\(year)")
        }
        let table = try chartRun(["report", "--city", "Beijing", "--baseline", "2013", "--baseline-source", "published", "--target", "-20"])
        #expect(table.stdout.contains("published 2013 figure"), "\(table.stdout)")
        let answer = String(format: "2016: %.1f %% against the published 2013 baseline — %@ the -20 %% target", pct2016, pct2016 <= -20 ? "meets" : "does not meet")
        #expect(table.stdout.contains(answer), "\(table.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(try chartRun(["report", "--city", "Beijing", "--baseline", "2013", "--baseline-source",
                                                                              "published", "--format", "json"]).stdout.utf8)) as! [String: Any]
        #expect(json["baseline_source"] as? String == "published" && json["baseline_value"] as? Double == published2013)
    }

    @Test func provisionalBaseline_marksEveryChange_andAYearWithoutAFigureHasNone() throws {
        // 2012: 338 valid days in 12 months but a month below its minimum: an annual figure, provisional.
        let years = try independentStateAirYears(directory: repositoryRoot + "/Config/data/stateair-beijing")
        #expect(years[2012]?.complete == false)
        let rows = csvRows(try chartRun(["report", "--city", "Beijing", "--baseline", "2012", "--format", "csv"]).stdout)
        for row in rows where row["change_pct"] != "" {
            #expect(row["baseline_complete"] == "false" && row["baseline_source"] == "measured")
        }
        #expect(rows.filter { $0["change_pct"] != "" }.count == 6) // 2010, 2011, 2013–2016
        let table = try chartRun(["report", "--city", "Beijing", "--baseline", "2012"]).stdout
        let line2015 = try #require(table.split(separator: "\n").first { $0.hasPrefix("2015 ") })
        #expect(line2015.hasSuffix("%*") || line2015.contains("%*"), "\(line2015)")
        // 2009 (11 months) as a baseline: nothing published for it, so no change at all.
        let none = try chartRun(["report", "--city", "Beijing", "--baseline", "2009", "--format", "csv"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(csvRows(none.stdout).allSatisfy { $0["change_pct"] == "" })
        #expect(try chartRun(["report", "--city", "Beijing", "--baseline", "2009", "--baseline-source", "measured"]).status == 65)
    }

    @Test func regionOfOneCity_hasNoRegionalFigure_andSaysWhy() throws {
        let rows = try expectNoRegionalFigureWithOnlyBeijing(chartRun)
        #expect(!rows.isEmpty)
        for row in rows { #expect(row["member_names"] == "Beijing") }
        // The baseline is the ministry's published 13-city 2013 figure.
        #expect(rows.allSatisfy { $0["baseline_source"] == "published" && Double($0["baseline_value"]!) == (try? shippedPublished("region:jingjinji", 2013)) })
    }

    @Test func badOptions_areUsageErrors_andARiseTargetIsNamed() throws {
        for months in ["0", "13", "1-13", "x"] {
            let run = try chartRun(["report", "--city", "Beijing", "--months", months])
            #expect(run.status == 64, "\(months): \(run.stderr)")
            #expect(run.stderr.contains("--months"), "\(run.stderr)")
        }
        #expect(try chartRun(["report", "--city", "Beijing", "--months", "1", "--baseline-source", "published"]).status == 64)
        let rise = try chartRun(["report", "--city", "Beijing", "--baseline", "2013", "--target", "5"])
        #expect(rise.status == 0)
        #expect(rise.stdout.contains("+5 % target (a rise)"), "\(rise.stdout)")
    }

    @Test func sameMonths_compareWithTheBaselinesSameMonths_andAWinterIsLabelledByItsEnd() throws {
        let days = try independentStateAirDays(directory: repositoryRoot + "/Config/data/stateair-beijing")
        func mean(_ year: Int, _ months: Set<Int>) -> Double? {
            let chosen = (days[year] ?? []).filter { months.contains($0.month) }
            return chosen.isEmpty ? nil : chosen.map(\.mean).reduce(0, +) / Double(chosen.count)
        }
        let rows = csvRows(try chartRun(["report", "--station", "beijing-us-embassy", "--baseline", "2013", "--months", "1-3", "--format", "csv"]).stdout)
        let base = try #require(mean(2013, [1, 2, 3]))
        for year in [2014, 2015, 2016] {
            let row = try #require(rows.first { $0["year"] == String(year) })
            let value = try #require(mean(year, [1, 2, 3]))
            #expect(abs(Double(row["annual_mean"]!)! - value) <= 0.05 + 1e-9, "\(year)")
            #expect(abs(Double(row["change_pct"]!)! - 100 * (value - base) / base) <= 0.05 + 1e-9, "\(year)")
            #expect(row["months"] == "1;2;3")
        }
        // November 2014 – February 2015 is the winter 2015.
        let winter = csvRows(try chartRun(["report", "--station", "beijing-us-embassy", "--baseline", "2014", "--months", "11,12,1,2", "--format", "csv"]).stdout)
        let w2015 = try #require(winter.first { $0["year"] == "2015" })
        let chosen = (days[2014] ?? []).filter { $0.month >= 11 } + (days[2015] ?? []).filter { $0.month <= 2 }
        let winterMean: Double = chosen.map(\.mean).reduce(0, +) / Double(chosen.count)
        let printed = try #require(Double(w2015["annual_mean"] ?? ""))
        #expect(abs(printed - winterMean) <= 0.05 + 1e-9)
        #expect(Int(w2015["valid_days"]!) == chosen.count)
    }
}
