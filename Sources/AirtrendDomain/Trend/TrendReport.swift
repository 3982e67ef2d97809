/// A scope's PM2.5 trend: the points, Sen's slope and line, the Kendall test, and a target year.
///
/// Time runs in decimal years on one axis for both series: x = year for annual figures,
/// x = year + (month − 1)/12 for monthly means. The line is `intercept + slope · x`, so
/// `intercept` is its value at x = 0 (far outside the data; use ``value(at:)``).
/// - `annual`: Theil–Sen on (year, annual figure) and the Mann–Kendall test on the figures in
///   year order (gaps between years do not enter the test).
/// - `monthly`: the seasonal Sen slope (per year) with its rank interval and the seasonal Kendall
///   test over the 12 months, missing months skipped; ``theilSen`` holds the plain Theil–Sen fit on
///   the decimal years too, for reference (it mixes months, so the seasonal cycle widens it).
///
/// A trend needs ``minimumPoints`` (3) points; with fewer, or with monthly data where no month of
/// the year is valid in two different years, building the report throws ``TrendError/notEnoughData(_:)``
/// and no figures are produced.
public struct TrendReport: Sendable, Equatable {
    public enum Series: String, Sendable, CaseIterable { case annual, monthly }

    /// One annual figure or monthly mean the trend is computed from.
    public struct Point: Sendable, Equatable {
        public var year: Int
        /// 1…12 for monthly means, nil for annual figures.
        public var month: Int?
        public var value: Double
        /// An incomplete year admitted with `--include-provisional`.
        public var provisional: Bool

        public init(year: Int, month: Int? = nil, value: Double, provisional: Bool = false) {
            self.year = year
            self.month = month
            self.value = value
            self.provisional = provisional
        }

        /// The point's place on the decimal-year axis.
        public var x: Double { Double(year) + Double((month ?? 1) - 1) / 12 }

        /// `2013`, or `2013-04` for a month.
        public var label: String { month.map { "\(year)-" + ($0 < 10 ? "0" : "") + String($0) } ?? String(year) }
    }

    /// A reduction target: the level `(1 + percent/100) ×` the baseline year's annual figure, and the
    /// year the trend line reaches it.
    public struct Target: Sendable, Equatable {
        /// The change asked for, e.g. −60.
        public var percent: Double
        public var baselineYear: Int
        /// The baseline year's annual figure; nil when the year has none.
        public var baselineValue: Double?
        /// The baseline figure is incomplete under the profile.
        public var baselineProvisional: Bool
        /// `measured` or `published` (the configured official figure, taken when the store has no annual
        /// figure for the baseline year, or when asked for); nil without a baseline figure.
        public var baselineSource: String?
        /// The target level, µg/m³; nil without a baseline figure.
        public var level: Double?
        /// The first year whose trend value is at or below ``level``; nil when the trend is not falling
        /// or there is no level (``note`` says which).
        public var year: Int?
        /// Why ``year`` is empty, or a caveat about it.
        public var note: String?

        /// A target to evaluate; `missingBaseline` says why `baselineValue` is nil.
        public init(percent: Double, baselineYear: Int, baselineValue: Double?, baselineProvisional: Bool = false,
                    missingBaseline: String? = nil, baselineSource: String? = nil) {
            self.percent = percent
            self.baselineYear = baselineYear
            self.baselineValue = baselineValue
            self.baselineProvisional = baselineProvisional
            self.baselineSource = baselineValue == nil ? nil : baselineSource ?? "measured"
            self.level = baselineValue.map { (1 + percent / 100) * $0 }
            self.note = baselineValue == nil ? missingBaseline ?? "no annual figure for the baseline year \(baselineYear)" : nil
        }
    }

    /// The fewest points a trend is computed from.
    public static let minimumPoints = 3
    /// Below this p the trend is called decreasing or increasing.
    public static let significance = 0.05

    /// What the figures describe, e.g. `station:beijing-us-embassy`.
    public var scope: String
    public var series: Series
    public var profile: ValidityProfile
    /// The points in time order; for monthly data, only the valid months.
    public var points: [Point]
    /// µg/m³ per year: Sen's slope (annual) or the seasonal Sen slope (monthly).
    public var slope: Double
    /// The two-sided 95 % interval of ``slope``; NaN when ties leave Sen's variance negative.
    public var slopeLower: Double
    public var slopeUpper: Double
    /// The line's value at x = 0 (see the type's note).
    public var intercept: Double
    /// Theil–Sen on the points' decimal years (for annual data the fit behind ``slope``).
    public var theilSen: TheilSenFit
    /// Monthly only: the seasonal Sen slope as pymannkendall reports it (intercept at the first month).
    public var seasonalSlope: SeasonalSenSlope?
    /// Annual only.
    public var mannKendall: MannKendallTest?
    /// Monthly only.
    public var seasonalKendall: SeasonalKendallTest?
    public var target: Target?
    /// Caveats for people: years left out, provisional years, what the test can show with so few points.
    public var notes: [String]

    /// Computes the trend of `points` (any order), or throws ``TrendError/notEnoughData(_:)``.
    ///
    /// - Parameters:
    ///   - shortage: one or more sentences the error adds when there are too few points: which
    ///     years or months were left out and how to get more.
    public init(scope: String, series: Series, profile: ValidityProfile, points: [Point], target: Target? = nil,
                notes: [String] = [], shortage: String = "") throws(TrendError) {
        let points = points.sorted { $0.x < $1.x }
        let unit = series == .annual ? "annual figure" : "valid monthly mean"
        guard points.count >= Self.minimumPoints else {
            let span = points.isEmpty ? "" : " (\(points.map(\.label).joined(separator: ", ")))"
            throw .notEnoughData("\(scope) has \(points.count) \(unit)\(points.count == 1 ? "" : "s")\(span) under \(profile.name); "
                                 + "a trend needs at least \(Self.minimumPoints). " + shortage)
        }
        let x = points.map(\.x), y = points.map(\.value)
        guard let theilSen = TheilSenFit.fit(x: x, y: y) else {
            throw .notEnoughData("\(scope): every \(unit) falls on \(points[0].label), so no slope can be drawn")
        }
        self.scope = scope
        self.series = series
        self.profile = profile
        self.points = points
        self.theilSen = theilSen
        self.notes = notes
        switch series {
        case .annual:
            mannKendall = MannKendallTest.test(y)
            slope = theilSen.slope
            slopeLower = theilSen.slopeLower
            slopeUpper = theilSen.slopeUpper
            intercept = theilSen.intercept
        case .monthly:
            let monthly = Self.monthlySeries(points)
            guard let seasonal = SeasonalSenSlope.fit(monthly), let test = SeasonalKendallTest.test(monthly) else {
                throw .notEnoughData("\(scope) has \(points.count) valid monthly means under \(profile.name), but no month of "
                                     + "the year is valid in two different years, so the seasonal test has nothing to compare; "
                                     + "widen --from/--to, import more years, or use --series annual")
            }
            seasonalSlope = seasonal
            seasonalKendall = test
            slope = seasonal.slope
            slopeLower = seasonal.slopeLower
            slopeUpper = seasonal.slopeUpper
            // pymannkendall's intercept is the line at the first month; move it to x = 0.
            intercept = seasonal.intercept - seasonal.slope * points[0].x
        }
        if series == .annual, let smallest = MannKendallTest.smallestP(n: points.count), smallest >= Self.significance {
            self.notes.append("with \(points.count) years no series can reach p < \(Self.significance) "
                              + "(the smallest possible p is \(smallest.formatted(decimals: 3))): the test cannot confirm a trend from so few")
        }
        self.target = target.map(reach)
    }

    /// The test behind ``trend``: Mann–Kendall (annual) or seasonal Kendall (monthly).
    public var test: any KendallTrendTest { mannKendall ?? seasonalKendall! }

    /// "decreasing" or "increasing" when p < 0.05, else "no significant trend".
    public var trend: String { test.trend(significance: Self.significance) }

    public var n: Int { points.count }

    /// The trend line at `x` (decimal years).
    public func value(at x: Double) -> Double { intercept + slope * x }

    /// The slope in % per year of the line's value at the first point; nil when that value is not positive.
    public var slopePercent: Double? {
        let first = value(at: points[0].x)
        return first > 0 ? 100 * slope / first : nil
    }

    /// The monthly means laid out month by month from the first to the last point, nil where a
    /// month is not valid: position k is k months after the first point.
    static func monthlySeries(_ points: [Point]) -> [Double?] {
        func index(_ point: Point) -> Int { point.year * 12 + (point.month ?? 1) - 1 }
        let start = index(points[0])
        var series = [Double?](repeating: nil, count: index(points[points.count - 1]) - start + 1)
        for point in points { series[index(point) - start] = point.value }
        return series
    }

    /// The target with the year the line reaches its level: the first year whose trend value is at or
    /// below it, a year's trend value being the line at the year (annual) or at the middle of its
    /// twelve months, x = year + 5.5/12 (monthly, the mean of the line over those months).
    private func reach(_ target: Target) -> Target {
        var target = target
        guard let level = target.level else { return target }
        guard slope < 0 else {
            target.note = "the trend is not falling (slope \(slope.formatted(decimals: 2)) µg/m³ per year), so this pace never reaches the target"
            return target
        }
        let crossing = (level - intercept) / slope - (series == .monthly ? 5.5 / 12 : 0)
        guard crossing.isFinite, crossing < 10_000 else {
            target.note = "at this pace the target is not reached before the year 10000"
            return target
        }
        target.year = Int(crossing.rounded(.up))
        if target.baselineProvisional {
            target.note = "the baseline \(target.baselineYear) is itself incomplete under \(profile.name): its figure is provisional"
        }
        return target
    }
}
