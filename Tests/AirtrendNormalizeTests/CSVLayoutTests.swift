import AirtrendDomain
import AirtrendNormalize
import Testing

@Suite struct CSVLayoutTests {
    private func options(_ configure: (inout TestLayoutOptions) -> Void) -> TestLayoutOptions {
        var o = TestLayoutOptions()
        o.station = "s1"
        o.valueColumn = "pm25"
        configure(&o)
        return o
    }

    @Test func uciExcerpt_withDateColumns_andNA() throws {
        var o = TestLayoutOptions()
        o.station = "uci"
        o.valueColumn = "pm2.5"
        o.dateColumns = ["year", "month", "day", "hour"]
        o.timeZone = StationTimeZone(fixedOffsetMinutes: 480)
        o.hourEnding = true
        let found = try events(layout: "csv", options: o, file: fixture("csv/PRSA_excerpt.csv"))
        #expect(found.rejections.isEmpty)
        // Row 24 (2010-01-01 23, NA) is missing; row 25 is 2010-01-02 00 = 129, hour-ending → 2010-01-01 23:00 local = 15:00Z.
        #expect(found.missingCount == 1)
        #expect(found.readings[0].value == 129)
        #expect(found.readings[0].hour == hour(2010, 1, 1, 15))
        #expect(found.readings.count == 47)
    }

    @Test func timeColumn_withUTCMarker_needsNoZone() throws {
        let path = try temporaryFile("time,pm25\n2020-05-01T00:00:00Z,12.5\n2020-05-01T01:00:00Z,NA\n2020-05-01T02:00:00Z,-999\n2020-05-01T03:00:00Z,\n")
        let found = try events(layout: "csv", options: options {
            $0.timeColumn = "time"
            $0.timeFormat = "%Y-%m-%dT%H:%M:%SZ"
        }, file: path)
        #expect(found.readings.map(\.value) == [12.5])
        #expect(found.readings[0].hour == hour(2020, 5, 1, 0))
        #expect(found.missingCount == 3)
    }

    @Test func localTimes_useTheZone_includingDaylightSaving() throws {
        let path = try temporaryFile("t,pm25\n2016-01-15 12:00,1\n2016-07-15 12:00,2\n")
        let found = try events(layout: "csv", options: options {
            $0.timeColumn = "t"
            $0.timeFormat = "%Y-%m-%d %H:%M"
            $0.timeZone = try! StationTimeZone("America/New_York")
        }, file: path)
        #expect(found.readings.map(\.hour) == [hour(2016, 1, 15, 17), hour(2016, 7, 15, 16)])
    }

    @Test func offsetsInTheText_winOverTheZone() throws {
        let path = try temporaryFile("t,pm25\n2016-01-15 12:00+08:00,1\n")
        let found = try events(layout: "csv", options: options {
            $0.timeColumn = "t"
            $0.timeFormat = "%Y-%m-%d %H:%M%z"
            $0.timeZone = .utc
        }, file: path)
        #expect(found.readings.map(\.hour) == [hour(2016, 1, 15, 4)])
    }

    @Test func noZoneForLocalTimes_isAUsageError() throws {
        let path = try temporaryFile("t,pm25\n2016-01-15 12:00,1\n")
        #expect(throws: LayoutError.self) {
            try events(layout: "csv", options: options { $0.timeColumn = "t"; $0.timeFormat = "%Y-%m-%d %H:%M" }, file: path)
        }
    }

    @Test func stationColumn_quotedFields_andCustomMissing() throws {
        let path = try temporaryFile("\u{FEFF}\"station\",\"when\",\"pm25\"\n\"Dongsi, east\",2017-01-01 00:00,100\nGucheng,2017-01-01 00:00,x\nGucheng,2017-01-01 01:00,7\n")
        let found = try events(layout: "csv", options: options {
            $0.station = nil
            $0.stationColumn = "station"
            $0.timeColumn = "when"
            $0.timeFormat = "%Y-%m-%d %H:%M"
            $0.missing = ["x"]
            $0.timeZone = StationTimeZone(fixedOffsetMinutes: 480)
        }, file: path)
        #expect(found.readings.map(\.station) == ["Dongsi, east", "Gucheng"])
        #expect(found.readings.map(\.value) == [100, 7])
        #expect(found.missingCount == 1)
    }

    @Test func badRows_areRejectedWithLineAndExpectation_andGoodRowsKept() throws {
        let path = try temporaryFile("t,pm25\n2016-01-15 12:00,1\n2016-13-15 12:00,2\n2016-01-15 12:30,3\nnot-a-time,4\n2016-01-15 13:00,five\n2016-01-15 14:00\n2016-01-15 15:00,6\n")
        let found = try events(layout: "csv", options: options {
            $0.timeColumn = "t"
            $0.timeFormat = "%Y-%m-%d %H:%M"
            $0.timeZone = .utc
        }, file: path)
        #expect(found.readings.map(\.value) == [1, 6])
        #expect(found.rejections.map(\.line) == [3, 4, 5, 6, 7])
        #expect(found.rejections[0].message.contains("%Y-%m-%d %H:%M"))
        #expect(found.rejections[1].message.contains("whole UTC hour"))
        #expect(found.rejections[3].message.contains("number"))
    }

    @Test func missingColumn_isAFileErrorNamingTheColumn() throws {
        let path = try temporaryFile("time,value\n2016-01-15 12:00,1\n")
        do {
            _ = try events(layout: "csv", options: options { $0.timeColumn = "time"; $0.timeFormat = "%Y-%m-%d %H:%M"; $0.timeZone = .utc }, file: path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("pm25"))
            #expect("\(error)".contains(":1:"))
        }
    }

    @Test func optionsThatDoNotApply_andConflicts_areUsageErrors() {
        var stray = TestLayoutOptions()
        stray.station = "x"
        stray.valueColumn = "v"
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "stateair", options: stray, file: "f") }
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "csv", options: stray, file: "f") } // no time source
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "nope", options: stray, file: "f") }
    }
}

@Suite struct ParsingTests {
    @Test func timeFormats() throws {
        func parse(_ pattern: String, _ text: String) throws -> TimeFormat.Parsed? {
            let format = try TimeFormat(pattern)
            return Array(text.utf8).withUnsafeBufferPointer { format.parse($0) }
        }
        let jan1 = CivilDate.dayNumber(year: 2015, month: 1, day: 1) * 1440
        #expect(try parse("%m/%d/%Y %H:%M", "1/1/2015 0:00") == .init(wallMinutes: jan1, offsetMinutes: nil))
        #expect(try parse("%Y-%m-%dT%H:%M:%SZ", "2015-01-01T05:00:00Z") == .init(wallMinutes: jan1 + 300, offsetMinutes: 0))
        #expect(try parse("%F %T%z", "2015-01-01 05:00:00-0330") == .init(wallMinutes: jan1 + 300, offsetMinutes: -210))
        #expect(try parse("%Y-%m-%d %H:%M", "2015-01-01 24:00") == .init(wallMinutes: jan1 + 1440, offsetMinutes: nil))
        #expect(try parse("%Y-%m-%d %H:%M", "2015-02-29 01:00") == nil)
        #expect(try parse("%Y-%m-%d %H:%M", "2015-01-01 01:00 extra") == nil)
        #expect(try parse("%Y-%m-%d %H:%M:%S", "2015-01-01 01:00:30") == nil)
        #expect(throws: LayoutError.self) { try TimeFormat("%Y-%m-%d %Q") }
        #expect(throws: LayoutError.self) { try TimeFormat("%H:%M") }
    }

    @Test func numbers_matchTheStandardLibrary() {
        for text in ["0", "12", "-3.5", "994", "0.1", "123.456", "1e3", "-0.0", "  7 ", "+2", "3.14159265358979", "12345678901234567890"] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.double($0) }
            let expected = Double(text.trimmingCharacters(in: .whitespaces))
            #expect(parsed == expected, "\(text)")
        }
        // Not plain decimals: garbage never becomes data (hex, inf and nan spelled out, separators, overflow).
        for text in ["", "abc", "1.2.3", "--1", "1,5", "0x10", "0X1A", "inf", "-Infinity", "nan", "NaN", "1_000", "1 000", "1e400", "١٢"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { NumberParser.double($0) } == nil, "\(text)")
        }
    }

    @Test func lineReader_handlesCRLF_noFinalNewline_andLinesAcrossBuffers() throws {
        let long = String(repeating: "x", count: 300)
        let path = try temporaryFile("a\r\nb\n\(long)\r\nlast")
        var reader = LineReader(source: try FileByteSource(path: path), bufferSize: 16)
        var lines: [String] = []
        let count = try reader.forEachLine { line, _ throws(LayoutError) in lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(count == 4)
        #expect(lines == ["a", "b", long, "last"])
    }

    @Test func missingFile_isNoInput() {
        do {
            _ = try FileByteSource(path: "/nonexistent/airtrend.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .noInput)
            #expect(error.description.contains("/nonexistent/airtrend.csv"))
        }
    }
}
