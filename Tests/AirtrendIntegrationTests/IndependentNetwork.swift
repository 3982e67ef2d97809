import AirtrendTestSupport
import Foundation

/// City figures computed straight from the UCI multi-site and China-network files, sharing
/// no code with airtrend, by the rules the README states: labels mark the END of the hour in
/// Beijing time (so label h of day D is the hour starting at h − 1), a station day needs
/// ≥ 20 hours, a city day is the mean of its stations' valid days, months need 27 days (25 in
/// February), and a complete year needs 324 days with every month valid.
struct CityDay {
    var mean: Double
    var stations: Int
}

/// (station, local day key "Y-M-D") → values, with the hour-ending shift applied.
private func addHourEnding(_ table: inout [String: [String: [Double]]], station: String, year: Int, month: Int, day: Int, hour: Int, value: Double) {
    var components = DateComponents()
    components.timeZone = TimeZone(identifier: "UTC")
    components.year = year
    components.month = month
    components.day = day
    components.hour = hour
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let start = calendar.date(from: components)!.addingTimeInterval(-3600)
    let c = calendar.dateComponents([.year, .month, .day], from: start)
    table[station, default: [:]]["\(c.year!)-\(c.month!)-\(c.day!)", default: []].append(value)
}

/// City days from per-station hourly values keyed by local day.
func cityDays(_ table: [String: [String: [Double]]]) -> [String: CityDay] {
    var perDay: [String: [Double]] = [:]
    for (_, days) in table {
        for (day, values) in days where values.count >= 20 {
            perDay[day, default: []].append(values.reduce(0, +) / Double(values.count))
        }
    }
    return perDay.mapValues { CityDay(mean: $0.reduce(0, +) / Double($0.count), stations: $0.count) }
}

struct IndependentCityYear {
    var mean: Double
    var validDays: Int
    var complete: Bool
    var p95: Double
}

func cityYears(_ days: [String: CityDay]) -> [Int: IndependentCityYear] {
    var byYear: [Int: [(month: Int, mean: Double)]] = [:]
    for (key, day) in days {
        let parts = key.split(separator: "-").map { Int($0)! }
        byYear[parts[0], default: []].append((parts[1], day.mean))
    }
    return byYear.mapValues { list in
        let perMonth = Dictionary(grouping: list, by: \.month).mapValues(\.count)
        let sorted = list.map(\.mean).sorted()
        let k = 1 + Double(sorted.count - 1) * 0.95
        let s = Int(k)
        let p95 = s >= sorted.count ? sorted.last! : sorted[s - 1] + (sorted[s] - sorted[s - 1]) * (k - Double(s))
        let monthsValid = (1...12).allSatisfy { perMonth[$0, default: 0] >= ($0 == 2 ? 25 : 27) }
        return IndependentCityYear(mean: sorted.reduce(0, +) / Double(sorted.count), validDays: sorted.count,
                                   complete: sorted.count >= 324 && monthsValid, p95: p95)
    }
}

/// The UCI multi-site files: every station's PM2.5 by local day.
func uciMultisiteTable(directory: String) throws -> [String: [String: [Double]]] {
    var table: [String: [String: [Double]]] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasPrefix("PRSA_Data_") {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
            guard f.count >= 18, let value = Double(f[5]) else { continue }
            addHourEnding(&table, station: f[17], year: Int(f[1])!, month: Int(f[2])!, day: Int(f[3])!, hour: Int(f[4])!, value: value)
        }
    }
    return table
}

/// The China-network day files (gzip, read with the system's gzip): PM2.5 of the given station codes by local day.
func cnemcTable(directory: String, codes: Set<String>) throws -> [String: [String: [Double]]] {
    var table: [String: [String: [Double]]] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where file.hasSuffix(".csv.gz") {
        let lines = try runTool(["gzip", "-dc", directory + "/" + file]).stdout.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let wanted = header.enumerated().filter { codes.contains($0.element) }
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == header.count, f[2] == "PM2.5" else { continue }
            let date = f[0]
            let year = Int(date.prefix(4))!, month = Int(date.dropFirst(4).prefix(2))!, day = Int(date.suffix(2))!
            for (index, code) in wanted {
                guard let value = Double(f[index]) else { continue }
                addHourEnding(&table, station: code, year: year, month: month, day: day, hour: Int(f[1])!, value: value)
            }
        }
    }
    return table
}
