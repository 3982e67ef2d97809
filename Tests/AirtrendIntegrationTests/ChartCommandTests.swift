import AirtrendTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

private let station = ["--station", "beijing-us-embassy"]
private typealias X = ChartInspection

/// HJ 633-2012 Table 5 and the US EPA AQI category colours, as RGB (standards.md §3.3; EPA's AQI colour table).
private let hj633Colours: [String: (Int, Int, Int)] = [
    "excellent": (0, 228, 0), "good": (255, 255, 0), "lightly polluted": (255, 126, 0), "moderately polluted": (255, 0, 0),
    "heavily polluted": (153, 0, 76), "severely polluted": (126, 0, 35),
]
private let epaColours: [String: (Int, Int, Int)] = [
    "good": (0, 228, 0), "moderate": (255, 255, 0), "unhealthy for sensitive groups": (255, 126, 0), "unhealthy": (255, 0, 0),
    "very unhealthy": (143, 63, 151), "hazardous": (126, 0, 35),
]

@Suite struct ChartCommandTests {
    /// Every bar against `report --format csv` (and the months with data from the JSON) of the same store.
    @Test func annualChart_barsMatchTheReport_withStatesBaselineAndTarget() throws {
        let chart = try chartRun(["chart"] + station + ["--kind", "annual", "--target", "-60"])
        #expect(chart.status == 0, "\(chart.stderr)")
        let svg = try X.document(chart.stdout)
        let report = X.csv(try chartRun(["report"] + station + ["--baseline", "2013", "--format", "csv"]).stdout)
        let json = try JSONSerialization.jsonObject(with: Data(try chartRun(["report"] + station + ["--baseline", "2013", "--format", "json"]).stdout.utf8)) as! [String: Any]
        let months = Dictionary(uniqueKeysWithValues: (json["rows"] as! [[String: Any]]).map { ($0["year"] as! Int, $0["months_with_data"] as! Int) })

        let bars = X.elements("rect", in: svg).filter { X.attribute($0, "class") == "bar" }
        #expect(bars.count == report.count)
        #expect(report.count == 10)
        for row in report {
            let year = row["year"]!
            let bar = try #require(bars.first { X.attribute($0, "data-year") == year }, "bar \(year)")
            #expect(X.attribute(bar, "data-value") == row["annual_mean"], "mean \(year)")
            #expect(X.attribute(bar, "data-valid") == row["complete"], "complete \(year)")
            #expect(X.attribute(bar, "data-valid-days") == row["valid_days"], "valid days \(year)")
            let expected = row["complete"] == "true" ? "complete" : months[Int(year)!]! < 12 ? "no-annual-figure" : "provisional"
            #expect(X.attribute(bar, "data-state") == expected, "state \(year)")
            let tip = try #require(X.tooltip(bar))
            #expect(tip.hasPrefix(year + ":"))
            if expected == "provisional" {
                #expect(X.attribute(bar, "fill")?.hasPrefix("url(#") == true, "provisional \(year) is hatched")
                #expect(tip.contains("provisional") && tip.contains("fewer than 324 valid days"), "\(tip)")
            }
            if expected == "no-annual-figure" { #expect(tip.contains("no annual figure: data in \(months[Int(year)!]!) of 12 months")) }
        }
        // 2010–2012 provisional, 2013–2016 complete, 2008, 2009 and 2017 without an annual figure (README).
        #expect(bars.filter { X.attribute($0, "data-state") == "provisional" }.compactMap { X.attribute($0, "data-year") } == ["2010", "2011", "2012"])

        let base = try #require(report.first { $0["year"] == "2013" }?["annual_mean"])
        let baseline = try #require(X.elements("line", in: svg).first { X.attribute($0, "class") == "baseline" })
        #expect(X.attribute(baseline, "data-value") == base)
        let target = try #require(X.elements("line", in: svg).first { X.attribute($0, "class") == "target" })
        #expect(X.attribute(target, "stroke-dasharray") != nil)
        // 60 % below the baseline; the CSV's baseline is rounded, so allow its half-step times 0.4.
        let targetValue = try #require(X.attribute(target, "data-value").flatMap(Double.init))
        let baseValue = try #require(Double(base))
        let tolerance = 0.05 * 0.4 + 0.05 + 1e-9
        #expect(abs(targetValue - 0.4 * baseValue) <= tolerance)
        #expect(X.elements("line", in: svg).first { X.attribute($0, "class") == "annual-limit" }.flatMap { X.attribute($0, "data-value") } == "35")

        // The trend line is `airtrend trend`'s Theil–Sen fit over the complete years, with its band.
        let trend = try #require(X.csv(try chartRun(["trend", "--format", "csv"] + station).stdout).first)
        let line = try #require(X.elements("line", in: svg).first { X.attribute($0, "class") == "trend-line" })
        #expect(abs(Double(X.attribute(line, "data-slope")!)! - Double(trend["slope"]!)!) <= 0.005 + 1e-9)
        #expect(abs(Double(X.attribute(line, "data-intercept")!)! - Double(trend["intercept"]!)!) <= 0.005 + 1e-9)
        let centre = { (year: String) -> Double in
            let bar = bars.first { X.attribute($0, "data-year") == year }!
            return Double(X.attribute(bar, "x")!)! + Double(X.attribute(bar, "width")!)! / 2
        }
        #expect(abs(Double(X.attribute(line, "x1")!)! - centre(trend["from"]!)) < 0.11)
        #expect(abs(Double(X.attribute(line, "x2")!)! - centre(trend["to"]!)) < 0.11)
        #expect(X.elements("polygon", in: svg).contains { X.attribute($0, "class") == "trend-band" })
    }

    /// Each month's dot against the month worked out here from `query daily` (valid days, their mean,
    /// and GB 3095's 27 days, 25 in February).
    @Test func monthlyChart_dotsMatchMonthsComputedFromTheDailyQuery() throws {
        let chart = try chartRun(["chart"] + station + ["--kind", "monthly"])
        #expect(chart.status == 0, "\(chart.stderr)")
        let svg = try X.document(chart.stdout)
        var months: [String: (days: Int, sum: Double)] = [:]
        for row in X.csv(try chartRun(["query", "daily"] + station + ["--format", "csv"]).stdout) where row["valid"] == "true" {
            let parts = row["time"]!.split(separator: "-").map { Int($0)! }
            months["\(parts[0])-\(parts[1])", default: (0, 0)].days += 1
            months["\(parts[0])-\(parts[1])", default: (0, 0)].sum += Double(row["value"]!)!
        }
        let dots = X.elements("circle", in: svg).filter { X.attribute($0, "class") == "month" }
        #expect(dots.count == months.count)
        #expect(dots.count > 100)
        for dot in dots {
            let key = "\(X.attribute(dot, "data-year")!)-\(X.attribute(dot, "data-month")!)"
            let truth = try #require(months[key], "month \(key)")
            let required = key.hasSuffix("-2") ? 25 : 27
            #expect(X.attribute(dot, "data-valid-days") == String(truth.days), "\(key)")
            #expect(X.attribute(dot, "data-valid") == String(truth.days >= required), "\(key)")
            // The daily values in the CSV are rounded to 0.1, so their mean is within 0.05 of the stored one.
            #expect(abs(Double(X.attribute(dot, "data-value")!)! - truth.sum / Double(truth.days)) <= 0.1, "\(key)")
            #expect(X.tooltip(dot) != nil)
        }
        // The line joins valid months only: as many pieces as runs of consecutive valid months.
        let path = try #require(X.elements("path", in: svg).first { X.attribute($0, "class") == "series" }.flatMap { X.attribute($0, "d") })
        let valid = Set(months.filter { $0.key.hasSuffix("-2") ? $0.value.days >= 25 : $0.value.days >= 27 }.keys)
        let runs = valid.filter { key in
            let parts = key.split(separator: "-").map { Int($0)! }
            let previous = parts[1] == 1 ? "\(parts[0] - 1)-12" : "\(parts[0])-\(parts[1] - 1)"
            return !valid.contains(previous)
        }.count
        #expect(path.filter { $0 == "M" }.count == runs)

        // The seasonal Sen line is `airtrend trend --series monthly`'s slope.
        let trend = try #require(X.csv(try chartRun(["trend", "--series", "monthly", "--format", "csv"] + station).stdout).first)
        let line = try #require(X.elements("line", in: svg).first { X.attribute($0, "class") == "trend-line" })
        #expect(abs(Double(X.attribute(line, "data-slope")!)! - Double(trend["slope"]!)!) <= 0.005 + 1e-9)
    }

    /// Every day of 2016 against `query daily`: value, validity, category and the official colour.
    @Test(arguments: [("hj633", "aqi_hj633_category"), ("epa", "aqi_epa_category")])
    func calendarChart_daysMatchTheDailyQuery_inOfficialColours(scale: String, column: String) throws {
        let chart = try chartRun(["chart"] + station + ["--kind", "calendar", "--year", "2016", "--scale", scale])
        #expect(chart.status == 0, "\(chart.stderr)")
        let svg = try X.document(chart.stdout)
        let rows = X.csv(try chartRun(["query", "daily"] + station + ["--from", "2016-01-01", "--to", "2016-12-31"]).stdout)
        let byDate = Dictionary(uniqueKeysWithValues: rows.map { ($0["time"]!, $0) })
        let cells = X.elements("rect", in: svg).filter { X.attribute($0, "class") == "day" }
        #expect(cells.count == 366)
        let colours = scale == "epa" ? epaColours : hj633Colours
        var categories: Set<String> = []
        for cell in cells {
            let date = X.attribute(cell, "data-date")!
            #expect(date.hasPrefix("2016-"))
            guard let row = byDate[date] else {
                #expect(X.attribute(cell, "data-valid") == "false", "\(date) has no data")
                continue
            }
            #expect(X.attribute(cell, "data-value") == row["value"], "\(date)")
            #expect(X.attribute(cell, "data-valid") == row["valid"], "\(date)")
            if row["valid"] == "true" {
                let category = try #require(X.attribute(cell, "data-category"))
                #expect(category == row[column], "\(date)")
                #expect(X.attribute(cell, "fill") == colours[category].map(X.hex), "\(date) \(category)")
                categories.insert(category)
            } else {
                #expect(X.attribute(cell, "data-category") == nil)
            }
            #expect(X.tooltip(cell)?.hasPrefix(date) == true)
        }
        #expect(categories.count >= 5, "2016 spans at least five categories: \(categories)")
    }

    /// Both series' points against `query rolling --window 24h` and `--window nowcast`, hour by hour.
    @Test func rollingChart_pointsMatchTheRollingQueries() throws {
        let range = ["--from", "2016-12-25", "--to", "2017-01-07"]
        let chart = try chartRun(["chart"] + station + ["--kind", "rolling"] + range)
        #expect(chart.status == 0, "\(chart.stderr)")
        let svg = try X.document(chart.stdout)
        let points = X.elements("circle", in: svg).filter { X.attribute($0, "class") == "point" }
        for (series, window) in [("24h", "24h"), ("nowcast", "nowcast")] {
            let rows = X.csv(try chartRun(["query", "rolling", "--window", window] + station + range).stdout).filter { !$0["value"]!.isEmpty }
            let marks = points.filter { X.attribute($0, "data-series") == series }
            #expect(marks.count == rows.count, "\(series)")
            #expect(rows.count > 300, "\(series)")
            for (mark, row) in zip(marks, rows) {
                #expect(X.attribute(mark, "data-hour") == row["time"], "\(series)")
                #expect(X.attribute(mark, "data-value") == row["value"], "\(series) \(row["time"]!)")
                #expect(X.attribute(mark, "data-valid") == row["valid"], "\(series) \(row["time"]!)")
                if row["valid"] == "true" { #expect(X.attribute(mark, "data-category") == row["aqi_hj633_category"]) }
            }
        }
        let bands = X.elements("rect", in: svg).filter { X.attribute($0, "class") == "band" }
        // New Year 2017 reached severely polluted levels, so all six HJ 633 bands are drawn.
        #expect(bands.compactMap { X.attribute($0, "data-category") } == ["excellent", "good", "lightly polluted", "moderately polluted",
                                                                           "heavily polluted", "severely polluted"])
    }

    /// The four kinds for a station, and city and region charts: standalone, accessible, round ticks, no overlapping labels.
    @Test(arguments: [
        ["--kind", "annual", "--station", "beijing-us-embassy", "--target", "-60"],
        ["--kind", "monthly", "--station", "beijing-us-embassy"],
        ["--kind", "calendar", "--station", "beijing-us-embassy"],
        ["--kind", "rolling", "--station", "beijing-us-embassy"],
        ["--kind", "annual", "--city", "Beijing"],
        ["--kind", "monthly", "--region", "jingjinji"],
        ["--kind", "calendar", "--region", "jingjinji", "--year", "2015", "--scale", "epa"],
    ])
    func everyChart_isAStandaloneAccessibleSVG_withRoundTicksAndNoOverlappingText(arguments: [String]) throws {
        let chart = try chartRun(["chart"] + arguments)
        #expect(chart.status == 0, "\(chart.stderr)")
        let text = chart.stdout
        let svg = try X.document(text)
        let root = try #require(svg.rootElement())
        #expect(root.localName == "svg")
        #expect(X.attribute(root, "width") == "800" && X.attribute(root, "height") == "450")
        #expect(X.attribute(root, "role") == "img")
        let title = try #require(X.elements("title", in: root).first { X.attribute($0, "id") != nil }?.stringValue)
        let desc = try #require(X.elements("desc", in: root).first?.stringValue)
        #expect(title.contains("PM2.5"))
        let scope = arguments.contains("--station") ? "station:beijing-us-embassy" : arguments.contains("--city") ? "city:Beijing" : "region:jingjinji"
        #expect(desc.contains(scope) && desc.contains("gb3095-2012"), "\(desc)")
        #expect(desc.contains("valid") || desc.contains("member cities"), "coverage in \(desc)")
        // Standalone: nothing loaded, nothing run.
        for forbidden in ["<script", "href=\"http", "xlink:href", "@import", "url(http", "<image", "@font-face"] {
            #expect(!text.contains(forbidden), "\(forbidden)")
        }
        if !arguments.contains("calendar") { #expect(X.roundTicks(X.axisLabels(svg)), "\(X.axisLabels(svg))") }
        #expect(X.overlappingTexts(svg).isEmpty, "\(X.overlappingTexts(svg).prefix(5))")
        #expect(X.textsOutside(svg).isEmpty, "\(X.textsOutside(svg))")
        // Every data mark has a tooltip.
        let marks = X.elements("rect", in: svg) + X.elements("circle", in: svg)
        let data = marks.filter { X.attribute($0, "data-value") != nil }
        #expect(!data.isEmpty)
        #expect(data.allSatisfy { X.tooltip($0) != nil })
    }

    /// A region's bars against its report; its calendar against its daily query.
    @Test func regionCharts_matchTheRegionReportAndQuery() throws {
        let region = ["--region", "jingjinji"]
        // Only Beijing has data, so the region has no annual figure in any year (issue 11): no bars to draw, and the reason.
        let annual = try chartRun(["chart", "--kind", "annual"] + region)
        #expect(annual.status == 65)
        #expect(annual.stderr.contains("no regional figure:") && annual.stderr.contains("every member city has an annual figure"), "\(annual.stderr)")
        let report = X.csv(try chartRun(["report", "--baseline", "2013", "--format", "csv"] + region).stdout)
        #expect(!report.isEmpty && report.allSatisfy { $0["annual_mean"] == "" })

        let calendar = try X.document(try chartRun(["chart", "--kind", "calendar", "--year", "2015"] + region).stdout)
        let days = X.csv(try chartRun(["query", "daily", "--from", "2015-01-01", "--to", "2015-12-31"] + region).stdout)
        let cells = X.elements("rect", in: calendar).filter { X.attribute($0, "data-valid") == "true" }
        #expect(cells.count == days.filter { $0["valid"] == "true" }.count)
        let values = Dictionary(uniqueKeysWithValues: days.map { ($0["time"]!, $0["value"]!) })
        #expect(cells.allSatisfy { values[X.attribute($0, "data-date")!] == X.attribute($0, "data-value") })
    }

    @Test func tooLittleData_exits65_withAClearMessage_andWritesNothing() throws {
        let dir = try temporaryDirectory()
        for (arguments, words) in [
            (["--kind", "calendar", "--year", "2005"] + station, "no valid day"),
            (["--kind", "annual", "--baseline", "2005"] + station, "baseline year 2005"),
            (["--kind", "monthly", "--from", "2004", "--to", "2005"] + station, "no valid month"),
            (["--kind", "rolling", "--from", "2019-01-01", "--to", "2019-01-10"] + station, "no valid 24-hour mean"),
            (["--kind", "annual", "--station", "nowhere"], "unknown station"),
        ] {
            let output = dir + "/chart.svg"
            let run = try chartRun(["chart"] + arguments + ["--output", output])
            #expect(run.status == 65, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(words), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func badOptions_exit64() throws {
        for arguments in [["--kind", "rolling", "--city", "Beijing"], ["--kind", "rolling", "--from", "2016-01-01", "--to", "2016-03-01"] + station,
                          ["--kind", "annual", "--from", "2016-13"] + station, ["--kind", "annual"]] {
            let run = try chartRun(["chart"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    /// A folder that does not exist, and a path that is a folder: exit 73, and no file or temporary file left behind.
    @Test func unwritableOutput_exits73_andLeavesNoPartialFile() throws {
        let dir = try temporaryDirectory()
        let missing = try chartRun(["chart", "--kind", "annual", "--output", dir + "/no/such/folder/chart.svg"] + station)
        #expect(missing.status == 73, "\(missing.stderr)")
        #expect(missing.stderr.contains("cannot write"))
        try FileManager.default.createDirectory(atPath: dir + "/taken.svg", withIntermediateDirectories: false)
        let folder = try chartRun(["chart", "--kind", "annual", "--output", dir + "/taken.svg"] + station)
        #expect(folder.status == 73, "\(folder.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken.svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/taken.svg").isEmpty)
        let report = try chartRun(["report", "--format", "html", "--output", dir + "/missing/page.html"] + station)
        #expect(report.status == 73, "\(report.stderr)")

        // A good path gets the whole file, the same as standard output.
        let good = try chartRun(["chart", "--kind", "annual", "--output", dir + "/chart.svg"] + station)
        #expect(good.status == 0 && good.stdout.isEmpty)
        let written = try String(contentsOfFile: dir + "/chart.svg", encoding: .utf8)
        #expect(written == (try chartRun(["chart", "--kind", "annual"] + station).stdout))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["chart.svg", "taken.svg"])
    }
}
