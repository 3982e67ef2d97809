import AirtrendDomain
import AirtrendNormalize
import Foundation
import Testing

@Suite struct CNEMCLayoutTests {
    private static let day = "cnemc/china_sites_20190101_excerpt.csv"
    private static let list = "cnemc/StationList-2020.01.01_excerpt.csv"

    private var options: TestLayoutOptions {
        var o = TestLayoutOptions()
        o.stations = fixture(Self.list)
        return o
    }

    /// What the fixture text says, split with plain string functions.
    private struct Expected {
        var readings: [RawReading] = []
        var missing: [(station: String, line: Int)] = []
        var unknown: [(station: String, line: Int)] = []
        var pm25Lines: Set<Int> = []
    }

    private func expected() throws -> Expected {
        let listText = try String(contentsOfFile: fixture(Self.list), encoding: .utf8)
        let listed = Set(listText.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) })
        let text = try String(contentsOfFile: fixture(Self.day), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        let codes = Array(lines[0].components(separatedBy: ",").dropFirst(3))
        var result = Expected()
        for (index, line) in lines.enumerated().dropFirst() {
            let f = line.components(separatedBy: ",")
            guard f[2] == "PM2.5" else { continue }
            let lineNumber = index + 1
            result.pm25Lines.insert(lineNumber)
            let date = Array(f[0])
            let hourStart = beijingHourEnding(Int(String(date[0..<4]))!, Int(String(date[4..<6]))!, Int(String(date[6..<8]))!, Int(f[1])!)
            for (code, cell) in zip(codes, f.dropFirst(3)) {
                switch (listed.contains(code), cell.isEmpty) {
                case (true, true): result.missing.append((code, lineNumber))
                case (true, false): result.readings.append(RawReading(station: code, hour: hourStart, value: Double(cell)!, line: lineNumber))
                case (false, false): result.unknown.append((code, lineNumber))
                case (false, true): break
                }
            }
        }
        return result
    }

    @Test func pm25Rows_landOnTheHourBeforeTheirLabel() throws {
        let found = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        #expect(found.rejections.isEmpty)
        // By hand: line 3 is `20190101,0,PM2.5,53,…`: 1001A's 2018-12-31 23:00–24:00 Beijing = 15:00Z.
        #expect(found.readings.first == RawReading(station: "1001A", hour: hour(2018, 12, 31, 15), value: 53, line: 3))
        // Line 348 is hour 23: 1001A = 21 for 2019-01-01 22:00–23:00 Beijing = 14:00Z.
        #expect(found.readings.first { $0.station == "1001A" && $0.line == 348 }?.hour == hour(2019, 1, 1, 14))
        #expect(found.readings.first { $0.station == "1001A" && $0.line == 348 }?.value == 21)

        let want = try expected()
        #expect(want.pm25Lines.count == 24)
        #expect(found.readings == want.readings)
        #expect(found.missingCount == want.missing.count)
    }

    @Test func otherSeries_likePM25_24h_areSkippedNotRejectedNorMissing() throws {
        let found = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        let want = try expected()
        let lines = found.compactMap { event -> Int? in
            switch event {
            case .reading(let r): r.line
            case let .missing(_, line), let .unknownStation(_, line), let .rejected(line, _, _): line
            case .station, .warning: nil
            }
        }
        #expect(Set(lines) == want.pm25Lines)
        // Line 4 is `20190101,0,PM2.5_24h,…`, which has values; it yields nothing.
        #expect(!lines.contains(4))
        #expect(found.rejections.isEmpty)
    }

    @Test func emptyCells_areMissing_perKnownStation() throws {
        let found = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        let missing = found.compactMap { if case let .missing(station, line) = $0 { (station, line) } else { nil } }
        let want = try expected().missing
        #expect(missing.map(\.0) == want.map(\.station))
        #expect(missing.map(\.1) == want.map(\.line))
        // 1028A (Shijiazhuang) reported nothing all day: 24 missing hours, no readings.
        #expect(missing.filter { $0.0 == "1028A" }.count == 24)
        #expect(!found.readings.contains { $0.station == "1028A" })
    }

    @Test func stationsFromTheList_comeFirst_withCityCoordinatesAndZone() throws {
        let found = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        let stations = found.compactMap { if case .station(let info) = $0 { info } else { nil } }
        // 33 codes in the excerpt's header; 1029A is not in the list excerpt.
        #expect(stations.count == 32)
        // The list's warnings (its repeated 3207A) come first, then the stations, before any reading.
        let warnings = found.prefix { if case .warning = $0 { true } else { false } }
        #expect(warnings.count == 1)
        #expect(found.dropFirst(warnings.count).prefix(32).allSatisfy { if case .station = $0 { true } else { false } })
        let beijing8 = StationTimeZone(fixedOffsetMinutes: 480)
        #expect(stations[0] == StationInfo(id: "1001A", name: "万寿西宫", city: "北京", latitude: 39.8673, longitude: 116.366, timeZone: beijing8))
        // `1028A,化工学校,石家庄,,`: no coordinates, still a station.
        #expect(stations.first { $0.id == "1028A" } == StationInfo(id: "1028A", name: "化工学校", city: "石家庄", timeZone: beijing8))
        #expect(stations.first { $0.id == "1238A" }?.latitude == nil)
        #expect(!stations.contains { $0.id == "1029A" })
    }

    @Test func timezoneOption_onlySetsTheZoneOfCreatedStations() throws {
        var o = options
        o.timeZone = try StationTimeZone("Asia/Urumqi")
        let found = try events(layout: "cnemc-sites", options: o, file: fixture(Self.day))
        let stations = found.compactMap { if case .station(let info) = $0 { info } else { nil } }
        #expect(stations.allSatisfy { $0.timeZone == o.timeZone })
        #expect(found.readings == (try expected().readings))
    }

    @Test func codesMissingFromTheList_areReportedForEveryValue() throws {
        let found = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        let unknown = found.compactMap { if case let .unknownStation(station, line) = $0 { (station, line) } else { nil } }
        let want = try expected().unknown
        #expect(unknown.map(\.0) == want.map(\.station))
        #expect(unknown.map(\.1) == want.map(\.line))
        // 1029A has a PM2.5 value in all 24 hours (169 at hour 0 … 160 at hour 23).
        #expect(unknown.count == 24)
        #expect(unknown.allSatisfy { $0.0 == "1029A" })
    }

    @Test func gzipAndPlain_giveIdenticalEvents() throws {
        let plain = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day))
        let gzip = try events(layout: "cnemc-sites", options: options, file: fixture(Self.day + ".gz"))
        let twoMembers = try events(layout: "cnemc-sites", options: options, file: fixture("cnemc/china_sites_20190101_excerpt_2members.csv.gz"))
        #expect(plain.count > 500)
        #expect(gzip == plain)
        #expect(twoMembers == plain)
    }

    @Test func stationList_duplicateCodeKeepsTheFirstRow_andWarns() throws {
        let list = try CNEMCStationList(path: fixture(Self.list))
        // 36 rows, 3207A twice (lines 36 and 37).
        #expect(list.count == 35)
        #expect(list[code: "3207A"]?.name == "市政府原办公楼(190307启用)")
        #expect(list[code: "3207A"]?.line == 36)
        #expect(list.warnings.count == 1)
        #expect(list.warnings.first?.contains("3207A") == true)
        #expect(list.warnings.first?.contains(":37:") == true)
        // Empty coordinates, and `3019A,西沙,三沙,-,-`.
        for code in ["1028A", "1202A", "1238A", "3019A"] {
            #expect(list[code: code] != nil)
            #expect(list[code: code]?.latitude == nil && list[code: code]?.longitude == nil)
        }
        #expect(list[code: "1032A"]?.latitude == 38.00583333)
        #expect(list[code: "1032A"]?.longitude == 114.4586111)
        #expect(list[code: "1029A"] == nil)
    }

    @Test func stationList_isRequired_andAMissingListIsNoInput() throws {
        do {
            _ = try LayoutRegistry.make(named: "cnemc-sites", options: TestLayoutOptions(), file: "day.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("--stations"))
        }
        var o = TestLayoutOptions()
        o.stations = "/nonexistent/StationList.csv"
        do {
            _ = try LayoutRegistry.make(named: "cnemc-sites", options: o, file: "day.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .noInput)
            #expect(error.description.contains("/nonexistent/StationList.csv"))
        }
        var stray = options
        stray.station = "x"
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "cnemc-sites", options: stray, file: "day.csv") }
    }

    @Test func malformedListRows_nameTheListAndLine() throws {
        let header = "监测点编码,监测点名称,城市,经度,纬度\n"
        let cases = [
            header + "1001A,万寿西宫,北京,116.366,39.8673\n1002A,定陵,北京,116.17\n",   // 4 fields
            header + "1001A,万寿西宫,北京,116.366,39.8673\n1002A,定陵,北京,,40.2865\n", // one coordinate
            header + "1001A,万寿西宫,北京,116.366,39.8673\n1002A,定陵,北京,east,40.2865\n",
            header + "1001A,万寿西宫,北京,116.366,39.8673\n,定陵,北京,116.17,40.2865\n",
        ]
        for text in cases {
            let path = try temporaryFile(text, name: "StationList.csv")
            do {
                _ = try CNEMCStationList(path: path)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.kind == .badFile)
                #expect(error.description.hasPrefix("\(path):3:"), "\(error)")
            }
        }
        let wrongHeader = try temporaryFile("code,name,city,lon,lat\n1001A,a,b,1,2\n", name: "StationList.csv")
        #expect(throws: LayoutError.self) { try CNEMCStationList(path: wrongHeader) }
    }

    @Test func badPM25Rows_andCells_areRejectedWithTheirLine() throws {
        let text = """
            date,hour,type,1001A,1029A,1002A\r
            20190101,0,AQI,bad,bad,bad\r
            20190101,0,PM2.5,53,12,\r
            20190101,1,PM2.5,x,,7\r
            20190101,24,PM2.5,1,2,3\r
            20190101,2,PM2.5,1,2\r
            20190101,3,PM2.5_24h,1,2\r
            20190101,3,PM2.5,1,2,3
            """
        let found = try events(layout: "cnemc-sites", options: options, file: try temporaryFile(text))
        #expect(found.rejections.map(\.line) == [4, 5, 6])
        #expect(found.rejections[0].message.contains("1001A"))
        #expect(found.readings.map(\.value) == [53, 7, 1, 3])
        #expect(found.readings.map(\.line) == [3, 4, 8, 8])
        #expect(found.missingCount == 1) // 1002A at line 3
    }

    @Test func notAChinaSitesFile_isAFileError() throws {
        let path = try temporaryFile("No,year,month,day,hour,pm2.5\r\n1,2010,1,1,0,NA\r\n")
        do {
            _ = try events(layout: "cnemc-sites", options: options, file: path)
            Issue.record("expected an error")
        } catch let error as LayoutError {
            #expect(error.kind == .badFile)
            #expect(error.description.hasPrefix("\(path):1:"))
        }
    }

    /// The whole January 2019 archive against the counts in its PROVENANCE.md, when the shared data are present.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.sharedFolder)))
    func januaryArchive_matchesItsProvenanceCounts() throws {
        var o = TestLayoutOptions()
        o.stations = Self.sharedFolder + "/StationList-2020.01.01.csv"
        var readings = 0, missing = 0, other = 0
        for day in 1...31 {
            let file = Self.sharedFolder + "/china_sites_201901\(day < 10 ? "0" : "")\(day).csv.gz"
            var layout = try LayoutRegistry.make(named: "cnemc-sites", options: o, file: file)
            var reader = LineReader(source: try FileByteSource(path: file))
            let count: (ReadingEvent) throws(LayoutError) -> Void = { event in
                switch event {
                case .reading: readings += 1
                case .missing: missing += 1
                case .station, .warning: break
                case .unknownStation, .rejected: other += 1
                }
            }
            _ = try reader.forEachLine { line, number throws(LayoutError) in try layout.consume(line: line, number: number, emit: count) }
            try layout.finish(emit: count)
        }
        // PROVENANCE: 1,194,120 hourly PM2.5 cells, 1,061,053 with a value; every code is in the list.
        #expect(readings == 1_061_053)
        #expect(readings + missing == 1_194_120)
        #expect(other == 0)
        let list = try CNEMCStationList(path: o.stations!)
        #expect(list.count == 1_640)
        #expect(list.warnings.count == 1)
    }

    private static let sharedFolder: String = {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/data/cnemc-china-sites-2019-01").standardized.path
    }()
}
