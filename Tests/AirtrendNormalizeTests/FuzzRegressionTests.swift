import AirtrendDomain
import AirtrendNormalize
import Foundation
import Testing

/// A crashing or invariant-breaking input that `Scripts/fuzz` found, kept under `Fuzz/regressions/TARGET/`.
func fuzzRegression(_ target: String, _ name: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions/\(target)/\(name)").path
}

/// The inputs the fuzzers turned into data that is not there ("never turn garbage into data"), read
/// as `airtrend import` reads them: each bad row is rejected with its line, the good rows are kept.
@Suite struct FuzzRegressionTests {
    func number(_ name: String) throws -> Double? {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fuzzRegression("NumberParser", name))))
        return bytes.withUnsafeBufferPointer { NumberParser.double($0) }
    }

    @Test func numbers_hexControlCharactersAndOverflow_areNotNumbers() throws {
        #expect(try number("hex") == nil)                // strtod read 0x10 as 16
        #expect(try number("leading-form-feed") == nil)  // strtod skipped \f\f\f before 75
        #expect(try number("overflow") == nil)           // 1e400 was infinity
        // What is still read: plain decimals and exponents. `nan` and `inf` spelled out are not numbers (issue 10).
        for (text, value) in [("75", 75.0), ("1e3", 1000), ("-2.5E-1", -0.25), (".5", 0.5), ("12345678901234567890", 12345678901234567890)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { NumberParser.double($0) } == value, "\(text)")
        }
        #expect(Array("-Infinity".utf8).withUnsafeBufferPointer { NumberParser.double($0) } == nil)
        #expect(Array("NaN".utf8).withUnsafeBufferPointer { NumberParser.double($0) } == nil)
    }

    /// `"a""́b"`: the doubled quote before a combining mark was one Character, so it stayed doubled.
    @Test func csvRecord_doubledQuoteBeforeACombiningMark_isOneQuote() throws {
        let line = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fuzzRegression("CSVRecord", "quote-before-combining-mark"))))
        var record = CSVRecord()
        let fields = line.withUnsafeBufferPointer { buffer -> [String] in
            record.split(buffer)
            return (0..<record.count).map { record.string($0) }
        }
        #expect(fields == ["a\"\u{301}b", "c"])
        let plain = Array(#""say ""hi"" ", x"#.utf8).withUnsafeBufferPointer { buffer -> String in
            record.split(buffer)
            return record.string(0)
        }
        #expect(plain == #"say "hi""#)
    }

    @Test func timeFormat_offsetBeyond14Hours_doesNotMatch() throws {
        // +28:00, and -142 (read as 14:02 once 14 hours was the limit).
        for name in ["offset-beyond-14h", "offset-three-digits"] {
            let text = try String(contentsOfFile: fuzzRegression("TimeFormat", name), encoding: .utf8)
            let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
            let format = try TimeFormat(parts[0])
            #expect(Array(parts[1].utf8).withUnsafeBufferPointer { format.parse($0) } == nil, "\(name)")
        }
        let format = try TimeFormat("%Y-%m-%d %H:%M%z")
        #expect(Array("2016-01-15 12:00+1400".utf8).withUnsafeBufferPointer { format.parse($0) }?.offsetMinutes == 840)
        #expect(Array("2016-01-15 12:00+08".utf8).withUnsafeBufferPointer { format.parse($0) }?.offsetMinutes == 480)
        #expect(Array("2016-01-15 12:00+14:00".utf8).withUnsafeBufferPointer { format.parse($0) }?.offsetMinutes == 840)
        #expect(Array("2016-01-15 12:00-09:30".utf8).withUnsafeBufferPointer { format.parse($0) }?.offsetMinutes == -570)
    }

    /// A layout's regression: the file, the values still read, the one line rejected and why.
    struct LayoutCase: Sendable, CustomTestStringConvertible {
        var layout: String, target: String, file: String
        var values: [Double], rejectedLine: Int, message: String
        var testDescription: String { "\(target)/\(file)" }
    }

    static let layoutCases = [
        // Year 0010: was a reading 2,000 years back.
        LayoutCase(layout: "stateair", target: "StateAirLayout", file: "year-0010.csv", values: [177], rejectedLine: 3, message: "from 1950 on"),
        // Two rows run together (17 fields): was read as the value -9.
        LayoutCase(layout: "stateair", target: "StateAirLayout", file: "two-rows-glued.csv", values: [12], rejectedLine: 3,
                   message: "expected 11 comma-separated fields"),
        LayoutCase(layout: "uci-prsa", target: "UCIPRSALayout", file: "two-rows-glued.csv", values: [138], rejectedLine: 3,
                   message: "expected 13 comma-separated fields"),
        // `4.4` written `4,7`: the station column held `7`, which became a station.
        LayoutCase(layout: "uci-multisite", target: "UCIMultisiteLayout", file: "extra-comma.csv", values: [4], rejectedLine: 3,
                   message: "expected 18 comma-separated fields"),
        // 7 of 13 fields: was read as 86.
        LayoutCase(layout: "csv", target: "CSVLayout", file: "short-row.csv", values: [129], rejectedLine: 3, message: "expected 13 fields"),
        // `471e400` was infinity.
        LayoutCase(layout: "cnemc-sites", target: "CNEMCSitesLayout", file: "overflow.csv", values: [49, 47, 50], rejectedLine: 3, message: "1003A"),
    ]

    @Test(arguments: layoutCases) func layouts_rejectTheRowTheFuzzerFound_andKeepTheRest(_ c: LayoutCase) throws {
        var o = TestLayoutOptions()
        switch c.layout {
        case "stateair", "uci-prsa": o.station = "embassy"
        case "uci-multisite": o.timeZone = StationTimeZone(fixedOffsetMinutes: 480)
        case "cnemc-sites": o.stations = fixture("cnemc/StationList-2020.01.01_excerpt.csv")
        default:
            o.station = "uci"
            o.valueColumn = "pm2.5"
            o.dateColumns = ["year", "month", "day", "hour"]
            o.timeZone = StationTimeZone(fixedOffsetMinutes: 480)
        }
        let found = try events(layout: c.layout, options: o, file: fuzzRegression(c.target, c.file))
        #expect(found.readings.map(\.value) == c.values)
        #expect(found.rejections.map(\.line) == [c.rejectedLine])
        #expect(found.rejections.first?.message.contains(c.message) == true, "\(found.rejections)")
    }

    /// Every layout rejects a row dated before 1950 (a reading dated 0001-01-01 once added 1.5 M rolling rows).
    @Test func everyLayout_rejectsYearsBefore1950() throws {
        func check(_ layout: String, _ options: TestLayoutOptions, _ text: String, file: String = "input.csv") throws {
            let found = try events(layout: layout, options: options, file: try temporaryFile(text, name: file))
            #expect(found.readings.count == 1, "\(layout)")
            #expect(found.readings.allSatisfy { $0.hour >= hour(1949, 12, 31, 0) }, "\(layout)")
            #expect(found.rejections.count == 1 && found.rejections[0].message.contains("1950"), "\(layout): \(found.rejections)")
        }
        var station = TestLayoutOptions()
        station.station = "s"
        try check("stateair", station, "Site,Parameter,Date (LST),Year,Month,Day,Hour,Value,Unit,Duration,QC Name\nB,PM2.5,x,1950,1,1,0,5,ug/m3,1 Hr,Valid\nB,PM2.5,x,1,1,1,0,5,ug/m3,1 Hr,Valid\n")
        try check("uci-prsa", station, "No,year,month,day,hour,pm2.5\n1,1950,1,1,1,5\n2,0,1,1,1,5\n")
        var zone = TestLayoutOptions()
        zone.timeZone = .utc
        try check("uci-multisite", zone, "No,year,month,day,hour,PM2.5,station\n1,1950,1,1,1,5,A\n2,1949,12,31,23,5,A\n")
        var dated = station
        dated.valueColumn = "v"
        dated.dateColumns = ["y", "m", "d", "h"]
        dated.timeZone = .utc
        try check("csv", dated, "y,m,d,h,v\n1950,1,1,0,5\n0001,1,1,0,5\n")
        var timed = station
        timed.valueColumn = "v"
        timed.timeColumn = "t"
        timed.timeFormat = "%Y-%m-%d %H:%M%z"
        try check("csv", timed, "t,v\n1950-01-01 00:00+08:00,5\n0001-01-01 00:00Z,5\n")
        var cnemc = TestLayoutOptions()
        cnemc.stations = fixture("cnemc/StationList-2020.01.01_excerpt.csv")
        try check("cnemc-sites", cnemc, "date,hour,type,1001A\n19500101,1,PM2.5,5\n00010101,1,PM2.5,5\n")
    }
}
