import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// Compares the report's CSV rows with an independent computation from the raw files.
private func checkReport(_ csv: String, against expected: [Int: IndependentYear], baseline: Int = 2013) {
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
        if year == baseline {
            #expect(row["change"] == "" && row["change_pct"] == "")
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
        #expect(result.stdout.hasPrefix("scope,year,annual_mean,valid_days,complete,p95_daily,days_over_75,change,change_pct\n"))
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
        checkReport(report.stdout, against: try independentStateAirYears(directory: source))
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
