/// A piecewise-linear air quality index for PM2.5: concentration breakpoints mapped to index values.
///
/// `IAQI = (I_hi − I_lo) / (C_hi − C_lo) · (C − C_lo) + I_lo` within the bracketing segment
/// (HJ 633-2012 §5, EPA-454/B-24-002). How the concentration is prepared (truncation) and the
/// index rounded differs by scale, so each scale says so.
public struct AQIScale: Sendable, Equatable {
    /// One linear piece: concentrations `low...high` (µg/m³) map to indices `indexLow...indexHigh`.
    public struct Segment: Sendable, Equatable {
        public var low: Double, high: Double, indexLow: Int, indexHigh: Int
    }

    public enum Rounding: Sendable, Equatable {
        /// Round the index up to an integer (HJ 633 implementations).
        case up
        /// Round to the nearest integer (EPA).
        case nearest
    }

    public let name: String
    public let segments: [Segment]
    /// Concentrations are truncated to this many decimals first (EPA: 1 for PM2.5); nil for none.
    public let truncateDecimals: Int?
    public let rounding: Rounding
    /// Category names by the upper index of each band, ascending.
    public let categories: [(upper: Int, name: String)]

    public static func == (lhs: AQIScale, rhs: AQIScale) -> Bool { lhs.name == rhs.name }

    /// The index of a concentration, capped at the top of the scale; nil for a negative or non-finite value.
    public func index(_ concentration: Double) -> Int? {
        guard concentration.isFinite, concentration >= 0 else { return nil }
        // A computed mean carries binary noise (24 hours of 9.1 average to 9.099999999999996); snapped
        // to 1e-9 µg/m³, truncation and the breakpoint comparisons see the decimal value it stands for.
        var c = (concentration * 1e9).rounded() / 1e9
        if let decimals = truncateDecimals {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            c = (c * scale).rounded(.towardZero) / scale
        }
        guard let top = segments.last else { return nil }
        if c > top.high { return top.indexHigh }
        // The first segment whose upper breakpoint reaches the value; EPA's gaps (9.0 → 9.1) are closed by truncation.
        guard let segment = segments.first(where: { c <= $0.high }) else { return top.indexHigh }
        let low = max(segment.low, 0)
        let raw = Double(segment.indexHigh - segment.indexLow) / (segment.high - low) * (c - low) + Double(segment.indexLow)
        switch rounding {
        // The interpolation itself adds noise (32.2 µg/m³ gives 46.00000000000001): never round that up.
        case .up: return Int((raw - 1e-9).rounded(.up))
        case .nearest: return Int(raw.rounded(.toNearestOrAwayFromZero))
        }
    }

    /// The category of an index.
    public func category(_ index: Int) -> String {
        categories.first { index <= $0.upper }?.name ?? categories.last?.name ?? ""
    }

    /// China HJ 633-2012, 24-hour PM2.5 IAQI, with its six categories (优 … 严重污染).
    public static let hj633_2012 = AQIScale(
        name: "hj633-2012",
        segments: [
            .init(low: 0, high: 35, indexLow: 0, indexHigh: 50), .init(low: 35, high: 75, indexLow: 50, indexHigh: 100),
            .init(low: 75, high: 115, indexLow: 100, indexHigh: 150), .init(low: 115, high: 150, indexLow: 150, indexHigh: 200),
            .init(low: 150, high: 250, indexLow: 200, indexHigh: 300), .init(low: 250, high: 350, indexLow: 300, indexHigh: 400),
            .init(low: 350, high: 500, indexLow: 400, indexHigh: 500),
        ],
        truncateDecimals: nil, rounding: .up,
        categories: [(50, "excellent"), (100, "good"), (150, "lightly polluted"), (200, "moderately polluted"),
                     (300, "heavily polluted"), (Int.max, "severely polluted")]
    )

    /// US EPA AQI for PM2.5 with the 2024 breakpoints (in force from 2024-05-06): truncate to 0.1 µg/m³, round the index.
    /// Above 325.4 µg/m³ the index is capped at 500 ("beyond the AQI" in the fact sheet reading).
    public static let epa2024 = AQIScale(
        name: "epa-2024",
        segments: [
            .init(low: 0, high: 9.0, indexLow: 0, indexHigh: 50), .init(low: 9.1, high: 35.4, indexLow: 51, indexHigh: 100),
            .init(low: 35.5, high: 55.4, indexLow: 101, indexHigh: 150), .init(low: 55.5, high: 125.4, indexLow: 151, indexHigh: 200),
            .init(low: 125.5, high: 225.4, indexLow: 201, indexHigh: 300), .init(low: 225.5, high: 325.4, indexLow: 301, indexHigh: 500),
        ],
        truncateDecimals: 1, rounding: .nearest,
        categories: [(50, "good"), (100, "moderate"), (150, "unhealthy for sensitive groups"), (200, "unhealthy"),
                     (300, "very unhealthy"), (Int.max, "hazardous")]
    )

    /// US EPA AQI for PM2.5 before 2024-05-06 (needed to read, e.g., WAQI's historical sub-indices).
    public static let epa2012 = AQIScale(
        name: "epa-2012",
        segments: [
            .init(low: 0, high: 12.0, indexLow: 0, indexHigh: 50), .init(low: 12.1, high: 35.4, indexLow: 51, indexHigh: 100),
            .init(low: 35.5, high: 55.4, indexLow: 101, indexHigh: 150), .init(low: 55.5, high: 150.4, indexLow: 151, indexHigh: 200),
            .init(low: 150.5, high: 250.4, indexLow: 201, indexHigh: 300), .init(low: 250.5, high: 350.4, indexLow: 301, indexHigh: 400),
            .init(low: 350.5, high: 500.4, indexLow: 401, indexHigh: 500),
        ],
        truncateDecimals: 1, rounding: .nearest,
        categories: [(50, "good"), (100, "moderate"), (150, "unhealthy for sensitive groups"), (200, "unhealthy"),
                     (300, "very unhealthy"), (Int.max, "hazardous")]
    )
}
