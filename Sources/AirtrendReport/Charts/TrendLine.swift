/// A fitted straight-line trend and its confidence band, as plain numbers a chart can draw.
///
/// What a caller must know:
/// - `x` is in years (fractional for months: the middle of March 2015 is 2015 + 2.5/12), and the
///   line is `y = intercept + slope · x`, as a Theil–Sen fit states it (intercept = median(y − slope·x)).
/// - The band is the area between the lines of slope ``slopeLower`` and ``slopeUpper`` that cross
///   the fitted line at ``pivot`` (the median x of the fitted points). A Theil–Sen interval bounds
///   the slope only; pivoting at the middle of the data, where the fit is best determined, gives
///   the familiar bow-tie band rather than one that pivots at year 0.
/// - Nil bounds draw the line without a band (the seasonal Sen slope has no interval).
public struct TrendLine: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    public var slopeLower: Double?
    public var slopeUpper: Double?
    /// The x range the line is drawn over (the fitted points' first and last x).
    public var from: Double
    public var to: Double
    public var pivot: Double
    /// What the legend says, e.g. `Theil–Sen trend −7.1 µg/m³ per year (95 % CI −9.5 to −4.2)`.
    public var label: String

    public init(slope: Double, intercept: Double, slopeLower: Double? = nil, slopeUpper: Double? = nil,
                from: Double, to: Double, pivot: Double? = nil, label: String) {
        self.slope = slope
        self.intercept = intercept
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
        self.from = from
        self.to = to
        self.pivot = pivot ?? (from + to) / 2
        self.label = label
    }

    /// The fitted value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }

    /// The band's lower and upper edge at `x`, or nil without bounds.
    public func band(at x: Double) -> (lower: Double, upper: Double)? {
        guard let slopeLower, let slopeUpper else { return nil }
        let centre = value(at: pivot)
        let a = centre + slopeLower * (x - pivot), b = centre + slopeUpper * (x - pivot)
        return (min(a, b), max(a, b))
    }
}
