import AirtrendDomain

/// What `airtrend chart` asks for, as typed on the command line, checked in one place.
///
/// Dates may be given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a start takes the first day of the
/// period and an end its last, so `--from 2013 --to 2016` means 2013-01-01 to 2016-12-31.
public struct ChartRequest: Sendable {
    public var kind: ChartKind
    public var scope: ReportScope
    public var profile: ValidityProfile
    /// The calendar's year (default: the last complete year).
    public var year: Int?
    public var from: CivilDate?
    public var to: CivilDate?
    /// The annual chart's baseline year.
    public var baseline: Int
    /// The target as a change against the baseline, in % (−60).
    public var targetPercent: Double?
    public var scale: CategoryScale
    /// Published figures to mark; empty marks the configured ones of the scope.
    public var published: [PublishedFigure]
    /// Where the annual chart's baseline comes from (as `report --baseline-source`).
    public var baselineSource: ReductionReport.BaselineSource

    public init(kind: ChartKind, scope: ReportScope, profile: ValidityProfile, year: Int? = nil, from: CivilDate? = nil, to: CivilDate? = nil,
                baseline: Int = 2013, targetPercent: Double? = nil, scale: CategoryScale = .hj633, published: [PublishedFigure] = [],
                baselineSource: ReductionReport.BaselineSource = .auto) {
        self.kind = kind
        self.scope = scope
        self.profile = profile
        self.year = year
        self.from = from
        self.to = to
        self.baseline = baseline
        self.targetPercent = targetPercent
        self.scale = scale
        self.published = published
        self.baselineSource = baselineSource
    }

    /// A date option's value, or ``ChartError/invalidRequest(_:)`` saying what is expected.
    /// - Parameter end: true for `--to`, which takes the last day of a year or month.
    public static func date(_ text: String, option: String, end: Bool) throws(ChartError) -> CivilDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let bad = ChartError.invalidRequest("\(option): expected a date YYYY-MM-DD, a month YYYY-MM or a year YYYY, got '\(text)'")
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }), let year = parts[0], (1900...2200).contains(year) else { throw bad }
        let month = parts.count > 1 ? parts[1]! : (end ? 12 : 1)
        guard (1...12).contains(month) else { throw bad }
        let day = parts.count > 2 ? parts[2]! : (end ? CivilDate.daysInMonth(year: year, month: month) : 1)
        guard let date = CivilDate(year: year, month: month, day: day) else { throw bad }
        return date
    }

    /// Checks the combination before any data is read.
    public func validate() throws(ChartError) {
        if let from, let to, to < from { throw .invalidRequest("--to \(to) is before --from \(from)") }
        if let targetPercent, !(targetPercent > -100 && targetPercent < 100) {
            throw .invalidRequest("--target: expected a change in % against the baseline between -100 and 100 (e.g. -60), got \(targetPercent)")
        }
        guard kind == .rolling else { return }
        guard case .station = scope else {
            throw .invalidRequest("rolling charts need hourly data, which is kept per station: give --station ID")
        }
        if let from, let to, to.dayNumber - from.dayNumber + 1 > RollingChart.maximumDays {
            throw .invalidRequest("the rolling chart shows at most \(RollingChart.maximumDays) days of hourly values; "
                                  + "--from \(from) --to \(to) spans \(to.dayNumber - from.dayNumber + 1)")
        }
    }
}
