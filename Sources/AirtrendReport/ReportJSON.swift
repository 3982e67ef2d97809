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
        var annualMean: Double?
        var validDays: Int
        var expectedDays: Int
        var validMonths: Int
        var complete: Bool
        var p95Daily: Double?
        var daysOverLimit: Int?
        var change: Double?
        var changePct: Double?
        var daysHJ633: [String: Int]?
        var goodDaysPct: Double?
        var daysEPA: [String: Int]?
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

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(year, forKey: .year)
            // Figures that do not exist are null, never left out: readers can rely on every key.
            try c.encode(annualMean, forKey: .annualMean)
            try c.encode(validDays, forKey: .validDays)
            try c.encode(expectedDays, forKey: .expectedDays)
            try c.encode(validMonths, forKey: .validMonths)
            try c.encode(complete, forKey: .complete)
            try c.encode(p95Daily, forKey: .p95Daily)
            try c.encode(daysOverLimit, forKey: .daysOverLimit)
            try c.encode(change, forKey: .change)
            try c.encode(changePct, forKey: .changePct)
            try c.encode(daysHJ633, forKey: .daysHJ633)
            try c.encode(goodDaysPct, forKey: .goodDaysPct)
            try c.encode(daysEPA, forKey: .daysEPA)
            try c.encodeIfPresent(monthsWithData, forKey: .monthsWithData)
            try c.encodeIfPresent(members, forKey: .members)
            try c.encodeIfPresent(incompleteMembers, forKey: .incompleteMembers)
            try c.encodeIfPresent(note, forKey: .note)
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
