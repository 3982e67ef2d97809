import AirtrendDomain
import Foundation

/// The JSON form of a ``ReductionReport``: one object with the scope, the profile, the baseline and one row per year.
///
/// Encoded by `JSONEncoder` with sorted keys; means and changes are rounded half-to-even to one
/// decimal (as the table prints them) and a figure that does not exist is `null`. Category counts
/// are keyed by the scale's category names with `_` for spaces.
struct ReportJSON: Encodable {
    struct Published: Encodable {
        var value: Double
        var source: String
        @AlwaysEncoded var note: String?
    }

    struct SetChange: Encodable {
        var station: String
        var event: String
        var date: String
    }

    struct OtherStation: Encodable {
        var station: String
        var role: String
    }

    struct Row: Encodable {
        var year: Int
        @AlwaysEncoded var annualMean: Double?
        var validDays: Int
        var expectedDays: Int
        var validMonths: Int
        var complete: Bool
        /// A year with data in every month of its period (a region: every member city has one).
        var hasFigure: Bool
        @AlwaysEncoded var p95Daily: Double?
        @AlwaysEncoded var daysOverLimit: Int?
        @AlwaysEncoded var change: Double?
        @AlwaysEncoded var changePct: Double?
        /// True when the change rests on an incomplete year or baseline; null without a change.
        @AlwaysEncoded var changeProvisional: Bool?
        @AlwaysEncoded var meetsTarget: Bool?
        @AlwaysEncoded var daysHJ633: [String: Int]?
        @AlwaysEncoded var goodDaysPct: Double?
        @AlwaysEncoded var daysEPA: [String: Int]?
        @AlwaysEncoded var published: Published?
        @AlwaysEncoded var publishedDiff: Double?
        @AlwaysEncoded var meanCoverage: Double?
        @AlwaysEncoded var lowCoverage: Bool?
        @AlwaysEncoded var stationSetChanges: [SetChange]?
        var monthsWithData: Int?
        var members: [String]?
        var incompleteMembers: [String]?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case year, annualMean = "annual_mean", validDays = "valid_days", expectedDays = "expected_days", validMonths = "valid_months"
            case complete, hasFigure = "has_figure", p95Daily = "p95_daily", daysOverLimit = "days_over_limit", change, changePct = "change_pct"
            case changeProvisional = "change_provisional", meetsTarget = "meets_target"
            case daysHJ633 = "days_hj633", goodDaysPct = "good_days_pct", daysEPA = "days_epa", monthsWithData = "months_with_data"
            case published, publishedDiff = "published_diff", meanCoverage = "mean_coverage", lowCoverage = "low_coverage"
            case stationSetChanges = "station_set_changes"
            case members, incompleteMembers = "incomplete_members", note
        }
    }

    struct MemberLine: Encodable {
        var city: String
        var year: Int?
        @AlwaysEncoded var mean: Double?
        var hasFigure: Bool
        var complete: Bool
        @AlwaysEncoded var baselineSource: String?
        @AlwaysEncoded var baselineValue: Double?
        @AlwaysEncoded var change: Double?
        @AlwaysEncoded var changePct: Double?
        @AlwaysEncoded var meetsTarget: Bool?

        enum CodingKeys: String, CodingKey {
            case city, year, mean, hasFigure = "has_figure", complete, baselineSource = "baseline_source", baselineValue = "baseline_value"
            case change, changePct = "change_pct", meetsTarget = "meets_target"
        }
    }

    var scope: String
    var kind: String
    var profile: String
    var baselineYear: Int
    var baselineComplete: Bool
    @AlwaysEncoded var baselineSource: String?
    @AlwaysEncoded var baselineValue: Double?
    @AlwaysEncoded var baselineReference: String?
    @AlwaysEncoded var baselineNote: String?
    @AlwaysEncoded var baselineMissing: String?
    @AlwaysEncoded var months: [Int]?
    @AlwaysEncoded var targetPct: Double?
    @AlwaysEncoded var targetAnswer: String?
    var dailyLimit: Double
    var rows: [Row]
    @AlwaysEncoded var otherStations: [OtherStation]?
    @AlwaysEncoded var memberCities: [MemberLine]?

    enum CodingKeys: String, CodingKey {
        case scope, kind, profile, baselineYear = "baseline_year", baselineComplete = "baseline_complete", dailyLimit = "daily_limit", rows
        case baselineSource = "baseline_source", baselineValue = "baseline_value", baselineReference = "baseline_reference"
        case baselineNote = "baseline_note", baselineMissing = "baseline_missing", months, targetPct = "target_pct"
        case targetAnswer = "target_answer", otherStations = "other_stations", memberCities = "member_cities"
    }

    init(_ report: ReductionReport, note: (ReductionReport.Row) -> String?, goodIndex: Int, answer: String?) {
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
        baselineComplete = report.baseline.value != nil && report.baseline.complete
        baselineSource = report.baseline.kind?.rawValue
        baselineValue = decimal1(report.baseline.value)
        baselineReference = report.baseline.source
        baselineNote = report.baseline.note
        baselineMissing = report.baseline.missing
        months = report.months?.months
        targetPct = report.targetPercent
        targetAnswer = answer
        dailyLimit = report.profile.dailyLimit.roundedHalfEven(decimals: 0)
        otherStations = report.kind == .city ? report.otherStations.map { OtherStation(station: $0.station, role: $0.role.rawValue) } : nil
        memberCities = report.kind == .region ? report.memberLines.map { line in
            MemberLine(city: line.city, year: line.statistics?.year, mean: decimal1(line.statistics?.mean), hasFigure: line.hasFigure,
                       complete: line.statistics?.complete ?? false, baselineSource: line.baseline.kind?.rawValue,
                       baselineValue: decimal1(line.baseline.value), change: decimal1(line.change), changePct: decimal1(line.changePercent),
                       meetsTarget: line.meetsTarget)
        } : nil
        rows = report.rows.map { row in
            let s = row.statistics
            return Row(year: row.year, annualMean: decimal1(s.mean), validDays: s.validDays, expectedDays: s.expectedDays,
                       validMonths: s.validMonths, complete: s.complete, hasFigure: report.hasFigure(row), p95Daily: decimal1(s.percentile),
                       daysOverLimit: report.kind == .region ? nil : s.daysOverLimit, change: decimal1(row.change),
                       changePct: decimal1(row.changePercent), changeProvisional: row.change == nil ? nil : report.changeProvisional(row),
                       meetsTarget: row.meetsTarget, daysHJ633: categories(row.hj633Days),
                       goodDaysPct: decimal1(row.hj633Days?.percent(atMost: goodIndex)), daysEPA: categories(row.epaDays),
                       published: row.published.map { Published(value: $0.value, source: $0.source, note: $0.note) },
                       publishedDiff: decimal1(ReportRenderer.publishedDiff(row, in: report)),
                       meanCoverage: row.meanCoverage.map { ($0 * 1000).rounded() / 1000 },
                       lowCoverage: ReportRenderer.lowCoverage(row, in: report),
                       stationSetChanges: report.kind == .city ? row.stationSetChanges.map { SetChange(station: $0.station, event: $0.event.rawValue, date: "\($0.date)") } : nil,
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
