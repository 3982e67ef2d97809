import AirtrendTestSupport
import AirtrendConfig
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

private typealias X = ChartInspection

/// The inode of a file: a file replaced by a rename gets a new one, a file rewritten in place keeps its own.
private func inode(_ path: String) throws -> UInt64 {
    (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
}

/// Names in the folder that are not finished pages (temporary files of an interrupted or failed write).
private func leftovers(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") || !$0.hasSuffix(".html") }
}

/// A CSV feed for station `s1` (hours up to 2013-01-01) with `html_report:` publishing `site/`.
private func publishingConfig(in dir: String, rows: Int) throws -> String {
    try feedConfig(in: dir, rows: rows, extra: """
        html_report:
          path: site
          scopes: ["station:s1", "city:Nowhere"]
          baseline: 2012
        """)
}

@Suite(.serialized) struct HTMLReportPublishingTests {
    /// `ingest` writes the folder after a run that stored data, leaves it alone after one that stored
    /// nothing, and replaces (renames over) every file when new data arrives.
    @Test func ingest_writesTheFolderAfterStoringData_atomically_andNotOtherwise() throws {
        let dir = try temporaryDirectory()
        let config = try publishingConfig(in: dir, rows: 9600)
        let first = try airtrend(["ingest", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        let site = dir + "/site"
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted() == ["index.html", "station-s1.html"])
        #expect(try leftovers(site).isEmpty)
        // The city without data gets no page: a warning, and the index says why.
        #expect(first.stderr.contains("city:Nowhere"), "\(first.stderr)")
        let index = try X.document(try String(contentsOfFile: site + "/index.html", encoding: .utf8))
        #expect(X.elements("a", in: index).compactMap { X.attribute($0, "href") } == ["station-s1.html"])
        let nowhere = try #require(X.elements("tr", in: index).first { X.attribute($0, "data-scope") == "city:Nowhere" })
        #expect(nowhere.stringValue?.contains("no page") == true)
        let page = try X.document(try String(contentsOfFile: site + "/station-s1.html", encoding: .utf8))
        #expect(X.elements("svg", in: page).count == 3)
        // Its table is the store's report.
        let report = X.csv(try airtrend(["report", "--config", config, "--station", "s1", "--baseline", "2012", "--format", "csv"]).stdout)
        let row2012 = try #require(X.elements("tr", in: page).first { X.attribute($0, "data-year") == "2012" })
        #expect(row2012.stringValue?.contains(try #require(report.first { $0["year"] == "2012" }?["annual_mean"])) == true)

        let before = (try inode(site + "/index.html"), try inode(site + "/station-s1.html"))
        let quiet = try airtrend(["ingest", "--config", config])
        #expect(quiet.status == 0)
        #expect((try inode(site + "/index.html"), try inode(site + "/station-s1.html")) == before, "nothing stored, nothing rewritten")

        // New hours: every file is replaced by a rename (a new inode), never rewritten in place.
        _ = try publishingConfig(in: dir, rows: 9700)
        let more = try airtrend(["ingest", "--config", config])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try inode(site + "/index.html") != before.0)
        #expect(try inode(site + "/station-s1.html") != before.1)
        #expect(try leftovers(site).isEmpty)

        // A missing index is written again (with the pages) even when nothing new is stored.
        try FileManager.default.removeItem(atPath: site + "/index.html")
        #expect(try airtrend(["ingest", "--config", config]).status == 0)
        #expect(FileManager.default.fileExists(atPath: site + "/index.html"))
    }

    /// `run --once` on the bundled archive publishes the station's page, its city's and its region's.
    @Test func runOnce_publishesEveryScope() throws {
        let dir = try temporaryDirectory()
        let base = try String(contentsOfFile: repositoryRoot + "/Config/airtrend.yaml", encoding: .utf8)
            .replacingOccurrences(of: "include:\n  - regions/", with: "include:\n  - \(repositoryRoot)/Config/regions/")
            .replacingOccurrences(of: "\n  - published/", with: "\n  - \(repositoryRoot)/Config/published/")
            // The Embassy monitor stands in for Beijing's assessment stations, so the city and region have pages to publish.
            .replacingOccurrences(of: "role: other ", with: "role: assessment ")
            .replacingOccurrences(of: "file:data/", with: "file:\(repositoryRoot)/Config/data/")
            .replacingOccurrences(of: "../var/airtrend.sqlite", with: "store.sqlite")
        let config = dir + "/airtrend.yaml"
        try (base + "\nhtml_report:\n  path: public\n  scopes: [\"station:beijing-us-embassy\", \"city:Beijing\", \"region:jingjinji\"]\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let run = try airtrend(["run", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("html report: 4 files written"), "\(run.stdout)")
        let site = dir + "/public"
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted()
                == ["city-Beijing.html", "index.html", "region-jingjinji.html", "station-beijing-us-embassy.html"])
        let index = try X.document(try String(contentsOfFile: site + "/index.html", encoding: .utf8))
        #expect(X.elements("a", in: index).compactMap { X.attribute($0, "href") }.sorted()
                == ["city-Beijing.html", "region-jingjinji.html", "station-beijing-us-embassy.html"])
        #expect(X.elements("svg", in: try X.document(try String(contentsOfFile: site + "/city-Beijing.html", encoding: .utf8))).count == 3)
        // Only Beijing holds data, so the region has no annual figure to draw (issue 11): its page says why in place of
        // the annual chart, and keeps the monthly chart and the calendar of its cities' days.
        let region = try String(contentsOfFile: site + "/region-jingjinji.html", encoding: .utf8)
        #expect(X.elements("svg", in: try X.document(region)).count == 2)
        #expect(region.contains(">none (1 of 13 cities)</td>"))
        #expect(region.contains("a region has a figure only in years when every member city has an annual figure"))
    }

    /// The daemon publishes after its first cycle.
    @Test func daemon_publishesAfterACycleThatStoredData() throws {
        let dir = try temporaryDirectory()
        let config = try publishingConfig(in: dir, rows: 9600)
        let notify = try NotifyListener()
        let daemon = try Daemon(["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(notify.wait { $0.hasPrefix("STATUS=cycle") } != nil, "\(notify.messages)")
        let site = dir + "/site"
        #expect(FileManager.default.fileExists(atPath: site + "/station-s1.html"))
        #expect(FileManager.default.fileExists(atPath: site + "/index.html"))
        #expect(try leftovers(site).isEmpty)
        _ = try X.document(try String(contentsOfFile: site + "/station-s1.html", encoding: .utf8))
        daemon.signal(SIGTERM)
        #expect(daemon.exitStatus(within: 20) == 0)
    }

    /// Every problem of `html_report:` at once, each with its key path and line.
    @Test func configuration_reportsEveryProblemWithKeyAndLine() throws {
        let text = """
            regions:
              - {id: jjj, cities: []}
            html_report:
              path: site
              scopes: ["station:", "town:x", "region:nowhere", "city:Beijing", "city:Beijing", "region:jjj"]
              baseline: 13
              colour: blue
            """
        do {
            _ = try ConfigurationLoader().parse(text, file: "/tmp/x/airtrend.yaml")
            Issue.record("a broken html_report was accepted")
        } catch {
            let problems = error.problems.map(\.description)
            #expect(problems.contains { $0.contains(":5: html_report.scopes[0]") && $0.contains("station:ID, city:NAME or region:ID") }, "\(problems)")
            #expect(problems.contains { $0.contains(":5: html_report.scopes[1]") && $0.contains("'town:x'") })
            #expect(problems.contains { $0.contains(":5: html_report.scopes[2]") && $0.contains("unknown region 'nowhere'") })
            #expect(problems.contains { $0.contains(":5: html_report.scopes[4]") && $0.contains("duplicate") })
            #expect(problems.contains { $0.contains(":6: html_report.baseline") })
            #expect(problems.contains { $0.contains(":7: html_report.colour") && $0.contains("unknown key") })
            #expect(problems.count == 6, "\(problems)")
        }
        let missing = """
            html_report:
              scopes: ["station:a"]
            """
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader().parse(missing, file: "/tmp/x/airtrend.yaml") }
        let good = try ConfigurationLoader().parse("html_report:\n  path: site\n  scopes: [\"station:a\", \"city:北京\"]\n", file: "/tmp/x/airtrend.yaml")
        #expect(good.htmlReport == HTMLReportConfiguration(path: "/tmp/x/site", scopes: [.init(kind: .station, id: "a"), .init(kind: .city, id: "北京")]))
    }
}
