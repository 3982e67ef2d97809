import AirtrendTestSupport
import Foundation
import Testing

/// The reference figures written by SciPy and pymannkendall (`Tests/AirtrendDomainTests/Fixtures/trend`),
/// from the StateAir series the generating script reduced itself from the raw files.
private func referenceCase(_ name: String) throws -> [String: Any] {
    let path = repositoryRoot + "/Tests/AirtrendDomainTests/Fixtures/trend/reference.json"
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    let cases = object["cases"] as! [[String: Any]]
    return try #require(cases.first { $0["name"] as? String == name }, "no case \(name)")
}

/// The one data row of `trend --format csv`, keyed by column.
private func trendRow(_ csv: String) throws -> [String: String] {
    let lines = csv.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("scope,series,from,to,n,slope,slope_lower,slope_upper,intercept,slope_pct,mk_s,mk_var_s,mk_z,mk_p,kendall_tau,trend,profile"))
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let fields = try #require(lines.dropFirst().first).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    #expect(header.count == fields.count)
    return Dictionary(uniqueKeysWithValues: zip(header, fields))
}

private func number(_ row: [String: String], _ key: String) -> Double { Double(row[key] ?? "") ?? .nan }

private func close(_ actual: Double, _ expected: Double) -> Bool {
    actual == expected || abs(actual - expected) <= 1e-9 * max(abs(actual), abs(expected))
}

/// Checks the printed line and test against the reference's line (`theil_sen` or `seasonal_sen`) and test.
private func checkFigures(_ row: [String: String], line: [String: Any], test: [String: Any], intercept: Double, firstX: Double) {
    for (column, key) in [("slope", "slope"), ("slope_lower", "slope_lower"), ("slope_upper", "slope_upper")] {
        #expect(close(number(row, column), line[key] as! Double), "\(column): \(row[column]!) vs \(line[key]!)")
    }
    #expect(close(number(row, "intercept"), intercept), "intercept \(row["intercept"]!) vs \(intercept)")
    let slope = line["slope"] as! Double
    #expect(close(number(row, "slope_pct"), 100 * slope / (intercept + slope * firstX)), "slope_pct \(row["slope_pct"]!)")
    #expect(Int(row["mk_s"]!) == test["s"] as? Int)
    #expect(close(number(row, "mk_var_s"), test["var_s"] as! Double))
    #expect(close(number(row, "mk_z"), test["z"] as! Double))
    #expect(close(number(row, "mk_p"), test["p_sf"] as! Double), "p \(row["mk_p"]!) vs \(test["p_sf"]!)")
    #expect(close(number(row, "kendall_tau"), test["tau"] as! Double))
    #expect(Int(row["n"]!) == test["n"] as? Int)
    let trend = test["trend"] as! String
    #expect(row["trend"] == (trend == "no trend" ? "no significant trend" : trend))
    #expect(row["profile"] == "gb3095-2012")
}

@Suite(.serialized) struct TrendCommandTests {
    /// The bundled StateAir archive imported into a fresh store by the demo configuration.
    private func demoStore() throws -> [String] {
        let db = try temporaryDirectory() + "/trend.sqlite"
        let imported = try airtrend(["run", "--once", "--quiet", "--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        return ["--config", repositoryRoot + "/Config/airtrend.yaml", "--db", db]
    }

    @Test func stateAirTrends_matchSciPyAndPymannkendallOnAnIndependentReduction() throws {
        let store = try demoStore()
        let station = ["trend", "--station", "beijing-us-embassy", "--format", "csv"] + store

        let complete = try referenceCase("stateair-annual-complete")
        let annual = try airtrend(station)
        #expect(annual.status == 0, "\(annual.stderr)")
        let row = try trendRow(annual.stdout)
        let years = complete["x"] as! [Int]
        #expect(row["series"] == "annual" && row["from"] == String(years.first!) && row["to"] == String(years.last!))
        #expect(row["provisional"] == "")
        let fit = complete["theil_sen"] as! [String: Any]
        checkFigures(row, line: fit, test: complete["mann_kendall"] as! [String: Any], intercept: fit["intercept"] as! Double,
                     firstX: Double(years.first!))

        let provisional = try referenceCase("stateair-annual-provisional")
        let withProvisional = try airtrend(station + ["--include-provisional"])
        #expect(withProvisional.status == 0, "\(withProvisional.stderr)")
        let provisionalRow = try trendRow(withProvisional.stdout)
        let provisionalFit = provisional["theil_sen"] as! [String: Any]
        checkFigures(provisionalRow, line: provisionalFit, test: provisional["mann_kendall"] as! [String: Any],
                     intercept: provisionalFit["intercept"] as! Double, firstX: Double((provisional["x"] as! [Int]).first!))
        #expect(provisionalRow["provisional"] == (provisional["provisional"] as! [Int]).map(String.init).joined(separator: " "))

        let monthly = try referenceCase("stateair-monthly")
        let monthlyRun = try airtrend(station + ["--series", "monthly"])
        #expect(monthlyRun.status == 0, "\(monthlyRun.stderr)")
        let monthlyRow = try trendRow(monthlyRun.stdout)
        let start = monthly["start"] as! [Int]
        #expect(monthlyRow["series"] == "monthly" && monthlyRow["from"] == String(format: "%d-%02d", start[0], start[1]))
        let seasonal = monthly["seasonal_sen"] as! [String: Any]
        checkFigures(monthlyRow, line: seasonal, test: monthly["seasonal_kendall"] as! [String: Any],
                     intercept: seasonal["intercept_at_year_zero"] as! Double, firstX: Double(start[0]) + Double(start[1] - 1) / 12)
    }

    @Test func target_isReachedWhenTheReferenceLineCrossesTheLevel() throws {
        let store = try demoStore()
        let complete = try referenceCase("stateair-annual-complete")
        let fit = complete["theil_sen"] as! [String: Any]
        let base = (complete["years"] as! [[String: Any]]).first { $0["year"] as? Int == 2013 }!["mean"] as! Double
        let level = 0.4 * base
        let crossing = (level - (fit["intercept"] as! Double)) / (fit["slope"] as! Double)
        let json = try airtrend(["trend", "--station", "beijing-us-embassy", "--format", "json", "--target", "-60", "--baseline", "2013"] + store)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let target = try #require(object["target"] as? [String: Any])
        #expect(close(target["target_level"] as! Double, level))
        #expect(target["target_year"] as? Int == Int(crossing.rounded(.up)))
        #expect(close(object["slope"] as! Double, fit["slope"] as! Double))
        #expect((object["points"] as! [[String: Any]]).count == 4)

        // A baseline without an annual figure leaves the year empty and says why.
        let csv = try airtrend(["trend", "--station", "beijing-us-embassy", "--format", "csv", "--target", "-60", "--baseline", "2017"] + store)
        #expect(csv.status == 0)
        #expect(try trendRow(csv.stdout)["target_year"] == "")
        let table = try airtrend(["trend", "--station", "beijing-us-embassy", "--target", "-60", "--baseline", "2017"] + store)
        #expect(table.stdout.contains("no annual figure for station:beijing-us-embassy in the baseline year 2017"))
    }

    @Test func tooFewPoints_isExit65WithWhatWasLeftOut_andBadRequestsAreExit64() throws {
        let store = try demoStore()
        // 2013 and 2014 are the only complete years up to 2014.
        let short = try airtrend(["trend", "--station", "beijing-us-embassy", "--to", "2014", "--format", "csv"] + store)
        #expect(short.status == 65)
        #expect(short.stdout.isEmpty)
        #expect(short.stderr.contains("has 2 annual figures (2013, 2014)"))
        #expect(short.stderr.contains("a trend needs at least 3"))
        #expect(short.stderr.contains("--include-provisional"))
        // One year of months: no month of the year in two years.
        let oneYear = try airtrend(["trend", "--station", "beijing-us-embassy", "--series", "monthly", "--from", "2016", "--to", "2016"] + store)
        #expect(oneYear.status == 65)
        #expect(oneYear.stderr.contains("no month of the year is valid in two different years"))
        let unknown = try airtrend(["trend", "--station", "nowhere"] + store)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("unknown station 'nowhere'"))
        let rising = try airtrend(["trend", "--station", "beijing-us-embassy", "--target", "20"] + store)
        #expect(rising.status == 64)
        let backwards = try airtrend(["trend", "--station", "beijing-us-embassy", "--from", "2016", "--to", "2013"] + store)
        #expect(backwards.status == 64)
    }
}
