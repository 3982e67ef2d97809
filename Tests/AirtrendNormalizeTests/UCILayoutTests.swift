import AirtrendDomain
import AirtrendNormalize
import Foundation
import Testing

/// The UTC hour-start of a Beijing-time label that marks the end of its hour, computed with
/// Foundation's calendar so the expectation shares no code with the layouts.
func beijingHourEnding(_ year: Int, _ month: Int, _ day: Int, _ hour: Int) -> UTCHour {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    let end = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    return UTCHour(Int(end.timeIntervalSince1970) / 3600 - 1)
}

/// The data lines of a CRLF fixture with their 1-based line numbers, split by plain string functions.
func fixtureRows(_ relative: String) throws -> [(line: Int, fields: [String])] {
    let text = try String(contentsOfFile: fixture(relative), encoding: .utf8)
    return text.components(separatedBy: "\r\n").enumerated().dropFirst()
        .filter { !$0.element.isEmpty }
        .map { (line: $0.offset + 1, fields: $0.element.components(separatedBy: ",")) }
}

@Suite struct UCILayoutTests {
    private static let prsa = "uci/PRSA_data_2010.1.1-2014.12.31_excerpt.csv"

    private var prsaOptions: TestLayoutOptions {
        var o = TestLayoutOptions()
        o.station = "embassy"
        return o
    }

    @Test func prsa_labelsMarkTheEndOfBeijingHours() throws {
        let found = try events(layout: "uci-prsa", options: prsaOptions, file: fixture(Self.prsa))
        #expect(found.rejections.isEmpty)
        // Fixture line 26 is `25,2010,1,2,0,129,…`: the hour 2010-01-01 23:00–24:00 Beijing = 15:00Z.
        #expect(found.readings[0] == RawReading(station: "embassy", hour: hour(2010, 1, 1, 15), value: 129, line: 26))
        // Line 32, `26305,2013,1,1,0,35,…`: the last hour of 2012 in Beijing.
        #expect(found.readings.first { $0.line == 32 }?.hour == hour(2012, 12, 31, 15))
        #expect(found.readings.first { $0.line == 32 }?.value == 35)

        // Every row, recomputed from the text.
        var expected: [RawReading] = []
        var missing = 0
        for row in try fixtureRows(Self.prsa) {
            let f = row.fields
            guard f[5] != "NA" else { missing += 1; continue }
            expected.append(RawReading(station: "embassy", hour: beijingHourEnding(Int(f[1])!, Int(f[2])!, Int(f[3])!, Int(f[4])!),
                                       value: Double(f[5])!, line: row.line))
        }
        #expect(found.readings == expected)
        #expect(found.missingCount == missing)
        #expect(missing == 24) // the first day of 2010 is all NA
        #expect(found.readings.count == 6 + 73)
    }

    /// The UCI file carries every StateAir value one label later; read under their own
    /// conventions, both land on the same UTC hour.
    @Test func prsa_andStateAir_putTheSameValueOnTheSameUTCHour() throws {
        let stateAir = try events(layout: "stateair", options: prsaOptions, file: fixture("stateair/Beijing_2013_excerpt.csv")).readings
        let uci = try events(layout: "uci-prsa", options: prsaOptions, file: fixture(Self.prsa)).readings
        let uciByHour = Dictionary(uniqueKeysWithValues: uci.map { ($0.hour, $0.value) })
        #expect(stateAir.count == 72)
        for reading in stateAir {
            #expect(uciByHour[reading.hour] == reading.value, "StateAir line \(reading.line) at \(reading.hour)")
        }
        // By hand: StateAir `2013-01-01 00:00 … 31` (start of the hour) and UCI `26306,2013,1,1,1,31`
        // (end of the hour) are both 2013-01-01 00:00–01:00 Beijing = 2012-12-31T16:00Z.
        #expect(stateAir[0].value == 31 && stateAir[0].hour == hour(2012, 12, 31, 16))
        #expect(uciByHour[hour(2012, 12, 31, 16)] == 31)
        // The last StateAir hour, 2013-01-03 23:00 = 37, is UCI's label 2013-01-04 00.
        #expect(uciByHour[hour(2013, 1, 3, 15)] == 37)
    }

    @Test func prsa_needsAStation_andTakesNoStationColumn() {
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "uci-prsa", options: TestLayoutOptions(), file: "f") }
        var o = prsaOptions
        o.stationColumn = "station"
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "uci-prsa", options: o, file: "f") }
    }

    @Test func prsa_badRowsAreRejectedWithTheirLine_andCustomMissingAdds() throws {
        let text = "No,year,month,day,hour,pm2.5,DEWP\r\n1,2010,1,1,0,x,-21\r\n2,2010,1,1,24,5,-21\r\n3,2010,2,30,1,5,-21\r\n4,2010,1,1\r\n5,2010,1,1,3,NA,-20\r\n6,2010,1,1,4,-,-20\r\n7,2010,1,1,5,12,-20\r\n"
        var o = prsaOptions
        o.missing = ["-"]
        let found = try events(layout: "uci-prsa", options: o, file: try temporaryFile(text))
        #expect(found.rejections.map(\.line) == [2, 3, 4, 5])
        #expect(found.rejections[0].message.contains("pm2.5"))
        #expect(found.missingCount == 2) // NA (the file's own marker) and the added "-"
        #expect(found.readings.map(\.value) == [12])
        #expect(found.readings[0].hour == hour(2009, 12, 31, 20)) // label 05 is 04:00–05:00 Beijing
    }

    @Test func prsa_withoutItsHeader_isAFileErrorAtLine1() throws {
        let path = try temporaryFile("1,2010,1,1,0,NA,-21\r\n")
        do {
            _ = try events(layout: "uci-prsa", options: prsaOptions, file: path)
            Issue.record("expected an error")
        } catch let error as LayoutError {
            #expect(error.kind == .badFile)
            #expect(error.description.contains("\(path):1:"))
            #expect(error.description.contains("year"))
        }
    }

    @Test func multisite_stationFromTheFile_NA_andDecimals() throws {
        let file = "uci/PRSA_Data_Aotizhongxin_excerpt.csv"
        let found = try events(layout: "uci-multisite", options: TestLayoutOptions(), file: fixture(file))
        #expect(found.rejections.isEmpty)
        #expect(found.readings.allSatisfy { $0.station == "Aotizhongxin" })
        // Line 2, `1,2013,3,1,0,4,…`: 2013-02-28 23:00–24:00 Beijing = 15:00Z.
        #expect(found.readings[0] == RawReading(station: "Aotizhongxin", hour: hour(2013, 2, 28, 15), value: 4, line: 2))
        // 2014-01-25 labels 19–22 are NA.
        #expect(found.missingCount == 4)
        // `10707,2014,5,21,2,87.8,…` and `10710,2014,5,21,5,85.6,…`.
        #expect(found.readings.first { $0.hour == hour(2014, 5, 20, 17) }?.value == 87.8)
        #expect(found.readings.first { $0.hour == hour(2014, 5, 20, 20) }?.value == 85.6)

        var expected: [RawReading] = []
        for row in try fixtureRows(file) where row.fields[5] != "NA" {
            let f = row.fields
            let station = f[17].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            expected.append(RawReading(station: station, hour: beijingHourEnding(Int(f[1])!, Int(f[2])!, Int(f[3])!, Int(f[4])!),
                                       value: Double(f[5])!, line: row.line))
        }
        #expect(found.readings == expected)
        #expect(found.readings.count + found.missingCount == 31)
    }

    /// Beijing's bulletin gave Wanshouxigong 246 "as of midnight" on New Year's Eve 2014;
    /// the UCI label 2014-01-31 00 (247) is that hour, 2014-01-30 23:00–24:00.
    @Test func multisite_newYearsEve2014_landsOnTheLastHourOfTheThirtieth() throws {
        let found = try events(layout: "uci-multisite", options: TestLayoutOptions(), file: fixture("uci/PRSA_Data_Wanshouxigong_excerpt.csv"))
        let byHour = Dictionary(uniqueKeysWithValues: found.readings.map { ($0.hour, $0.value) })
        #expect(found.readings.count == 12)
        #expect(byHour[hour(2014, 1, 30, 15)] == 247)
        #expect(byHour[hour(2014, 1, 30, 14)] == 170) // label 2014-01-30 23
        #expect(byHour[hour(2014, 1, 30, 16)] == 556) // the fireworks hour, label 01
        #expect(found.readings.allSatisfy { $0.station == "Wanshouxigong" })
    }

    @Test func multisite_takesNoStationOption_andNeedsItsColumns() throws {
        var o = TestLayoutOptions()
        o.station = "x"
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "uci-multisite", options: o, file: "f") }
        let path = try temporaryFile("\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\"\r\n1,2013,3,1,0,4\r\n")
        do {
            _ = try events(layout: "uci-multisite", options: TestLayoutOptions(), file: path)
            Issue.record("expected an error")
        } catch let error as LayoutError {
            #expect(error.kind == .badFile)
            #expect(error.description.contains("'station'"))
        }
    }
}
