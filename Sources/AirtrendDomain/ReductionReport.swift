/// The headline answer: each year's figures and their change against a baseline, on a stated basis.
///
/// Changes are computed from unrounded means; rounding happens only when the report is rendered. A
/// fall is negative. A change is made only between two figures of the same kind: a year's annual figure
/// (data in all 12 months; a same-month figure with data in each of its months) against the baseline's,
/// measured or published. Against a provisional (incomplete) baseline every change is provisional.
public struct ReductionReport: Sendable {
    /// Which kind of scope the report is about; regions have no percentile or exceedance days.
    public enum ScopeKind: String, Sendable { case station, city, region }

    /// Where the baseline figure comes from (`--baseline-source`).
    public enum BaselineSource: String, Sendable, CaseIterable {
        /// The measured figure when the store has one, else the published one.
        case auto
        /// Only the figure computed from the store.
        case measured
        /// Only the configured published figure.
        case published
    }

    /// The figure every change is measured against.
    public struct Baseline: Sendable, Equatable {
        public enum Kind: String, Sendable { case measured, published }
        public var year: Int
        /// Nil when no figure could be had: then no change is made (``missing`` says why).
        public var kind: Kind?
        public var value: Double?
        /// A measured baseline's year rule; a published figure counts as complete.
        public var complete: Bool
        /// A published baseline: who published it.
        public var source: String?
        /// A published baseline's note.
        public var note: String?
        /// Why there is no baseline figure, when ``value`` is nil.
        public var missing: String?

        public init(year: Int, kind: Kind?, value: Double?, complete: Bool, source: String? = nil, note: String? = nil, missing: String? = nil) {
            self.year = year
            self.kind = kind
            self.value = value
            self.complete = complete
            self.source = source
            self.note = note
            self.missing = missing
        }
    }

    /// Who made up a city or region figure in one year.
    public struct Members: Sendable, Equatable {
        /// Stations (for a city) or cities (for a region) that contributed.
        public var used: [String]
        /// Region only: member cities whose year is missing, has no figure, or is incomplete.
        public var incomplete: [String]
        public init(used: [String], incomplete: [String] = []) {
            self.used = used
            self.incomplete = incomplete
        }
    }

    /// A member station starting or ending its service inside a reported year: the city's figure of that
    /// year rests on a different set of stations on different days.
    public struct StationSetChange: Sendable, Equatable {
        public enum Event: String, Sendable { case starts, ends }
        public var station: String
        public var event: Event
        /// Local date of its first or last day in service.
        public var date: CivilDate
        public init(station: String, event: Event, date: CivilDate) {
            self.station = station
            self.event = event
            self.date = date
        }
    }

    /// A member city's figure in the latest reported year, against its own baseline, by the report's rules.
    public struct MemberLine: Sendable, Equatable {
        public var city: String
        public var statistics: YearStatistics?
        /// Nil when the city has no figure that year (data in fewer months than the period): then no change.
        public var hasFigure: Bool
        public var baseline: Baseline
        public var change: Double?
        public var changePercent: Double?
        public var meetsTarget: Bool?

        public init(city: String, statistics: YearStatistics?, hasFigure: Bool, baseline: Baseline, targetPercent: Double?) {
            self.city = city
            self.statistics = statistics
            self.hasFigure = hasFigure
            self.baseline = baseline
            if hasFigure, let mean = statistics?.mean, let base = baseline.value, base != 0, statistics?.year != baseline.year {
                change = mean - base
                changePercent = 100 * (mean - base) / base
                meetsTarget = targetPercent.map { ReductionReport.meets(changePercent!, target: $0) }
            }
        }

        /// The change is provisional: the year or the baseline is incomplete.
        public var provisional: Bool { change != nil && (statistics?.complete != true || !baseline.complete) }
    }

    public struct Row: Sendable, Equatable {
        public var year: Int
        public var statistics: YearStatistics
        /// Months with any valid day (nil when unknown); a year with data in fewer than the period's months has no figure.
        public var monthsWithData: Int?
        public var members: Members?
        /// Figure − baseline, µg/m³; nil on the baseline row, without a figure, or without a baseline.
        public var change: Double?
        /// 100 × change ÷ baseline; nil where ``change`` is.
        public var changePercent: Double?
        /// Whether the change meets `--target` (nil without a change or a target).
        public var meetsTarget: Bool?
        /// The year's valid days by HJ 633-2012 IAQI category of their daily means; nil for a
        /// region, which has no daily series of its own.
        public var hj633Days: AQIDayCounts?
        /// The same days by US EPA AQI category (2024 breakpoints); nil for a region.
        public var epaDays: AQIDayCounts?
        /// The configured published figure of this scope and year.
        public var published: PublishedFigure?
        /// Mean over the period's days of observed ÷ expected (hours of 24 for a station, assessment stations
        /// with a valid day of those in service for a city); nil for a region or without days.
        public var meanCoverage: Double?
        /// City only: member stations starting or ending service inside the period.
        public var stationSetChanges: [StationSetChange] = []
        /// Region only: why there is no regional figure (`no regional figure: 1 of 13 cities`).
        public var regionNoFigure: String?

        public init(year: Int, statistics: YearStatistics, monthsWithData: Int? = nil, members: Members? = nil) {
            self.year = year
            self.statistics = statistics
            self.monthsWithData = monthsWithData
            self.members = members
        }
    }

    /// What the figures describe, e.g. `station:beijing-us-embassy`.
    public var scope: String
    public var kind: ScopeKind = .station
    public var profile: ValidityProfile
    public var baseline: Baseline
    public var rows: [Row]
    /// Same-month comparison: the months each row's figure takes (nil: calendar years).
    public var months: MonthSelection?
    /// `--target`, per cent change (negative for a fall).
    public var targetPercent: Double?
    /// Region only: each member city in the last reported year.
    public var memberLines: [MemberLine] = []
    /// City only: stations of the city that do not count in its mean, with their roles.
    public var otherStations: [(station: String, role: StationRole)] = []

    public var baselineYear: Int { baseline.year }
    /// Months a row needs data in to be a figure: 12, or the selection's.
    public var periodMonths: Int { months?.months.count ?? 12 }

    /// Builds the report from a scope's figures and a chosen baseline.
    ///
    /// - Parameters:
    ///   - rows: one per year (or season) with data, any order; those outside `from...to` are left out, except the baseline's.
    ///   - baseline: the figure changes are measured against (``ReductionReport/Baseline/value`` nil: none are made).
    public init(scope: String, kind: ScopeKind = .station, profile: ValidityProfile, baseline: Baseline, rows: [Row], from: Int? = nil, to: Int? = nil,
                months: MonthSelection? = nil, targetPercent: Double? = nil) {
        self.scope = scope
        self.kind = kind
        self.profile = profile
        self.baseline = baseline
        self.months = months
        self.targetPercent = targetPercent
        let period = months?.months.count ?? 12
        self.rows = rows
            // A year without a single valid day (e.g. the one hour of 31 December that an hour-ending file
            // starting on 1 January carries) says nothing; leave it out, unless it is the baseline's.
            .filter { ($0.year >= (from ?? Int.min) && $0.year <= (to ?? Int.max) && $0.statistics.validDays > 0) || $0.year == baseline.year }
            .sorted { $0.year < $1.year }
            .map { row in
                var row = row
                // The baseline year's row has no change, whatever the kind (measured against published is `published_diff`).
                let isBase = row.year == baseline.year
                if !isBase, Self.hasFigure(row, period: period), let mean = row.statistics.mean, let base = baseline.value, base != 0 {
                    row.change = mean - base
                    row.changePercent = 100 * (mean - base) / base
                    row.meetsTarget = targetPercent.map { Self.meets(row.changePercent!, target: $0) }
                }
                return row
            }
    }

    /// Builds a report from annual statistics alone, with a measured baseline (for callers and tests
    /// without months or published figures). Throws when the baseline year has no valid day.
    public init(scope: String, profile: ValidityProfile, baselineYear: Int, years: [YearStatistics], from: Int? = nil, to: Int? = nil) throws(DomainError) {
        let rows = years.map { Row(year: $0.year, statistics: $0) }
        guard let base = years.first(where: { $0.year == baselineYear }), let mean = base.mean else {
            throw Self.noBaseline(scope: scope, year: baselineYear, profile: profile, years: years)
        }
        self.init(scope: scope, profile: profile, baseline: Baseline(year: baselineYear, kind: .measured, value: mean, complete: base.complete),
                  rows: rows, from: from, to: to)
    }

    /// The error for a baseline year without a single valid day: what the store does hold, and what to do.
    public static func noBaseline(scope: String, year: Int, profile: ValidityProfile, years: [YearStatistics], period: String? = nil,
                                  published: Bool = false) -> DomainError {
        // A region's year without a figure still has its cities' valid days: say what is held.
        let held = years.filter { $0.mean != nil || $0.validDays > 0 }.sorted { $0.year < $1.year }
        let range = held.isEmpty ? "no valid day at all"
            : "valid days only in " + held.map { "\($0.year) (\($0.validDays) of \($0.expectedDays) days\($0.complete ? "" : ", not a complete \(period ?? "year")"))" }.joined(separator: ", ")
        let advice = published ? "" : ", or add its published figure under published: in the config"
        return DomainError("no annual figure for \(scope) in the baseline year \(year) under profile \(profile.name): the store has \(range); a year is incomplete with \(profile.yearRuleDescription). Import data for \(year) or choose another --baseline\(advice)")
    }

    /// True when a row is a figure: a mean with data in every month of its period (12 for a year).
    public static func hasFigure(_ row: Row, period: Int = 12) -> Bool {
        row.statistics.mean != nil && (row.monthsWithData ?? period) >= period
    }

    public func hasFigure(_ row: Row) -> Bool { Self.hasFigure(row, period: periodMonths) }

    /// Whether a change meets a target: at or below it for a fall (target ≤ 0), at or above it for a rise.
    /// Compared as printed (one decimal, half to even), so a table never shows −60.0 % "not meeting" −60.
    public static func meets(_ changePercent: Double, target: Double) -> Bool {
        let printed = changePercent.roundedHalfEven(decimals: 1)
        return target <= 0 ? printed <= target : printed >= target
    }

    /// True when the baseline itself fails the profile's year rules; every change is then provisional.
    public var baselineIncomplete: Bool { baseline.value != nil && !baseline.complete }

    /// A row's change is provisional: its own year or the baseline is incomplete.
    public func changeProvisional(_ row: Row) -> Bool { row.change != nil && (!row.statistics.complete || !baseline.complete) }

    /// The latest row with a change: the one a target is judged on.
    public var latestChange: Row? { rows.last { $0.change != nil } }
}

extension Double {
    /// Rounds half to even at the given number of decimals (GB/T 8170), for presentation only.
    public func roundedHalfEven(decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (self * scale).rounded(.toNearestOrEven) / scale
    }

    /// Fixed-point text with half-to-even rounding, e.g. `101.9`.
    public func formatted(decimals: Int) -> String {
        let rounded = roundedHalfEven(decimals: decimals)
        let negative = rounded < 0 || (rounded == 0 && rounded.sign == .minus)
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(rounded) * Double(scale)).rounded())
        let whole = scaled / scale
        let fraction = scaled % scale
        var text = (negative && scaled != 0 ? "-" : "") + String(whole)
        if decimals > 0 { text += "." + fraction.zeroPadded(decimals) }
        return text
    }
}
