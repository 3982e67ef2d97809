import AirtrendTestSupport
import AirtrendDomain
@testable import AirtrendReport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

private func elements(_ name: String, in node: XMLNode) -> [XMLElement] { ChartInspection.elements(name, in: node) }

private func attribute(_ element: XMLElement, _ name: String) -> String? { ChartInspection.attribute(element, name) }

private func number(_ element: XMLElement, _ name: String) -> Double? { attribute(element, name).flatMap(Double.init) }

/// Three complete years and one provisional, baseline 2013 at 100 µg/m³.
private func annualChart(trend: TrendLine?, scopeName: String? = "Test station") -> AnnualChart {
    let years = [(2013, 100.0, true), (2014, 90.0, true), (2015, 80.0, true), (2016, 75.0, false)].map { year, mean, complete in
        AnnualChart.Year(year: year, mean: mean, validDays: complete ? 360 : 300, expectedDays: 365, validMonths: complete ? 12 : 10,
                         monthsWithData: 12, complete: complete, changePercent: year == 2013 ? nil : 100 * (mean - 100) / 100)
    }
    return AnnualChart(scope: "station:test", scopeName: scopeName, profile: .default, years: years, baselineYear: 2013, baselineMean: 100,
                       targetPercent: -60, published: [PublishedFigure(year: 2013, value: 89.5, source: "bulletin")], trend: trend,
                       coverage: "1380 of 1460 days valid.")
}

@Suite struct ChartDrawingTests {
    @Test func valueAxis_usesRoundStepsFromZero() {
        // (largest value, expected step, expected top)
        for (value, step, top) in [(104.1, 20.0, 120.0), (194.0, 50, 200), (150, 20, 160), (9.3, 2, 10), (0.37, 0.05, 0.4), (500, 100, 500),
                                   (40, 5, 40), (1, 0.2, 1)] {
            let axis = ValueAxis(upTo: value)
            #expect(abs(axis.step - step) < 1e-12 && abs(axis.maximum - top) < 1e-9, "\(value): step \(axis.step), top \(axis.maximum)")
            #expect(axis.ticks.first == 0 && axis.ticks.count <= 9)
        }
        #expect(ValueAxis(upTo: 0.37).label(0.15) == "0.15")
        #expect(ValueAxis(upTo: 104).label(40) == "40")
        // Zero or no data still gives a usable axis.
        #expect(ValueAxis(upTo: 0).maximum > 0)
    }

    /// The trend is plain input: its line ends where intercept + slope · year puts them on the value axis.
    @Test func annualChart_drawsAGivenTrendLineAndBand_atTheirValues() throws {
        let trend = TrendLine(slope: -8, intercept: 16_204, slopeLower: -12, slopeUpper: -4, from: 2013, to: 2015, pivot: 2014,
                              label: "Theil–Sen trend −8.0 µg/m³ per year")
        let svg = try XMLDocument(data: Data(annualChart(trend: trend).svg().utf8))
        // Value → y from the axis labels and their grid lines.
        let axis = try #require(elements("g", in: svg).first { attribute($0, "class") == "y-axis" })
        let ticks = zip(elements("line", in: axis), elements("text", in: axis).compactMap { $0.stringValue.flatMap(Double.init) })
            .map { (value: $1, y: number($0, "y1")!) }
        let (low, high) = (ticks.first!, ticks.last!)
        func y(_ value: Double) -> Double { low.y + (value - low.value) / (high.value - low.value) * (high.y - low.y) }
        let line = try #require(elements("line", in: svg).first { attribute($0, "class") == "trend-line" })
        #expect(abs(number(line, "y1")! - y(16_204 - 8 * 2013.0)) < 0.11)  // 100 µg/m³ in 2013
        #expect(abs(number(line, "y2")! - y(16_204 - 8 * 2015.0)) < 0.11)  // 84 in 2015
        // The bars' centres are the years: the line starts over 2013's bar and ends over 2015's.
        let bars = elements("rect", in: svg).filter { attribute($0, "class") == "bar" }
        func centre(_ year: String) -> Double {
            let bar = bars.first { attribute($0, "data-year") == year }!
            return number(bar, "x")! + number(bar, "width")! / 2
        }
        #expect(abs(number(line, "x1")! - centre("2013")) < 0.11 && abs(number(line, "x2")! - centre("2015")) < 0.11)
        // The band: slopes −12 and −4 through the line's value at 2014 (92), so 104 and 96 in 2013, 80 and 88 in 2015.
        let band = try #require(elements("polygon", in: svg).first.flatMap { attribute($0, "points") })
        let ys = band.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        for expected in [96.0, 92, 80, 104, 88] { #expect(ys.contains { abs($0 - y(expected)) < 0.11 }, "band at \(expected)") }
        #expect(String(decoding: try XMLDocument(data: Data(annualChart(trend: trend).svg().utf8)).xmlData, as: UTF8.self).contains("Theil–Sen trend"))
        // Without a trend there is neither line nor band, and the description says why.
        var plain = annualChart(trend: nil)
        plain.trendNote = "fewer than 3 complete years"
        let text = plain.svg()
        #expect(!text.contains("trend-line") && !text.contains("<polygon"))
        #expect(text.contains("No trend line: fewer than 3 complete years"))
    }

    @Test func annualChart_marksProvisionalYearsAndPublishedFigures() throws {
        let svg = try XMLDocument(data: Data(annualChart(trend: nil).svg().utf8))
        let bars = elements("rect", in: svg).filter { attribute($0, "class") == "bar" }
        let provisional = try #require(bars.first { attribute($0, "data-year") == "2016" })
        #expect(attribute(provisional, "fill") == "url(#annual-hatch)")
        #expect(attribute(provisional, "data-state") == "provisional")
        let published = try #require(elements("path", in: svg).first { attribute($0, "class") == "published-figure" })
        #expect(attribute(published, "data-value") == "89.5")
        #expect(attribute(published, "data-source") == "bulletin")
        let labels = elements("text", in: svg).compactMap(\.stringValue)
        #expect(labels.contains("75.0*") && labels.contains("90.0"))
        #expect(labels.contains("target −60 %: 40.0"))
    }

    /// Names with markup characters stay text: the SVG and the page still parse, and the name reads back unchanged.
    @Test func hostileNames_areEscaped() throws {
        let name = "A&B <station> \"quoted\" 'single'"
        let text = annualChart(trend: nil, scopeName: name).svg()
        let svg = try XMLDocument(data: Data(text.utf8))
        #expect(elements("title", in: svg).first?.stringValue == "PM2.5 annual mean, \(name)")
        #expect(Markup.escape("a\u{0}b\u{7}c\td") == "abc\td")
    }

    @Test func calendarChart_laysOutMonthsFromMonday_withEveryDayOnce() throws {
        let days = (1...365).map { offset -> CalendarChart.Day in
            let date = CivilDate(dayNumber: CivilDate.dayNumber(year: 2015, month: 1, day: 1) + offset - 1)
            return CalendarChart.Day(date: date, value: Double(offset % 300), valid: offset % 49 != 0, coverage: 1)
        }
        let chart = CalendarChart(scope: "station:test", scopeName: nil, profile: .default, year: 2015, days: days, coverage: "")
        let svg = try XMLDocument(data: Data(chart.svg().utf8))
        let cells = elements("rect", in: svg).filter { attribute($0, "class") == "day" }
        #expect(cells.count == 365)
        #expect(Set(cells.compactMap { attribute($0, "data-date") }).count == 365)
        // 2015-01-01 was a Thursday: the fourth column of January's first row; 2015-01-05, a Monday, starts the next row.
        func cell(_ date: String) -> XMLElement { cells.first { attribute($0, "data-date") == date }! }
        let width = number(cell("2015-01-01"), "width")!
        #expect(abs(number(cell("2015-01-01"), "x")! - number(cell("2015-01-05"), "x")! - 3 * width) < 0.11)
        #expect(number(cell("2015-01-05"), "y")! > number(cell("2015-01-04"), "y")!)
        #expect(number(cell("2015-01-04"), "y") == number(cell("2015-01-01"), "y"))
        // Day 49 (18 February) is not valid: grey, no category; day 300 (27 October) has a value of 0: excellent, in green.
        #expect(attribute(cell("2015-02-18"), "fill") == ChartPalette.invalid)
        #expect(attribute(cell("2015-02-18"), "data-category") == nil)
        #expect(attribute(cell("2015-10-27"), "data-value") == "0.0")
        #expect(attribute(cell("2015-10-27"), "fill") == "#00E400")
    }

    @Test func categoryScales_haveTheStandardsBreakpoints() {
        #expect(CategoryScale.hj633.upperConcentrations == [35, 75, 115, 150, 250])
        #expect(CategoryScale.epa.upperConcentrations == [9.0, 35.4, 55.4, 125.4, 225.4])
        #expect(CategoryScale.hj633.category(of: 35.0)?.name == "excellent")
        #expect(CategoryScale.hj633.category(of: 35.1)?.name == "good")
        #expect(CategoryScale.epa.category(of: 9.09)?.name == "good")
        #expect(CategoryScale.epa.category(of: 9.1)?.name == "moderate")
    }

    @Test func pageNames_areSafeAndDistinct() {
        #expect(ReportPageName.fileName(for: .station("beijing-us-embassy")) == "station-beijing-us-embassy.html")
        #expect(ReportPageName.fileName(for: .city("北京")) == "city-_5317_4EAC.html")
        #expect(ReportPageName.fileName(for: .city("a b")) != ReportPageName.fileName(for: .city("a_b")))
        #expect(ReportPageName.fileName(for: .city("../etc")).contains("/") == false)
    }

    @Test func atomicFile_replacesWhole_orLeavesTheOldFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try AtomicFile.write("first", to: dir + "/page.html")
        try AtomicFile.write("second", to: dir + "/page.html")
        #expect(try String(contentsOfFile: dir + "/page.html", encoding: .utf8) == "second")
        try FileManager.default.createDirectory(atPath: dir + "/folder.html", withIntermediateDirectories: false)
        #expect(throws: OutputError.self) { try AtomicFile.write("third", to: dir + "/folder.html") }
        #expect(throws: OutputError.self) { try AtomicFile.write("third", to: dir + "/missing/page.html") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["folder.html", "page.html"])
    }
}
