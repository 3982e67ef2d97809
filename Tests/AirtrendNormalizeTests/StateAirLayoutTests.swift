import AirtrendDomain
import AirtrendNormalize
import Testing

@Suite struct StateAirLayoutTests {
    private var options: TestLayoutOptions {
        var o = TestLayoutOptions()
        o.station = "embassy"
        return o
    }

    @Test func isoDates_localStandardTime_becomeUTCHourStarts() throws {
        let found = try events(layout: "stateair", options: options, file: fixture("stateair/Beijing_2013_excerpt.csv"))
        let readings = found.readings
        #expect(found.rejections.isEmpty)
        #expect(readings.count + found.missingCount == 72)
        // First data row: 2013-01-01 00:00 LST, value 31 → 2012-12-31T16:00Z.
        #expect(readings[0].hour == hour(2012, 12, 31, 16))
        #expect(readings[0].value == 31)
        #expect(readings[0].line == 5)
        #expect(readings[0].badUnit == nil)
    }

    @Test func slashDates_paddedPreamble_missingRows_andNegatives() throws {
        let found = try events(layout: "stateair", options: options, file: fixture("stateair/Beijing_2016_excerpt.csv"))
        #expect(found.rejections.isEmpty)
        // 1/1/2016 0:00 LST value 231.
        #expect(found.readings[0].hour == hour(2015, 12, 31, 16))
        #expect(found.readings[0].value == 231)
        // The excerpt has one -999/Missing row (line 447 of the original, 1/19/2016 10:00).
        #expect(found.missingCount == 1)
        #expect(found.readings.contains { $0.value == -4 })
    }

    @Test func springForwardPair_firstHour3IsRelabelled02() throws {
        let found = try events(layout: "stateair", options: options, file: fixture("stateair/Beijing_2016_excerpt.csv"))
        // 2016-03-13 local: 1:00 = 15, then 3:00 = 11 (really 02:00) and 3:00 = 9.
        let march13 = found.readings.filter { $0.hour >= hour(2016, 3, 12, 16) && $0.hour < hour(2016, 3, 13, 16) }
        let byHour = Dictionary(uniqueKeysWithValues: march13.map { ($0.hour, $0.value) })
        #expect(byHour[hour(2016, 3, 12, 17)] == 15)   // 01:00 LST
        #expect(byHour[hour(2016, 3, 12, 18)] == 11)   // 02:00 LST (labelled 3)
        #expect(byHour[hour(2016, 3, 12, 19)] == 9)    // 03:00 LST
        #expect(byHour[hour(2016, 3, 12, 20)] == 14)   // 04:00 LST
        #expect(march13.count == Set(march13.map(\.hour)).count)
    }

    @Test func misspelledUnit_isAccepted() throws {
        let found = try events(layout: "stateair", options: options, file: fixture("stateair/Beijing_2012_excerpt.csv"))
        #expect(!found.readings.isEmpty)
        #expect(found.readings.allSatisfy { $0.badUnit == nil })
        #expect(found.readings[0].value == 303)
    }

    @Test func wrongUnit_andBadRows_areReportedWithTheirLine() throws {
        let text = """
            preamble line
            Site,Parameter,Date (LST),Year,Month,Day,Hour,Value,Unit,Duration,QC Name
            Beijing,PM2.5,2013-01-01 00:00,2013,1,1,0,31,ppm,1 Hr,Valid
            Beijing,PM2.5,2013-01-01 01:00,2013,1,1,1,abc,ug/m3,1 Hr,Valid
            Beijing,PM2.5,2013-02-30 02:00,2013,2,30,2,40,ug/m3,1 Hr,Valid
            Beijing,PM10,2013-01-01 03:00,2013,1,1,3,40,ug/m3,1 Hr,Valid
            Beijing,PM2.5,2013-01-01 04:00,2013,1,1,4,44,ug/m3,1 Hr,Valid
            """
        let found = try events(layout: "stateair", options: options, file: try temporaryFile(text))
        #expect(found.readings.count == 2)
        #expect(found.readings[0].badUnit == "ppm")
        #expect(found.readings[1].value == 44)
        #expect(found.rejections.map(\.line) == [4, 5, 6])
        #expect(found.rejections[0].message.contains("Value"))
        #expect(found.rejections[2].message.contains("PM2.5"))
    }

    @Test func notAStateAirFile_isAFileError() throws {
        let path = try temporaryFile("a,b,c\n1,2,3\n")
        #expect(throws: LayoutError.self) { try events(layout: "stateair", options: options, file: path) }
    }

    @Test func stationIsRequired() {
        #expect(throws: LayoutError.self) { try LayoutRegistry.make(named: "stateair", options: TestLayoutOptions(), file: "x") }
    }
}
