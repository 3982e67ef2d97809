/// The charts `airtrend chart` draws.
public enum ChartKind: String, Sendable, CaseIterable {
    /// A bar per year with its annual mean, the baseline, the target and the Theil–Sen trend.
    case annual
    /// Monthly means as a line with gaps at invalid months, and the seasonal Sen trend.
    case monthly
    /// One year of daily means as small month calendars, coloured by AQI category.
    case calendar
    /// The 24-hour mean and the NowCast over a date range, on the AQI category bands.
    case rolling
}
