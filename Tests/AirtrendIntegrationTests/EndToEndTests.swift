import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// Compares the report's CSV rows with an independent computation from the raw files.
private func checkReport(_ csv: String, against expected: [Int: IndependentYear], baseline: Int = 2013,
                         directory: String = repositoryRoot + "/Config/data/stateair-beijing") {
    let days = (try? independentStateAirDays(directory: directory)) ?? [:]
    func monthsWithData(_ year: Int) -> Int { Set((days[year] ?? []).map(\.month)).count }
    let rows = csvRows(csv)
    #expect(!rows.isEmpty)
    let base = expected[baseline]!.mean
    for row in rows {
        let year = Int(row["year"]!)!
        guard let truth = expected[year] else { Issue.record("unexpected year \(year)"); continue }
        #expect(abs(Double(row["annual_mean"]!)! - truth.mean) <= 0.05 + 1e-9, "annual mean \(year)")
        #expect(Int(row["valid_days"]!) == truth.validDays, "valid days \(year)")
        #expect(row["complete"] == (truth.complete ? "true" : "false"), "complete \(year)")
        #expect(abs(Double(row["p95_daily"]!)! - truth.p95) <= 0.05 + 1e-9, "p95 \(year)")
        if year == baseline || monthsWithData(year) < 12 {
            // The baseline row, and a year with data in fewer than 12 months (no annual figure), have no change.
            #expect(row["change"] == "" && row["change_pct"] == "", "no change \(year)")
        } else {
            #expect(abs(Double(row["change_pct"]!)! - 100 * (truth.mean - base) / base) <= 0.05 + 1e-9, "change % \(year)")
        }
    }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func demoConfig_runOnce_reportsBundledBeijingData_likeAnIndependentComputation() throws {
        let dir = try temporaryDirectory()
        let result = try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml",
                                   "--db", dir + "/demo.sqlite", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(ReportHeader.station))
        let expected = try independentStateAirYears(directory: repositoryRoot + "/Config/data/stateair-beijing")
        checkReport(result.stdout, against: expected)
        #expect(csvRows(result.stdout).count == 10) // 2008–2017

        // A second run skips the unchanged files and prints the same report.
        let again = try airtrend(["run", "--once", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", dir + "/demo.sqlite", "--format", "csv"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("10 unchanged files skipped"))
        #expect(again.stdout.hasSuffix(result.stdout))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: repositoryRoot + "/../shared/data/stateair-beijing")))
    func sharedStateAirArchive_importedByTheCLI_matchesAnIndependentComputation() throws {
        let source = repositoryRoot + "/../shared/data/stateair-beijing"
        let files = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".csv") }.map { source + "/" + $0 }
        let db = try temporaryDirectory() + "/shared.sqlite"
        let imported = try airtrend(["import", "--db", db, "--layout", "stateair", "--station", "embassy", "--timezone", "Asia/Shanghai"] + files)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("negative 16")) // the 16 negative Valid values of 2016
        let report = try airtrend(["report", "--db", db, "--station", "embassy", "--baseline", "2013", "--format", "csv"])
        #expect(report.status == 0)
        checkReport(report.stdout, against: try independentStateAirYears(directory: source), directory: source)
        let store = try SQLiteStore(path: db, now: { Date() })
        let hours = try store.summary().hours
        // 79,559 rows − 4,459 missing − 27 negative.
        #expect(hours == 79_559 - 4_459 - 27)
    }

    @Test func tableAndJSON_markIncompleteYears() throws {
        let dir = try temporaryDirectory()
        try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", dir + "/t.sqlite"])
        let table = try airtrend(["report", "--db", dir + "/t.sqlite", "--station", "beijing-us-embassy", "--baseline", "2013", "--from", "2012", "--to", "2014"])
        #expect(table.status == 0)
        let line2012 = table.stdout.split(separator: "\n").first { $0.hasPrefix("2012") }!
        #expect(line2012.contains("*"))
        #expect(line2012.contains("NO"))
        #expect(table.stdout.contains("2013 (base)"))
        let json = try airtrend(["report", "--db", dir + "/t.sqlite", "--station", "beijing-us-embassy", "--baseline", "2013", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["profile"] as? String == "gb3095-2012")
        let rows = object["rows"] as! [[String: Any]]
        let y2017 = rows.first { ($0["year"] as? Int) == 2017 }!
        #expect(y2017["complete"] as? Bool == false)
        #expect(y2017["annual_mean"] is Double)
    }

    @Test func baselineWithoutData_isAClearErrorAndNonZeroExit() throws {
        let dir = try temporaryDirectory()
        try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", dir + "/t.sqlite"])
        let result = try airtrend(["report", "--db", dir + "/t.sqlite", "--station", "beijing-us-embassy", "--baseline", "2005"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("baseline year 2005"))
        let unknown = try airtrend(["report", "--db", dir + "/t.sqlite", "--station", "nowhere", "--baseline", "2013"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nowhere"))
    }
}

@Suite(.serialized) struct VerifyCommandTests {
    @Test func verify_passesOnAnImportedStore_andNamesATamperedRowWithoutFixingIt() throws {
        let dir = try temporaryDirectory()
        let db = dir + "/v.sqlite"
        try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        let clean = try airtrend(["verify", "--db", db])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("equals a full recomputation"))

        let store = try SQLiteStore(path: db, now: { Date() })
        try store.connection.execute("UPDATE annual SET mean = mean + 1 WHERE year = 2014")
        let tampered = try airtrend(["verify", "--db", db])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("annual ["))
        #expect(tampered.stderr.contains("|2014]"))
        // verify never modifies the store: the tampered value is still there.
        let again = try airtrend(["verify", "--db", db])
        #expect(again.status == 1)
    }
}

@Suite(.serialized) struct QueryCommandTests {
    /// Hours of a UTC station, with gaps, through the real CLI; rolling windows checked against a plain reference.
    @Test func rollingWindows_matchAPlainReference() throws {
        let dir = try temporaryDirectory()
        var rng = UInt64(12345)
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        var values: [Int: Double] = [:] // hour index from 2020-01-01T00Z → value
        var csv = "t,pm25\n"
        for h in 0..<(24 * 40) where next() % 7 != 0 { // about one hour in seven missing
            let value = Double(next() % 400)
            values[h] = value
            let day = 1 + h / 24
            csv += "2020-\(day <= 31 ? "01" : "02")-\(String(format: "%02d", day <= 31 ? day : day - 31)) \(String(format: "%02d", h % 24)):00,\(Int(value))\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/q.csv"))
        let db = dir + "/q.sqlite"
        let imported = try airtrend(["import", "--db", db, "--station", "u", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                     "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", dir + "/q.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")

        let rolling = try airtrend(["query", "rolling", "--window", "24h", "--db", db, "--station", "u", "--from", "2020-01-05", "--to", "2020-01-06"])
        #expect(rolling.stdout.hasPrefix("scope,time,value,coverage,valid,aqi_hj633,aqi_hj633_category,aqi_epa,aqi_epa_category,profile\n"))
        var checked = 0
        for line in rolling.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let day = Int(f[1].dropFirst(8).prefix(2))!, hourOfDay = Int(f[1].dropFirst(11).prefix(2))!
            let h = (day - 1) * 24 + hourOfDay
            let window: [Double] = (h - 23...h).compactMap { values[$0] }
            let reference: Double = window.reduce(0, +) / Double(window.count)
            let printed: Double = Double(f[2])!
            #expect(abs(printed - reference) <= 0.05 + 1e-9, "\(f[1])")
            let expectedValid = window.count >= 18 ? "true" : "false"
            #expect(f[4] == expectedValid, "\(f[1])")
            checked += 1
        }
        #expect(checked >= 40)

        let weekly = try airtrend(["query", "rolling", "--window", "7d", "--db", db, "--station", "u", "--from", "2020-01-10", "--to", "2020-01-20"])
        var dailyMeans: [Int: Double] = [:]
        for day in 0..<40 {
            let hours = (day * 24..<(day + 1) * 24).compactMap { values[$0] }
            if hours.count >= 20 { dailyMeans[day] = hours.reduce(0, +) / Double(hours.count) }
        }
        for line in weekly.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let day = Int(f[1].suffix(2))! - 1
            let window: [Double] = (day - 6...day).compactMap { dailyMeans[$0] }
            let reference: Double = window.reduce(0, +) / Double(window.count)
            let printed: Double = Double(f[2])!
            #expect(abs(printed - reference) <= 0.05 + 1e-9, "\(f[1])")
            let expectedValid = Double(window.count) >= 0.75 * 7 ? "true" : "false"
            #expect(f[4] == expectedValid, "\(f[1])")
        }
        #expect(weekly.stdout.split(separator: "\n").count == 12)
    }
}

@Suite(.serialized) struct ProfileReportTests {
    @Test func reportUnderTheEPAProfile_isComputedFromStoredHours_andNamesItsProfile() throws {
        let dir = try temporaryDirectory()
        let db = dir + "/p.sqlite"
        try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        let gb = try airtrend(["report", "--db", db, "--station", "beijing-us-embassy", "--baseline", "2013", "--format", "json"])
        // Reads never write: a profile the store does not keep is refused with the command that adds it.
        let notKept = try airtrend(["report", "--db", db, "--station", "beijing-us-embassy", "--baseline", "2013", "--profile", "epa"])
        #expect(notKept.status == 65)
        #expect(notKept.stderr.contains("airtrend profile add epa"), "\(notKept.stderr)")
        #expect(try airtrend(["profile", "add", "epa", "--db", db]).status == 0)
        let epa = try airtrend(["report", "--db", db, "--station", "beijing-us-embassy", "--baseline", "2013", "--format", "json", "--profile", "epa"])
        #expect(epa.status == 0, "\(epa.stderr)")
        func rows(_ text: String) throws -> [Int: [String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            return Dictionary(uniqueKeysWithValues: (object["rows"] as! [[String: Any]]).map { ($0["year"] as! Int, $0) })
        }
        #expect(epa.stdout.contains("\"profile\":\"epa\""))
        let gbRows = try rows(gb.stdout), epaRows = try rows(epa.stdout)
        // 18-hour days: never fewer valid days than under GB 3095's 20 hours.
        for (year, row) in gbRows {
            #expect((epaRows[year]?["valid_days"] as? Int ?? 0) >= (row["valid_days"] as? Int ?? 0), "\(year)")
        }
        // 2012 fails GB 3095 (a month with 24 days) but every quarter has at least 75 % of its days.
        #expect(gbRows[2012]?["complete"] as? Bool == false)
        #expect(epaRows[2012]?["complete"] as? Bool == true)
        #expect(try airtrend(["verify", "--db", db]).status == 0)
    }
}
