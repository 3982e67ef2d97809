import AirtrendTestSupport
import Foundation

/// Annual PM2.5 figures computed straight from StateAir files, without any airtrend code,
/// by the rules the README states: `Valid` rows with a value ≥ 0 (negatives are
/// quarantined), days by the file's Year/Month/Day columns (Beijing time),
/// a day valid with ≥ 20 hours, a month with ≥ 27 valid days (25 in February),
/// a year complete with ≥ 324 valid days and every month valid.
struct IndependentYear {
    var mean: Double
    var validDays: Int
    var complete: Bool
    var p95: Double
}

/// One valid day (≥ 20 hours) of a StateAir file: its month, and the sum and count of its hours.
/// StateAir values are whole µg/m³, so `sum` is exact and a mean can be compared with a
/// breakpoint as `sum` against `breakpoint × hours`, without rounding.
struct IndependentDay {
    var month: Int
    var sum: Double
    var hours: Int
    var mean: Double { sum / Double(hours) }
}

/// The valid days of every year in the StateAir files of `directory`, by the rules above.
func independentStateAirDays(directory: String) throws -> [Int: [IndependentDay]] {
    var hours: [String: [Double]] = [:] // "Y-M-D" → values
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("Beijing_") && $0.hasSuffix(".csv") }
    for file in files {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
        let text = String(decoding: data.map { $0 < 128 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Beijing,PM2.5,") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11, f[10].hasPrefix("Valid"), let value = Double(f[7]), value >= 0 else { continue }
            hours["\(f[3])-\(f[4])-\(f[5])", default: []].append(value)
        }
    }
    var daysByYear: [Int: [IndependentDay]] = [:]
    for (key, values) in hours where values.count >= 20 {
        let parts = key.split(separator: "-").map { Int($0)! }
        daysByYear[parts[0], default: []].append(IndependentDay(month: parts[1], sum: values.reduce(0, +), hours: values.count))
    }
    return daysByYear
}

func independentStateAirYears(directory: String) throws -> [Int: IndependentYear] {
    let dailyByYear = try independentStateAirDays(directory: directory).mapValues { $0.map { (month: $0.month, mean: $0.mean) } }
    var result: [Int: IndependentYear] = [:]
    for (year, days) in dailyByYear {
        let perMonth = Dictionary(grouping: days, by: \.month).mapValues(\.count)
        let monthsValid = (1...12).allSatisfy { perMonth[$0, default: 0] >= ($0 == 2 ? 25 : 27) }
        let sorted = days.map(\.mean).sorted()
        let k = 1 + Double(sorted.count - 1) * 0.95
        let s = Int(k)
        let p95 = s >= sorted.count ? sorted.last! : sorted[s - 1] + (sorted[s] - sorted[s - 1]) * (k - Double(s))
        result[year] = IndependentYear(mean: sorted.reduce(0, +) / Double(sorted.count), validDays: days.count,
                                       complete: days.count >= 324 && monthsValid, p95: p95)
    }
    return result
}
