import Testing
@testable import AirtrendDomain

@Suite struct CalendarTests {
    @Test func dayNumbers_matchKnownDates() {
        #expect(CivilDate.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.dayNumber(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilDate.dayNumber(year: 1969, month: 12, day: 31) == -1)
        // 2013-01-01T00:00Z is 1,356,998,400 s after the epoch.
        #expect(CivilDate.dayNumber(year: 2013, month: 1, day: 1) * 86_400 == 1_356_998_400)
    }

    @Test func dayNumbers_roundTripOverCenturies() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate(dayNumber: day)
            #expect(date.dayNumber == day)
        }
    }

    @Test func leapYears_followGregorianRules() {
        #expect(CivilDate.daysInMonth(year: 2016, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2015, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilDate.daysInYear(2016) == 366)
        #expect(CivilDate(year: 2015, month: 2, day: 29) == nil)
    }

    @Test func localDayBoundary_forUTCPlus8_isAt16UTC() {
        let before = UTCHour(date: CivilDate(year: 2013, month: 1, day: 1)!, hour: 15)
        let after = before + 1
        let jan1 = CivilDate.dayNumber(year: 2013, month: 1, day: 1)
        #expect(before.localDayNumber(offsetMinutes: 480) == jan1)
        #expect(after.localDayNumber(offsetMinutes: 480) == jan1 + 1)
        #expect(after.description == "2013-01-01T16:00Z")
    }

    @Test func negativeHours_floorToTheRightDay() {
        #expect(UTCHour(-1).date == CivilDate(year: 1969, month: 12, day: 31)!)
        #expect(UTCHour(-1).hourOfDay == 23)
        #expect((-1).floorDiv(24) == -1)
        #expect((-24).floorDiv(24) == -1)
        #expect((-25).floorMod(24) == 23)
    }
}

@Suite struct TimeZoneTests {
    @Test func fixedOffsets_parse() throws {
        #expect(try StationTimeZone("UTC+8").standardOffsetMinutes == 480)
        #expect(try StationTimeZone("+08:00").standardOffsetMinutes == 480)
        #expect(try StationTimeZone("+0530").standardOffsetMinutes == 330)
        #expect(try StationTimeZone("UTC-5").standardOffsetMinutes == -300)
        #expect(try StationTimeZone("UTC").standardOffsetMinutes == 0)
    }

    /// `Int` reads a sign, so `--99999999:00` (a WAQI `time.tz` in `Fuzz/regressions/FeedDecode`) was an offset.
    @Test func fixedOffsets_areDigitsWithin14Hours() {
        for bad in ["--99999999:00", "+-5", "UTC+-08:00", "+08:-30", "+15", "+14:60", "+1:2:3"] {
            #expect(StationTimeZone.parseFixedOffset(bad) == nil, "\(bad)")
        }
        #expect(StationTimeZone.parseFixedOffset("+14:00") == 840)
        #expect(StationTimeZone.parseFixedOffset("-09:30") == -570)
    }

    @Test func ianaZones_useTheirStandardOffset() throws {
        let shanghai = try StationTimeZone("Asia/Shanghai")
        #expect(shanghai.standardOffsetMinutes == 480)
        let newYork = try StationTimeZone("America/New_York")
        #expect(newYork.standardOffsetMinutes == -300)
        #expect(!newYork.isFixed)
    }

    @Test func unknownZone_isAClearError() {
        #expect(throws: DomainError.self) { try StationTimeZone("Mars/Olympus") }
    }

    @Test func civilTimes_inADaylightSavingZone_convertWithTheCivilOffset() throws {
        let zone = try StationTimeZone("America/New_York")
        var cache = StationTimeZone.OffsetCache()
        // 2016-01-15 12:00 EST = 17:00Z; 2016-07-15 12:00 EDT = 16:00Z.
        let winter = CivilDate.dayNumber(year: 2016, month: 1, day: 15) * 1440 + 12 * 60
        let summer = CivilDate.dayNumber(year: 2016, month: 7, day: 15) * 1440 + 12 * 60
        #expect(zone.utcMinutes(localMinutes: winter, cache: &cache) == winter + 300)
        #expect(zone.utcMinutes(localMinutes: summer, cache: &cache) == summer + 240)
        #expect(zone.utcMinutes(localMinutes: winter, cache: &cache) == winter + 300)
    }
}
