/// A year's valid days counted by the AQI category of their daily means, on one scale.
///
/// Each day's index is the scale's index of the day's mean concentration as stored, unrounded
/// (``AQIScale/index(_:)`` does the scale's own truncation and rounding). Bulletins that round a
/// daily concentration to whole µg/m³ before indexing it can put a day just above a breakpoint
/// (35.4 µg/m³ under HJ 633) one category lower than this count does.
///
/// Feed it valid days only: an invalid day has no daily mean by the profile's rules, and counts
/// nowhere, neither in a category nor in ``total``.
public struct AQIDayCounts: Sendable, Equatable {
    /// The scale whose categories are counted.
    public let scale: AQIScale
    /// Days per category, in the order of ``AQIScale/categories``.
    public private(set) var days: [Int]

    /// No days yet.
    public init(scale: AQIScale) {
        self.scale = scale
        days = Array(repeating: 0, count: scale.categories.count)
    }

    /// The counts of these daily means.
    public init(scale: AQIScale, dailyMeans: some Sequence<Double>) {
        self.init(scale: scale)
        for mean in dailyMeans { add(dailyMean: mean) }
    }

    /// Counts one day. A mean the scale cannot index (negative or not finite) is left out.
    public mutating func add(dailyMean: Double) {
        guard let index = scale.index(dailyMean) else { return }
        let category = scale.categories.firstIndex { index <= $0.upper } ?? scale.categories.count - 1
        days[category] += 1
    }

    /// Days counted, over all categories.
    public var total: Int { days.reduce(0, +) }

    /// Days in the category of this name (as ``AQIScale/category(_:)`` returns it); 0 for an unknown name.
    public func days(in category: String) -> Int {
        scale.categories.firstIndex { $0.name == category }.map { days[$0] } ?? 0
    }

    /// Days in the categories whose upper index is at most `index`. `index` should be a category's
    /// upper bound (100: HJ 633's excellent or good, the 优良天数).
    public func days(atMost index: Int) -> Int {
        zip(scale.categories, days).filter { $0.0.upper <= index }.reduce(0) { $0 + $1.1 }
    }

    /// ``days(atMost:)`` as a percentage of ``total``; nil without any day.
    public func percent(atMost index: Int) -> Double? {
        total == 0 ? nil : 100 * Double(days(atMost: index)) / Double(total)
    }
}
