import AirtrendDomain
import Foundation

/// CSV, JSON and table forms of a queried series (`airtrend query`), also the CSV behind the HTML page's calendar.
public enum SeriesRenderer {
    public static let header = "scope,time,value,coverage,valid,aqi_hj633,aqi_hj633_category,aqi_epa,aqi_epa_category,profile"

    public static func render(_ points: [SeriesPoint], scope: String, profile: String, format: ReportFormat) -> String {
        func aqi(_ value: Double?) -> (Int?, String, Int?, String) {
            guard let value else { return (nil, "", nil, "") }
            let cn = AQIScale.hj633_2012.index(value), us = AQIScale.epa2024.index(value)
            return (cn, cn.map { AQIScale.hj633_2012.category($0) } ?? "", us, us.map { AQIScale.epa2024.category($0) } ?? "")
        }
        switch format {
        case .csv:
            var lines = [header]
            for p in points {
                let a = aqi(p.value)
                lines.append([scope, p.time, p.value.map { $0.formatted(decimals: 1) } ?? "", p.coverage.formatted(decimals: 3),
                              p.valid ? "true" : "false", a.0.map(String.init) ?? "", a.1, a.2.map(String.init) ?? "", a.3, profile]
                    .joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let rows = points.map { p in
                let a = aqi(p.value)
                return SeriesJSON.Point(time: p.time, value: p.value.map { $0.roundedHalfEven(decimals: 1) }, coverage: p.coverage, valid: p.valid,
                                        aqiHJ633: a.0, aqiHJ633Category: a.1, aqiEPA: a.2, aqiEPACategory: a.3)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Plain values only, so encoding cannot fail.
            return String(decoding: try! encoder.encode(SeriesJSON(scope: scope, profile: profile, points: rows)), as: UTF8.self) + "\n"
        case .table:
            var out = "\(scope), profile \(profile)\n"
            for p in points {
                let a = aqi(p.value)
                out += "\(p.time)  \(p.value.map { $0.formatted(decimals: 1) } ?? "–")  coverage \(Int((p.coverage * 100).rounded())) %"
                out += p.valid ? "" : "  (not valid)"
                if let cn = a.0, let us = a.2 { out += "  AQI \(cn) CN (\(a.1)), \(us) US (\(a.3))" }
                out += "\n"
            }
            return out
        }
    }
}
