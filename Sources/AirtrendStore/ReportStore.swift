import AirtrendDomain

/// What reports and queries read from a store: stations, scopes, and their stored hours and aggregates.
public protocol ReportStore: AnyObject {
    /// Makes sure the store keeps aggregates under `profile`, computing them from stored hours if new.
    func ensureProfile(_ profile: ValidityProfile) throws
    func station(code: String) throws -> StoredStation?
    func stations() throws -> [StoredStation]
    /// The cities stations belong to, with their station counts.
    func cities() throws -> [(city: String, stations: Int)]
    /// The aggregate scope of a station or city (`kind` is `station` or `city`).
    func scopeID(kind: String, code: String) throws -> Int64?
    /// Those of `stations` (one city's, from ``cityStations(city:pollutant:profile:)``) that had at least one valid
    /// day in the local days while in service for the city; callers asking about many periods read the stations once.
    func cityMembers(_ stations: [CityMember], pollutant: Pollutant, profile: ValidityProfile, days: ClosedRange<Int>) throws -> [String]
    /// Every station of a city, whatever its role, with the days it is in service for the city's figures
    /// (what a report needs to say which stations a city figure rests on, and when that set changed).
    func cityStations(city: String, pollutant: Pollutant, profile: ValidityProfile) throws -> [CityMember]
    func annualStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [YearStatistics]
    func monthlyStatistics(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [MonthStatistics]
    /// For each year of a scope, how many months have at least one valid day.
    func monthsWithData(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> [Int: Int]
    /// Daily summaries between two local day numbers (inclusive).
    func days(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [DaySummary]
    func daySpan(scope: Int64, pollutant: Pollutant, profile: ValidityProfile) throws -> ClosedRange<Int>?
    func hourlyValues(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [(hour: UTCHour, value: Double)]
    func rollingHours(station: Int64, pollutant: Pollutant, from: UTCHour, to: UTCHour) throws -> [RollingHour]
    func rollingDays(scope: Int64, pollutant: Pollutant, profile: ValidityProfile, from: Int, to: Int) throws -> [RollingDay]
    /// The newest stored hour of a station, or nil.
    func newestHour(station code: String) throws -> UTCHour?
    /// The imports whose values the stations' stored hours hold (the sources of a report).
    func importSources(stations: [Int64], pollutant: Pollutant) throws -> [ImportSource]
}

extension ReportStore {
    /// Assessment stations of a city that had at least one valid day in the local days while in service.
    public func cityMembers(city: String, pollutant: Pollutant, profile: ValidityProfile, days: ClosedRange<Int>) throws -> [String] {
        try cityMembers(try cityStations(city: city, pollutant: pollutant, profile: profile), pollutant: pollutant, profile: profile, days: days)
    }

    /// Assessment stations of a city that had at least one valid day in the year while in service.
    public func cityMembers(city: String, pollutant: Pollutant, profile: ValidityProfile, year: Int) throws -> [String] {
        try cityMembers(city: city, pollutant: pollutant, profile: profile,
                        days: CivilDate.dayNumber(year: year, month: 1, day: 1)...CivilDate.dayNumber(year: year, month: 12, day: 31))
    }
}
