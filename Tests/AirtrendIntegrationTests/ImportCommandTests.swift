import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

private func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

private func storedHours(_ db: String) throws -> Int {
    try SQLiteStore(path: db, now: { Date() }).summary().hours
}

private let csvArguments = ["--layout", "csv", "--value-column", "pm25", "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M"]

@Suite(.serialized) struct ImportCommandTests {
    @Test func badRows_areNamedByFileAndLine_goodRowsKept_exit65() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/data.csv"
        try write("t,pm25\n2013-01-01 00:00,10\n2013-01-01 01:00,oops\n2013-01-01 02:00,-3\n2013-01-01 03:00,2500\n2013-01-01 04:00,14\n", to: file)
        let result = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC+8"] + csvArguments + [file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("data.csv:3: expected a number in column 'pm25'"))
        #expect(result.stdout.contains("2 stored"))
        #expect(result.stdout.contains("negative 1"))
        #expect(result.stdout.contains("implausible 1"))
        #expect(try storedHours(dir + "/s.sqlite") == 2)
        let q = try airtrend(["quarantine", "--db", dir + "/s.sqlite", "--reason", "negative"])
        #expect(q.stdout.contains(",negative,s1,2012-12-31T18:00Z,-3.0,"))
        #expect(q.stdout.contains("data.csv,4,"))
    }

    @Test func strict_rejectsTheWholeFile_writingNothing() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/data.csv"
        try write("t,pm25\n2013-01-01 00:00,10\n2013-01-01 01:00,oops\n2013-01-01 02:00,12\n", to: file)
        let result = try airtrend(["import", "--strict", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC+8"] + csvArguments + [file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("--strict"))
        #expect(try storedHours(dir + "/s.sqlite") == 0)
    }

    @Test func reimport_changesNothing_andACorrectedFileUpdatesOnlyItsHour() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/data.csv"
        var text = "t,pm25\n"
        for h in 0..<(24 * 3) { text += "2013-01-\(1 + h / 24 < 10 ? "0" : "")\(1 + h / 24) \(h % 24 < 10 ? "0" : "")\(h % 24):00,\(h % 50)\n" }
        try write(text, to: file)
        let base = ["import", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC"] + csvArguments
        #expect(try airtrend(base + [file]).stdout.contains("72 stored, 0 unchanged"))
        #expect(try airtrend(base + [file]).stdout.contains("0 stored, 72 unchanged"))
        try write(text.replacingOccurrences(of: "2013-01-02 05:00,29", with: "2013-01-02 05:00,129"), to: file)
        #expect(try airtrend(base + [file]).stdout.contains("1 stored, 71 unchanged"))
        let store = try SQLiteStore(path: dir + "/s.sqlite", now: { Date() })
        let station = try store.station(code: "s1")!
        let jan2 = CivilDate.dayNumber(year: 2013, month: 1, day: 2)
        let day = try store.days(scope: station.scopeID, pollutant: .pm25, profile: .default, from: jan2, to: jan2)[0]
        let expected = Double((24..<48).map { $0 % 50 }.reduce(0, +) + 100) / 24
        #expect(abs(day.mean! - expected) < 1e-9)
    }

    @Test func duplicateHourInOneFile_laterWins_conflictKept() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/dup.csv"
        try write("t,pm25\n2013-01-01 00:00,10\n2013-01-01 01:00,11\n2013-01-01 00:00,20\n", to: file)
        let result = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC"] + csvArguments + [file])
        #expect(result.status == 0)
        #expect(result.stdout.contains("duplicate 1"))
        let store = try SQLiteStore(path: dir + "/s.sqlite", now: { Date() })
        let station = try store.station(code: "s1")!
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: UTCHour(date: CivilDate(year: 2013, month: 1, day: 1)!, hour: 0)) == 20)
        let conflict = try store.quarantine(reason: .duplicate)
        #expect(conflict.count == 1)
        #expect(conflict[0].value == 10)
        #expect(conflict[0].line == 2)
    }

    @Test func unknownStation_withoutTimezone_stopsAndNamesIt() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/data.csv"
        try write("t,pm25\n2013-01-01 00:00+08:00,10\n", to: file)
        var args = csvArguments
        args[args.count - 1] = "%Y-%m-%d %H:%M%z"
        let result = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "mystery"] + args + [file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("unknown station 'mystery'"))
        #expect(result.stderr.contains("--timezone"))
        #expect(try storedHours(dir + "/s.sqlite") == 0)
    }

    @Test func stationColumn_unknownStationsAreListed_knownOnesStored() throws {
        let dir = try temporaryDirectory()
        let config = dir + "/airtrend.yaml"
        try write("database: s.sqlite\nstations:\n  - id: known\n    timezone: UTC+8\n", to: config)
        let file = dir + "/multi.csv"
        try write("st,t,pm25\nknown,2013-01-01 00:00,10\nghost,2013-01-01 00:00,11\nghost,2013-01-01 01:00,12\n", to: file)
        let result = try airtrend(["import", "--config", config, "--layout", "csv", "--station-column", "st", "--value-column", "pm25",
                                   "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("ghost (2 rows)"))
        #expect(try storedHours(dir + "/s.sqlite") == 1)
    }

    @Test func usageAndInputErrors_haveTheirExitCodes() throws {
        let dir = try temporaryDirectory()
        let missing = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s1", "--timezone", "UTC"] + csvArguments + [dir + "/nope.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nope.csv"))
        let layout = try airtrend(["import", "--db", dir + "/s.sqlite", "--layout", "weird", "x.csv"])
        #expect(layout.status == 64)
        #expect(layout.stderr.contains("unknown layout 'weird'"))
        let badConfig = dir + "/bad.yaml"
        try write("database: x.sqlite\nfeeds:\n  - id: f\n    kind: stateair\n    url: file:x\n    station: nobody\n    colour: blue\n", to: badConfig)
        let config = try airtrend(["status", "--config", badConfig])
        #expect(config.status == 78)
        #expect(config.stderr.contains("feeds.f.station"))
        #expect(config.stderr.contains("feeds.f.colour"))
        #expect(config.stderr.contains("bad.yaml:"))
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}

/// The China-network fixture (one day, a subset of stations) through the CLI, on any clone.
@Suite(.serialized) struct NetworkFixtureTests {
    private let fixtures = repositoryRoot + "/Tests/AirtrendNormalizeTests/Fixtures/cnemc"
    private let config = repositoryRoot + "/Config/airtrend.yaml"

    @Test func regionReportOnADay_saysWhyThereIsNoAnnualFigure() throws {
        let db = try temporaryDirectory() + "/day.sqlite"
        let imported = try airtrend(["import", "--db", db, "--config", config, "--layout", "cnemc-sites",
                                     "--stations", fixtures + "/StationList-2020.01.01_excerpt.csv", fixtures + "/china_sites_20190101_excerpt.csv.gz"])
        // The excerpt's header has one code the list excerpt lacks: reported, not dropped silently.
        #expect(imported.status == 65)
        #expect(imported.stderr.contains("unknown stations"))
        #expect(imported.stderr.contains("warning:") && imported.stderr.contains("3207A"))
        let store = try SQLiteStore(path: db, now: { Date() })
        #expect(try store.station(code: "1001A")?.station.city == "Beijing") // 北京 mapped through the aliases

        // Against the published 2013 figure (the default `auto` baseline), with no regional figure to compare.
        let report = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("no regional figure: 0 of 13 cities"), "\(report.stdout)")
        #expect(report.stdout.contains("published 2013 figure"), "\(report.stdout)")
        let measured = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline-source", "measured"])
        #expect(measured.status == 65)
        #expect(measured.stderr.contains("no annual figure for region:jingjinji in the baseline year 2013"), "\(measured.stderr)")
        let day = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline", "2019", "--format", "json"])
        #expect(day.status == 0, "\(day.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(day.stdout.utf8)) as! [String: Any]
        let row = try #require((object["rows"] as! [[String: Any]]).first)
        #expect(row["complete"] as? Bool == false)
        #expect(row["note"] as? String == "no regional figure: 0 of 13 cities")
        #expect(!(row["incomplete_members"] as! [String]).isEmpty)
        // A region has no daily series of its own: no day counts, null rather than zero.
        #expect(row["days_hj633"] is NSNull && row["good_days_pct"] is NSNull && row["days_epa"] is NSNull)
        let regionCSV = try airtrend(["report", "--db", db, "--config", config, "--region", "jingjinji", "--baseline", "2019", "--format", "csv"])
        #expect(regionCSV.stdout.hasPrefix(ReportHeader.city))
        let regionRow = try #require(csvRows(regionCSV.stdout).first)
        #expect(ReportHeader.aqi.split(separator: ",").allSatisfy { regionRow[String($0)] == "" })
        let csv = try airtrend(["report", "--db", db, "--config", config, "--city", "Beijing", "--baseline", "2019", "--format", "csv"])
        #expect(csv.stdout.hasPrefix(ReportHeader.city))
        // The city's one day counts once in each scale, in the same category of both totals.
        let cityRow = try #require(csvRows(csv.stdout).first)
        let hj633 = ReportHeader.aqi.split(separator: ",").filter { $0.hasPrefix("days_hj633_") }.map { Int(cityRow[String($0)]!)! }
        let epa = ReportHeader.aqi.split(separator: ",").filter { $0.hasPrefix("days_epa_") }.map { Int(cityRow[String($0)]!)! }
        #expect(hj633.reduce(0, +) == Int(cityRow["valid_days"]!))
        #expect(epa.reduce(0, +) == Int(cityRow["valid_days"]!))
    }
}

/// The report's CSV headers, written out in full: a column renamed or moved must fail a test.
enum ReportHeader {
    /// Valid days by HJ 633-2012 and US EPA 2024 category, and the HJ 633 good-days share (appended last).
    static let aqi = "days_hj633_excellent,days_hj633_good,days_hj633_lightly,days_hj633_moderately,days_hj633_heavily,days_hj633_severely,"
        + "good_days_pct,days_epa_good,days_epa_moderate,days_epa_usg,days_epa_unhealthy,days_epa_very_unhealthy,days_epa_hazardous"
    /// The basis of every change, coverage, same-month selection and region members (issue 11, appended last).
    static let basis = "baseline_year,baseline_value,baseline_source,baseline_complete,published,published_diff,target_pct,meets_target,"
        + "mean_coverage,low_coverage,station_set_changed,months,member_names"
    static let station = "scope,year,annual_mean,valid_days,complete,p95_daily,days_over_75,change,change_pct," + aqi + ",profile," + basis + "\n"
    static let city = "scope,year,annual_mean,valid_days,complete,p95_daily,days_over_75,change,change_pct,members," + aqi + ",profile," + basis + "\n"
}

@Suite(.serialized) struct QuarantineReleaseTests {
    @Test func releasingAQuarantinedValue_storesIt_andItsDayFollows_unknownIdsAreErrors() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/q.csv"
        var text = "t,pm25\n"
        for h in 0..<24 { text += "2013-01-01 \(h < 10 ? "0" : "")\(h):00,\(h == 5 ? "2500" : "10")\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let db = dir + "/q.sqlite"
        let imported = try airtrend(["import", "--db", db, "--station", "s1", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                     "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", file])
        #expect(imported.stdout.contains("implausible 1"))
        let store = try SQLiteStore(path: db, now: { Date() })
        let quarantined = try #require(try store.quarantine(reason: .implausible).first)
        let jan1 = CivilDate.dayNumber(year: 2013, month: 1, day: 1)
        let scope = try #require(try store.station(code: "s1")).scopeID
        #expect(try store.days(scope: scope, pollutant: .pm25, profile: .default, from: jan1, to: jan1)[0].observed == 23)

        let unknown = try airtrend(["quarantine", "release", "--db", db, "99999"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("no quarantined value with id 99999"))

        let released = try airtrend(["quarantine", "release", "--db", db, String(quarantined.id!)])
        #expect(released.status == 0, "\(released.stderr)")
        let day = try store.days(scope: scope, pollutant: .pm25, profile: .default, from: jan1, to: jan1)[0]
        #expect(day.observed == 24)
        #expect(day.mean == (23 * 10 + 2500) / 24.0)
        let twice = try airtrend(["quarantine", "release", "--db", db, String(quarantined.id!)])
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("already released"))
        let listed = try airtrend(["quarantine", "--db", db, "--reason", "implausible"])
        // released_at (the column before the feed, empty for a command-line import) is filled.
        #expect(listed.stdout.split(separator: "\n").last?.hasSuffix("Z,") == true, "\(listed.stdout)")
        #expect(try airtrend(["verify", "--db", db]).status == 0)
    }
}

@Suite(.serialized) struct SeriesRuleTests {
    /// A clean series with one spike, one flat run and one value in the future, imported through the CLI.
    @Test func spikeFlatLineAndFuture_areQuarantined_neighboursKept() throws {
        let dir = try temporaryDirectory()
        var csv = "t,pm25\n"
        var expectedStored = 0
        for h in 0..<72 {
            let value: Int
            switch h {
            case 30: value = 900           // neighbours around 40–50: a spike (900 > 4 × ~45 and > 100)
            case 50...59: value = 77       // ten equal hours: a flat line (≥ 8)
            default: value = 40 + (h % 11) // varying, never equal twice in a row
            }
            if h != 30 && !(50...59).contains(h) { expectedStored += 1 }
            csv += "2016-03-\(String(format: "%02d", 1 + h / 24)) \(String(format: "%02d", h % 24)):00,\(value)\n"
        }
        csv += "2999-01-01 00:00,10\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/s.csv"))
        let db = dir + "/s.sqlite"
        let result = try airtrend(["import", "--db", db, "--station", "lc", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                   "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", "--spike", "--flat-line", "8", dir + "/s.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("spike 1"))
        #expect(result.stdout.contains("flat-line 10"))
        #expect(result.stdout.contains("future 1"))
        let store = try SQLiteStore(path: db, now: { Date() })
        #expect(try store.summary().hours == expectedStored)
        let station = try #require(try store.station(code: "lc"))
        let at = { (h: Int) in UTCHour(date: CivilDate(year: 2016, month: 3, day: 1 + h / 24)!, hour: h % 24) }
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: at(30)) == nil)
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: at(29)) != nil) // neighbours stay
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: at(31)) != nil)
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: at(49)) != nil)
        #expect(try store.hourlyValue(station: station.id, pollutant: .pm25, hour: at(60)) != nil)
        #expect(try airtrend(["verify", "--db", db]).status == 0)

        // Without the series rules (the default for official archives) the same file keeps them.
        let plain = try airtrend(["import", "--db", dir + "/p.sqlite", "--station", "lc", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                  "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", dir + "/s.csv"])
        #expect(plain.stdout.contains("72 stored"))
    }
}
