import AirtrendDomain

/// Which AQI categories colour a chart: China's HJ 633-2012 (the default) or the US EPA AQI.
public enum CategoryScale: String, Sendable, CaseIterable {
    case hj633, epa

    /// The index that rates a daily (or rolling) mean.
    public var aqi: AQIScale {
        switch self {
        case .hj633: .hj633_2012
        case .epa: .epa2024
        }
    }

    /// One official colour per category, in the order of ``AQIScale/categories``.
    public var colors: [String] {
        switch self {
        case .hj633: ChartPalette.hj633
        case .epa: ChartPalette.epa
        }
    }

    /// What a legend calls the scale.
    public var title: String {
        switch self {
        case .hj633: "HJ 633-2012 category"
        case .epa: "US EPA AQI category (2024 breakpoints)"
        }
    }

    /// The category names in the scale's own wording (HJ 633 in Chinese), for tooltips.
    public var nativeNames: [String] {
        switch self {
        case .hj633: ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]
        case .epa: ["Good", "Moderate", "Unhealthy for Sensitive Groups", "Unhealthy", "Very Unhealthy", "Hazardous"]
        }
    }

    /// The upper concentration of each category but the last (µg/m³, 24-hour PM2.5): the band edges.
    public var upperConcentrations: [Double] {
        aqi.segments.reduce(into: [Double]()) { edges, segment in
            if aqi.categories.contains(where: { $0.upper == segment.indexHigh }) && edges.count < aqi.categories.count - 1 {
                edges.append(segment.high)
            }
        }
    }

    /// Short legend labels with the concentration range, e.g. `good 35–75`.
    public var rangeLabels: [String] {
        let edges = upperConcentrations
        return aqi.categories.enumerated().map { index, category in
            let low = index == 0 ? "0" : Markup.coordinate(edges[index - 1])
            let range = index < edges.count ? "\(low)–\(Markup.coordinate(edges[index]))" : "> \(low)"
            return "\(category.name) \(range)"
        }
    }

    /// The category position (0 = cleanest) and name of a concentration, or nil for one the scale cannot rate.
    public func category(of concentration: Double) -> (position: Int, name: String)? {
        guard let index = aqi.index(concentration) else { return nil }
        let position = aqi.categories.firstIndex { index <= $0.upper } ?? aqi.categories.count - 1
        return (position, aqi.categories[position].name)
    }
}
