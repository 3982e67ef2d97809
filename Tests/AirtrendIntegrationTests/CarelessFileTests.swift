import AirtrendTestSupport
import AirtrendDomain
import AirtrendStore
import Foundation
import Testing

/// Issue 10, findings 4 and 5: garbage never becomes data, and good rows are kept around bad ones.
/// The real binary on real files; the store is read back with SQL.
@Suite(.serialized) struct CarelessFileTests {
    private func stationCodes(_ db: String) throws -> [String] {
        try SQLiteStore(readingOnly: db, now: { Date() }).stations().map(\.station.id)
    }

    private func hours(_ db: String) throws -> Int {
        try SQLiteStore(readingOnly: db, now: { Date() }).summary().hours
    }

    private let uciHeader = "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\",\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\""

    private func uciRow(_ n: Int, hour: Int, value: String, station: String = "Dongsi") -> String {
        "\(n),2013,3,1,\(hour),\(value),4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",4.4,\"\(station)\""
    }

    @Test func aShiftedUCIRow_andADamagedStationName_createNoStation() throws {
        let dir = try temporaryDirectory()
        var lines = [uciHeader]
        for h in 0..<12 { lines.append(uciRow(h + 1, hour: h, value: "\(10 + h)")) }
        // One extra comma: every field after it moves one to the right, so the station column reads "7".
        lines[5] = "5,2013,3,1,4,14,4,4,7,300,77,-0.7,1023,-18.8,0,\"NNW\",,4.4,\"Dongsi\""
        // A byte flip in the station name.
        lines[8] = uciRow(8, hour: 7, value: "17", station: "Do\u{1}gsi")
        let file = dir + "/PRSA_Data_Dongsi_20130301-20170228.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/empty.yaml", atomically: true, encoding: .utf8)
        let run = try airtrend(["import", "--config", dir + "/empty.yaml", "--db", dir + "/s.sqlite", "--layout", "uci-multisite", "--timezone", "Asia/Shanghai", file])
        #expect(run.status == 65)
        #expect(run.stderr.contains("PRSA_Data_Dongsi_20130301-20170228.csv:6: expected 18 comma-separated fields"), "\(run.stderr)")
        #expect(run.stderr.contains(":9: expected station 'Dongsi'") || run.stderr.contains(":9: station"), "\(run.stderr)")
        #expect(try stationCodes(dir + "/s.sqlite") == ["Dongsi"])
        #expect(try hours(dir + "/s.sqlite") == 10)
    }

    @Test func numbersThatAreNotPlainDecimals_andImplausibleTimes_areRejectedWithTheirLine() throws {
        let dir = try temporaryDirectory()
        let csv = """
            time,station,pm25
            2016-01-01T00:00Z,a,12
            2016-01-01T01:00Z,a,0x10
            2016-01-01T02:00Z,a,inf
            2016-01-01T03:00Z,a,"1,234"
            0001-01-01T00:00Z,ghost,15
            2016-01-01T04:00Z,a,14

            """
        try csv.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/empty.yaml", atomically: true, encoding: .utf8)
        let run = try airtrend(["import", "--config", dir + "/empty.yaml", "--db", dir + "/s.sqlite", "--layout", "csv", "--station-column", "station", "--value-column", "pm25",
                                "--time-column", "time", "--time-format", "%Y-%m-%dT%H:%MZ", "--timezone", "UTC", dir + "/f.csv"])
        #expect(run.status == 65)
        for (line, text) in [(3, "0x10"), (4, "inf"), (5, "1,234")] {
            #expect(run.stderr.contains("f.csv:\(line): expected a number in column 'pm25', found '\(text)'"), "\(run.stderr)")
        }
        // The layout itself refuses a time before 1950 (quality.earliest can only move the bound later).
        #expect(run.stderr.contains("f.csv:6: expected a time from 1950 on in column 'time', found '0001-01-01T00:00Z'"), "\(run.stderr)")
        // Nothing was created for the rejected rows: no station `ghost`, no hour, no aggregate.
        let codes = try stationCodes(dir + "/s.sqlite")
        #expect(codes == ["a"], "\(codes)")
        #expect(try hours(dir + "/s.sqlite") == 2)
        let store = try SQLiteStore(readingOnly: dir + "/s.sqlite", now: { Date() })
        #expect(try store.quarantine(reason: .rejected).count == 4)
        #expect(try store.connection.statement("SELECT min(day) FROM daily").firstRow { $0.int(0) } == CivilDate(year: 2016, month: 1, day: 1)!.dayNumber)
    }

    @Test(arguments: [5, 250_000])
    func aLineTooLong_isSkipped_andTheRowsAroundItAreStored_whateverTheBatchSize(batch: Int) throws {
        let dir = try temporaryDirectory()
        var text = "t,pm25\n"
        for h in 0..<24 { text += "2016-01-01T\(h.zeroPadded(2)):00Z,\(h + 1)\n" }
        text += "2016-01-02T00:00Z," + String(repeating: "9", count: 3 << 20) + "\n"
        for h in 1..<7 { text += "2016-01-02T\(h.zeroPadded(2)):00Z,\(h + 30)\n" }
        try text.write(toFile: dir + "/long.csv", atomically: true, encoding: .utf8)
        let run = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                "--time-column", "t", "--time-format", "%Y-%m-%dT%H:%MZ", "--batch-size", "\(batch)", dir + "/long.csv"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("long.csv:26: line longer than 1 MiB"), "\(run.stderr)")
        #expect(run.stdout.contains("30 stored"), "\(run.stdout)")
        #expect(try hours(dir + "/s.sqlite") == 30)
    }

    @Test(arguments: [3, 250_000])
    func aTruncatedGzipDay_keepsItsCompleteRows_andTheSummarySaysWhatTheStoreHolds(batch: Int) throws {
        let dir = try temporaryDirectory()
        var text = "t,pm25\n"
        let start = UTCHour(date: CivilDate(year: 2016, month: 1, day: 1)!, hour: 0)
        for h in 0..<2000 { text += "\(start + h),\(h % 200)\n" }
        try text.write(toFile: dir + "/day.csv", atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-9", "-k", dir + "/day.csv"]
        try gzip.run()
        gzip.waitUntilExit()
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/day.csv.gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.csv.gz"))
        let run = try airtrend(["import", "--db", dir + "/s.sqlite", "--station", "s", "--timezone", "UTC", "--layout", "csv", "--value-column", "pm25",
                                "--time-column", "t", "--time-format", "%Y-%m-%dT%H:%MZ", "--batch-size", "\(batch)", dir + "/cut.csv.gz"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("complete lines before it were read"), "\(run.stderr)")
        let stored = try hours(dir + "/s.sqlite")
        #expect(stored > 100 && stored < 2000)
        // The summary's stored count is the store's.
        #expect(run.stdout.contains("\(stored) stored"), "\(run.stdout) vs \(stored)")
        #expect(try airtrend(["verify", "--db", dir + "/s.sqlite"]).status == 0)
    }
}
