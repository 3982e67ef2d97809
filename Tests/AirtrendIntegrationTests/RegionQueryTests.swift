import AirtrendTestSupport
import Foundation
import Testing

/// `query --region`: days and day windows of a configured region, from its cities' stored days.
@Suite(.serialized) struct RegionQueryTests {
    @Test func regionDays_areTheEqualWeightMeanOfItsCitiesValidDays_andDayWindowsFollow() throws {
        let dir = try temporaryDirectory()
        try """
            database: r.sqlite
            stations:
              - {id: a1, city: Alpha, timezone: UTC}
              - {id: a2, city: Alpha, timezone: UTC}
              - {id: b1, city: Beta, timezone: UTC}
            cities:
              - {name: Alpha}
              - {name: Beta}
            regions:
              - {id: ab, name: Alpha and Beta, cities: [Alpha, Beta]}
            """.write(toFile: dir + "/airtrend.yaml", atomically: true, encoding: .utf8)
        // Ten days; b1 misses most of day 3 (an invalid day), a2 has no day 5.
        var csv = "station,t,pm25\n"
        var values: [String: [Int: [Double]]] = [:]
        for station in ["a1", "a2", "b1"] {
            for day in 1...10 {
                for hour in 0..<24 {
                    if station == "b1" && day == 3 && hour > 4 { continue }
                    if station == "a2" && day == 5 { continue }
                    let value = Double((day * 37 + hour * 11 + station.count * 5 + Int(station.unicodeScalars.first!.value)) % 150)
                    values[station, default: [:]][day, default: []].append(value)
                    csv += "\(station),2024-03-\(String(format: "%02d", day)) \(String(format: "%02d", hour)):00,\(Int(value))\n"
                }
            }
        }
        try csv.write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
        let imported = try airtrend(["import", "--config", dir + "/airtrend.yaml", "--layout", "csv", "--station-column", "station",
                                     "--value-column", "pm25", "--time-column", "t", "--time-format", "%Y-%m-%d %H:%M", dir + "/r.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")

        func dayMean(_ station: String, _ day: Int) -> Double? {
            guard let hours = values[station]?[day], hours.count >= 20 else { return nil }
            return hours.reduce(0, +) / Double(hours.count)
        }
        func cityMean(_ stations: [String], _ day: Int) -> Double? {
            let means = stations.compactMap { dayMean($0, day) }
            return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
        }
        func regionMean(_ day: Int) -> Double? {
            let means = [cityMean(["a1", "a2"], day), cityMean(["b1"], day)].compactMap { $0 }
            return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
        }
        let daily = try airtrend(["query", "daily", "--config", dir + "/airtrend.yaml", "--region", "ab"])
        #expect(daily.status == 0, "\(daily.stderr)")
        let rows = daily.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 10)
        for row in rows {
            let day = Int(row[1].suffix(2))!
            #expect(row[0] == "region:ab")
            let printed = Double(row[2])!, expected = regionMean(day)!
            #expect(abs(printed - expected) <= 0.05 + 1e-9, "day \(day)")
            let coverage = Double(row[3])!, expectedCoverage = day == 3 ? 0.5 : 1.0
            #expect(coverage == expectedCoverage, "coverage day \(day)")
        }
        let weekly = try airtrend(["query", "rolling", "--window", "7d", "--config", dir + "/airtrend.yaml", "--region", "ab"])
        let last = try #require(weekly.stdout.split(separator: "\n").last?.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        let window = (4...10).compactMap(regionMean)
        let expectedWeek: Double = window.reduce(0, +) / Double(window.count)
        let printedWeek = Double(last[2])!
        #expect(last[1] == "2024-03-10")
        #expect(abs(printedWeek - expectedWeek) <= 0.05 + 1e-9)
        #expect(last[4] == "true")
        let hourly = try airtrend(["query", "hourly", "--config", dir + "/airtrend.yaml", "--region", "ab"])
        #expect(hourly.status == 65 && hourly.stderr.contains("kept per station"), "\(hourly.stderr)")
    }
}
