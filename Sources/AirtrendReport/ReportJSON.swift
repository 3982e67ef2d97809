import AirtrendDomain
import Foundation

/// The JSON form of a ``ReductionReport``: one object with the scope, the profile, the baseline and one row per year.
///
/// Encoded by `JSONEncoder` with sorted keys; means and changes are rounded half-to-even to one
/// decimal (as the table prints them) and a figure that does not exist is `null`. Category counts
/// are keyed by the scale's category names with `_` for spaces.
struct ReportJSON: Encodable {
    struct Row: Encodable {
        var year: Int
        @AlwaysEncoded var annualMean: Double?
        var validDays: Int
        var expectedDays: Int
        var validMonths: Int
        var complete: Bool
        @AlwaysEncoded var p95Daily: Double?
        @AlwaysEncoded var daysOverLimit: Int?
        @AlwaysEncoded var change: Double?
        @AlwaysEncoded var changePct: Double?
        @AlwaysEncoded var daysHJ633: [String: Int]?
        @AlwaysEncoded var goodDaysPct: Double?
        @AlwaysEncoded var daysEPA: [String: Int]?
        var monthsWithData: Int?
        var members: [String]?
        var incompleteMembers: [String]?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case year, annualMean = "annual_mean", validDays = "valid_days", expectedDays = "expected_days", validMonths = "valid_months"
            case complete, p95Daily = "p95_daily", daysOverLimit = "days_over_limit", change, changePct = "change_pct"
            case daysHJ633 = "days_hj633", goodDaysPct = "good_days_pct", daysEPA = "days_epa", monthsWithData = "months_with_data"
            case members, incompleteMembers = "incomplete_members", note
        }

    }

    var scope: String
    var kind: String
    var profile: String
    var baselineYear: Int
    var baselineComplete: Bool
    var dailyLimit: Double
    var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case scope, kind, profile, baselineYear = "baseline_year", baselineComplete = "baseline_complete", dailyLimit = "daily_limit", rows
    }

    init(_ report: ReductionReport, note: (ReductionReport.Row) -> String?, goodIndex: Int) {
        func decimal1(_ value: Double?) -> Double? { value.map { $0.roundedHalfEven(decimals: 1) } }
        func categories(_ counts: AQIDayCounts?) -> [String: Int]? {
            counts.map { counts in
                Dictionary(uniqueKeysWithValues: zip(counts.scale.categories, counts.days).map { ($0.name.replacingOccurrences(of: " ", with: "_"), $1) })
            }
        }
        scope = report.scope
        kind = report.kind.rawValue
        profile = report.profile.name
        baselineYear = report.baselineYear
        baselineComplete = report.baseline.complete
        dailyLimit = report.profile.dailyLimit.roundedHalfEven(decimals: 0)
        rows = report.rows.map { row in
            let s = row.statistics
            return Row(year: row.year, annualMean: decimal1(s.mean), validDays: s.validDays, expectedDays: s.expectedDays,
                       validMonths: s.validMonths, complete: s.complete, p95Daily: decimal1(s.percentile),
                       daysOverLimit: report.kind == .region ? nil : s.daysOverLimit, change: decimal1(row.change),
                       changePct: decimal1(row.changePercent), daysHJ633: categories(row.hj633Days),
                       goodDaysPct: decimal1(row.hj633Days?.percent(atMost: goodIndex)), daysEPA: categories(row.epaDays),
                       monthsWithData: row.monthsWithData, members: row.members?.used,
                       incompleteMembers: report.kind == .region ? row.members?.incomplete : nil, note: note(row))
        }
    }

    /// The encoded text, one line and a newline.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain values only (no NaN: statistics of no days are nil), so encoding cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}
