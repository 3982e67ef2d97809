import AirtrendDomain

/// Rules that judge an hour by its neighbours: spikes and flat lines.
///
/// They take the stored series around the hours just written, so a value that arrives late
/// is judged with the same context as one that arrived on time. Only the offending hours are
/// reported; their neighbours stay.
public enum SeriesRules {
    /// A spike: more than `factor` times the median of the present neighbours within ±3 hours,
    /// and above `floor` µg/m³ (so clean-air noise never counts). Needs two neighbours.
    public struct Spike: Sendable, Equatable {
        public var factor: Double
        public var floor: Double
        public init(factor: Double = 4, floor: Double = 100) {
            self.factor = factor
            self.floor = floor
        }
    }

    /// A finding: the hour, its value and why.
    public struct Finding: Sendable, Equatable {
        public var hour: UTCHour
        public var value: Double
        public var reason: QuarantineReason
        public var detail: String
    }

    /// Spikes among `candidates` in a series sorted by hour.
    public static func spikes(in series: [(hour: UTCHour, value: Double)], candidates: ClosedRange<Int>, rule: Spike) -> [Finding] {
        var byHour: [Int: Double] = [:]
        for (hour, value) in series { byHour[hour.value] = value }
        var findings: [Finding] = []
        for (hour, value) in series where candidates.contains(hour.value) && value > rule.floor {
            let neighbours = (1...3).flatMap { [byHour[hour.value - $0], byHour[hour.value + $0]] }.compactMap { $0 }.sorted()
            guard neighbours.count >= 2 else { continue }
            let mid = neighbours.count / 2
            let median = neighbours.count % 2 == 1 ? neighbours[mid] : (neighbours[mid - 1] + neighbours[mid]) / 2
            if value > rule.factor * median {
                findings.append(Finding(hour: hour, value: value, reason: .spike,
                                        detail: "value \(value) is more than \(rule.factor) × the median \(median) of its ±3-hour neighbours"))
            }
        }
        return findings
    }

    /// Runs of at least `minimumHours` consecutive hours with the same non-zero value that touch `candidates`.
    public static func flatLines(in series: [(hour: UTCHour, value: Double)], candidates: ClosedRange<Int>, minimumHours: Int) -> [Finding] {
        var findings: [Finding] = []
        var start = 0
        while start < series.count {
            var end = start
            while end + 1 < series.count, series[end + 1].hour.value == series[end].hour.value + 1, series[end + 1].value == series[start].value {
                end += 1
            }
            let length = end - start + 1
            let touches = series[start].hour.value <= candidates.upperBound && series[end].hour.value >= candidates.lowerBound
            if series[start].value != 0, length >= minimumHours, touches {
                for index in start...end {
                    findings.append(Finding(hour: series[index].hour, value: series[index].value, reason: .flatLine,
                                            detail: "the same value \(series[start].value) for \(length) hours in a row from \(series[start].hour)"))
                }
            }
            start = end + 1
        }
        return findings
    }
}
