import AirtrendTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

private typealias X = ChartInspection
private let station = ["--station", "beijing-us-embassy"]

/// Debian's `chromium`, when installed (Scripts/test installs it where it can: as root with apt).
private let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite struct HTMLReportTests {
    /// The page parsed as XML; the reduction table, the monthly grid and the calendar grid against the CSV of the same store.
    @Test func page_isSelfContained_andItsFiguresMatchTheReportAndQueries() throws {
        let run = try chartRun(["report", "--format", "html", "--baseline", "2013"] + station)
        #expect(run.status == 0, "\(run.stderr)")
        let html = run.stdout
        let page = try X.document(html)

        // Self-contained: no script, nothing fetched; phone and print ready.
        for forbidden in ["<script", "src=", "href=\"http", "<link", "@import", "url(http"] { #expect(!html.contains(forbidden), "\(forbidden)") }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(X.elements("meta", in: page).contains { X.attribute($0, "name") == "viewport" && X.attribute($0, "content")?.contains("width=device-width") == true })
        let css = X.elements("style", in: page).first?.stringValue ?? ""
        #expect(css.contains("@media print") && css.contains("size: A4"))
        #expect(css.contains("max-width: 40rem"))

        // Three inline charts whose ids do not collide.
        let charts = X.elements("svg", in: page)
        #expect(charts.count == 3)
        let ids = X.elements("title", in: page).compactMap { X.attribute($0, "id") } + X.elements("pattern", in: page).compactMap { X.attribute($0, "id") }
        #expect(Set(ids).count == ids.count)

        // The reduction table against `report --format csv`.
        let report = X.csv(try chartRun(["report", "--baseline", "2013", "--format", "csv"] + station).stdout)
        let rows = X.elements("tr", in: page).filter { X.attribute($0, "data-year") != nil }
        #expect(rows.count == report.count)
        for csv in report {
            let year = csv["year"]!
            let row = try #require(rows.first { X.attribute($0, "data-year") == year })
            func cell(_ column: String) -> String? {
                (X.elements("td", in: row) + X.elements("th", in: row)).first { X.attribute($0, "data-column") == column }?.stringValue
            }
            let mark = csv["complete"] == "true" ? "" : "*"
            if cell("annual_mean")?.hasPrefix("none") != true {
                #expect(cell("annual_mean") == csv["annual_mean"]! + mark, "mean \(year)")
                if !csv["change_pct"]!.isEmpty {
                    let change = Double(csv["change_pct"]!)!
                    #expect(cell("change_pct") == (change > 0 ? "+" : change < 0 ? "−" : "") + String(csv["change_pct"]!.drop { $0 == "-" }) + mark)
                }
            }
            #expect(cell("valid_days")?.hasPrefix(csv["valid_days"]! + "/") == true, "valid days \(year)")
            #expect(cell("complete") == (csv["complete"] == "true" ? "yes" : "no"))
            #expect(cell("p95_daily") == csv["p95_daily"])
            #expect(cell("days_over_75") == csv["days_over_75"])
            #expect(cell("good_days_pct") == csv["good_days_pct"])
        }
        // The years without an annual figure say so instead of a mean.
        #expect(rows.filter { X.elements("td", in: $0).first?.stringValue?.hasPrefix("none") == true }.count == 3)

        // The headline card: the last complete year, 2016, and its change.
        let latest = try #require(report.last { $0["complete"] == "true" })
        let card = try #require(X.elements("div", in: page).first { X.attribute($0, "id") == "latest-mean" })
        #expect(X.attribute(card, "data-year") == latest["year"])
        #expect(card.stringValue?.contains(latest["annual_mean"]!) == true)

        // The annual figures' CSV link is exactly `report --format csv`.
        let links = X.elements("a", in: page).compactMap { X.attribute($0, "href") }.filter { $0.hasPrefix("data:text/csv") }
        #expect(links.count == 3)
        let annualCSV = links.first.flatMap { $0.split(separator: ",", maxSplits: 1).last.map(String.init)?.removingPercentEncoding }
        #expect(annualCSV == (try chartRun(["report", "--baseline", "2013", "--format", "csv"] + station).stdout))

        // The calendar is of the last complete year; its grid against `query daily`.
        let days = X.csv(try chartRun(["query", "daily", "--from", "\(latest["year"]!)-01-01", "--to", "\(latest["year"]!)-12-31"] + station).stdout)
        let grid = X.elements("td", in: page).filter { X.attribute($0, "data-date")?.hasPrefix(latest["year"]! + "-") == true }
        #expect(grid.count == days.count)
        for day in days {
            let td = try #require(grid.first { X.attribute($0, "data-date") == day["time"] })
            #expect(X.attribute(td, "data-value") == day["value"])
            #expect(X.attribute(td, "data-valid") == day["valid"])
            if day["valid"] == "true" { #expect(X.attribute(td, "data-category") == day["aqi_hj633_category"]) }
        }
        // The monthly grid against the monthly chart's dots on the same page.
        let dots = X.elements("circle", in: page).filter { X.attribute($0, "class") == "month" }
        let monthCells = X.elements("td", in: page).filter { X.attribute($0, "data-month") != nil }
        #expect(dots.count == monthCells.count && dots.count > 100)
        #expect(Set(dots.map { "\(X.attribute($0, "data-year")!)-\(X.attribute($0, "data-month")!)=\(X.attribute($0, "data-value")!)" })
                == Set(monthCells.map { "\(X.attribute($0, "data-year")!)-\(X.attribute($0, "data-month")!)=\(X.attribute($0, "data-value")!)" }))

        // The trend table against `airtrend trend --format csv`, both series.
        for series in ["annual", "monthly"] {
            let csv = try #require(X.csv(try chartRun(["trend", "--series", series, "--format", "csv"] + station).stdout).first)
            let row = try #require(X.elements("tr", in: page).first { X.attribute($0, "data-series") == series })
            func cell(_ column: String) -> String? { X.elements("td", in: row).first { X.attribute($0, "data-column") == column }?.stringValue }
            #expect(abs(Double(cell("slope")!)! - Double(csv["slope"]!)!) <= 0.005 + 1e-9, "\(series)")
            #expect(abs(Double(cell("mk_p")!)! - Double(csv["mk_p"]!)!) <= 0.0005 + 1e-9, "\(series)")
            #expect(cell("mk_s") == csv["mk_s"], "\(series)")
            #expect(cell("trend") == csv["trend"], "\(series)")
            #expect(cell("n")?.hasPrefix(csv["n"]! + " (" + csv["from"]! + "–" + csv["to"]! + ")") == true, "\(series)")
        }

        // The method names the rules, the station and the files the figures come from.
        let method = try #require(X.elements("section", in: page).first { X.attribute($0, "id") == "method" }?.stringValue)
        #expect(method.contains("at least 20 valid hours") && method.contains("27 valid days"))
        #expect(method.contains("Asia/Shanghai"))
        #expect(method.contains("Beijing_2013_HourlyPM2.5_created20140325.csv"))
        #expect(!method.contains(repositoryRoot), "local folders are not published")
    }

    /// The page in a real browser: a screenshot whose size and colours show a rendered page, not a blank one.
    @Test(.enabled(if: chromium != nil, "chromium is not installed: Scripts/test installs Debian's chromium when run as root; this test skips without it"))
    func page_rendersInHeadlessChromium() throws {
        let dir = try temporaryDirectory()
        let page = dir + "/page.html"
        let run = try chartRun(["report", "--format", "html", "--output", page] + station)
        #expect(run.status == 0, "\(run.stderr)")
        for (width, height, name) in [(1000, 1500, "desktop"), (390, 1000, "phone")] {
            let png = dir + "/\(name).png"
            let browser = Process()
            browser.executableURL = URL(fileURLWithPath: chromium!)
            browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir)/profile-\(name)",
                                 "--window-size=\(width),\(height)", "--screenshot=\(png)", "file://\(page)"]
            browser.standardOutput = FileHandle.nullDevice
            browser.standardError = FileHandle.nullDevice
            try browser.run()
            browser.waitUntilExit()
            #expect(browser.terminationStatus == 0, "chromium exited \(browser.terminationStatus)")
            let stats = try pngStatistics(png)
            #expect(stats.width == width && stats.height == height, "\(name): \(stats)")
            // Text, the blue bars, the calendar's category colours: many colours and plenty of ink.
            #expect(stats.colours >= 40, "\(name): \(stats)")
            #expect(stats.inked >= 0.05, "\(name): \(stats)")
        }
    }

    /// Decodes a PNG with Python's zlib (no imaging package): size, distinct colours and the share of non-white pixels.
    private func pngStatistics(_ path: String) throws -> (width: Int, height: Int, colours: Int, inked: Double) {
        let script = """
            import sys, zlib, struct
            d = open(sys.argv[1], 'rb').read(); assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(d):
                n, = struct.unpack('>I', d[pos:pos+4]); t = d[pos+4:pos+8]; c = d[pos+8:pos+8+n]; pos += 12 + n
                if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', c[:10])
                if t == b'IDAT': idat += c
            bpp = {2: 3, 6: 4}[ctype]; stride = w * bpp; raw = zlib.decompress(idat); prev = bytearray(stride); i = 0
            colours, inked = set(), 0
            for y in range(h):
                f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                prev = line
                for x in range(0, stride, bpp):
                    px = bytes(line[x:x+3]); colours.add(px)
                    if px != b'\\xff\\xff\\xff': inked += 1
            print(w, h, len(colours), inked / (w * h))
            """
        let (status, text) = try runTool(["python3", "-c", script, path])
        let fields = text.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard status == 0, fields.count == 4, let w = Int(fields[0]), let h = Int(fields[1]), let c = Int(fields[2]),
              let inked = Double(fields[3]) else { throw ChartInspection.SetupFailure(description: "cannot decode \(path): \(text)") }
        return (w, h, c, inked)
    }
}
