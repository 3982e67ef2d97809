/// Mann–Kendall's S of one series in time order, with its variance under the null hypothesis.
///
/// S = Σ_{i<j} sign(y_j − y_i). Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, the sum over
/// groups of t equal values (Kendall 1975). The numerator is summed in integers and divided
/// once, so the variance is the nearest double to the exact fraction.
struct KendallScore: Sendable, Equatable {
    var s: Int
    var varianceS: Double
    var n: Int
    /// n(n−1)/2, the number of pairs: the denominator of Kendall's tau as Mann–Kendall reports it.
    var pairs: Int { n * (n - 1) / 2 }

    init(_ values: [Double]) {
        var s = 0
        for i in values.indices {
            for j in values.index(after: i)..<values.endIndex {
                if values[j] > values[i] { s += 1 } else if values[j] < values[i] { s -= 1 }
            }
        }
        self.s = s
        n = values.count
        varianceS = Double(Self.varianceTerm(n) - Self.tieTerm(values)) / 18
    }

    /// n(n−1)(2n+5), the untied part of 18·Var(S).
    static func varianceTerm(_ n: Int) -> Int { n * (n - 1) * (2 * n + 5) }

    /// Σ t(t−1)(2t+5) over the groups of t equal values (0 without ties).
    static func tieTerm(_ values: [Double]) -> Int {
        let sorted = values.sorted()
        var total = 0
        var start = sorted.startIndex
        while start < sorted.endIndex {
            var end = start + 1
            while end < sorted.endIndex && sorted[end] == sorted[start] { end += 1 }
            let t = end - start
            total += t * (t - 1) * (2 * t + 5)
            start = end
        }
        return total
    }

    /// Z with the continuity correction: (S − 1)/σ above 0, (S + 1)/σ below, 0 at S = 0.
    static func z(s: Int, varianceS: Double) -> Double {
        if s == 0 { return 0 }
        return Double(s > 0 ? s - 1 : s + 1) / varianceS.squareRoot()
    }

    /// The two-sided p of Z under the normal approximation, 2·(1 − Φ(|Z|)).
    static func twoSidedP(_ z: Double) -> Double {
        2 * NormalDistribution.upperTail(abs(z))
    }
}

/// The median of ascending values, the mean of the middle two for an even count (nil when empty).
func sortedMedian(_ sorted: [Double]) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
