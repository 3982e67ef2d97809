import AirtrendDomain
import Foundation

/// CSV, JSON and table forms of `airtrend query monthly`.
///
/// CSV header: `scope,month,mean,valid_days,expected_days,required_days,valid,members,mean_coverage,profile`.
/// `month` is `YYYY-MM`; `valid_days` for a region is the fewest among its cities; `members` counts the
/// stations (city) or cities (region) with a valid day that month, empty for a station; `mean_coverage`
/// is the mean over the month's days of observed ÷ expected, empty for a region.
public enum MonthlyRenderer {
    public static let header = "scope,month,mean,valid_days,expected_days,required_days,valid,members,mean_coverage,profile"

    struct JSONMonth: Encodable {
        var month: String
        @AlwaysEncoded var mean: Double?
        var validDays: Int
        var expectedDays: Int
        var requiredDays: Int
        var valid: Bool
        @AlwaysEncoded var members: Int?
        @AlwaysEncoded var meanCoverage: Double?
        enum CodingKeys: String, CodingKey {
            case month, mean, validDays = "valid_days", expectedDays = "expected_days", requiredDays = "required_days", valid, members
            case meanCoverage = "mean_coverage"
        }
    }

    struct JSONDocument: Encodable {
        var scope: String
        var profile: String
        var months: [JSONMonth]
    }

    public static func render(_ months: [MonthlyQuery.Month], scope: String, profile: String, format: ReportFormat) -> String {
        func label(_ m: MonthStatistics) -> String { "\(m.year)-\(m.month.zeroPadded(2))" }
        switch format {
        case .csv:
            var lines = [header]
            for item in months {
                let m = item.statistics
                lines.append([scope, label(m), m.mean.map { $0.formatted(decimals: 1) } ?? "", String(m.validDays), String(m.expectedDays),
                              String(m.requiredDays), m.valid ? "true" : "false", item.members.map(String.init) ?? "",
                              item.meanCoverage.map { $0.formatted(decimals: 3) } ?? "", profile].joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let document = JSONDocument(scope: scope, profile: profile, months: months.map { item in
                let m = item.statistics
                return JSONMonth(month: label(m), mean: m.mean.map { $0.roundedHalfEven(decimals: 1) }, validDays: m.validDays,
                                 expectedDays: m.expectedDays, requiredDays: m.requiredDays, valid: m.valid, members: item.members,
                                 meanCoverage: item.meanCoverage.map { ($0 * 1000).rounded() / 1000 })
            })
            // Plain values only, so encoding cannot fail.
            return String(decoding: try! encoder.encode(document), as: UTF8.self) + "\n"
        case .table:
            let rows = months.map { item -> [String] in
                let m = item.statistics
                return [label(m), m.mean.map { $0.formatted(decimals: 1) } ?? "–", "\(m.validDays)/\(m.expectedDays)", String(m.requiredDays),
                        m.valid ? "yes" : "NO", item.members.map(String.init) ?? "", item.meanCoverage.map { ($0 * 100).formatted(decimals: 1) + " %" } ?? ""]
            }
            return "PM2.5 monthly means for \(scope), profile \(profile)\n"
                + ReportRenderer.aligned(header: ["month", "mean µg/m³", "valid days", "needed", "valid", "members", "coverage"], rows: rows, underline: true)
        }
    }
}
