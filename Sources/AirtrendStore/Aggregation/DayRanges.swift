/// Day numbers grouped into ranges, so aggregates are rebuilt one query per run of days.
enum DayRanges {
    /// Consecutive days grouped into closed ranges, from day numbers in any order (repeats allowed).
    static func runs(of days: [Int]) -> [ClosedRange<Int>] {
        merged(days.map { $0...$0 })
    }

    /// Overlapping or touching ranges joined, in order.
    static func merged(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
