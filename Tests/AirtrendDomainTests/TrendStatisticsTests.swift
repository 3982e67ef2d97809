import AirtrendDomain
import Foundation
import Testing

/// `Fixtures/trend/reference.json`, written by `make_reference.py` with SciPy and pymannkendall.
private struct TrendReference: Decodable {
    struct Case: Decodable {
        var name: String
        var kind: String
        var x: [Double]?
        var y: [Double]?
        var series: [Double?]?
        var period: Int?
        var theil_sen: Line?
        var mann_kendall: Test?
        var seasonal_kendall: Test?
        var seasonal_sen: Line?
    }
    struct Line: Decodable {
        var slope: Double
        var intercept: Double
        var slope_lower: Double?
        var slope_upper: Double?
        var n: Int?
        var slopes: Int?
    }
    struct Test: Decodable {
        var s: Int
        var var_s: Double
        var z: Double
        var p: Double
        var p_sf: Double
        var tau: Double
        var n: Int
        var trend: String
    }
    struct Normal: Decodable {
        var cdf: [[Double]]
        var quantile: [[Double]]
    }
    var versions: [String: String]
    var cases: [Case]
    var normal: Normal

    static func load() throws -> TrendReference {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/trend/reference", withExtension: "json"))
        return try JSONDecoder().decode(TrendReference.self, from: Data(contentsOf: url))
    }
}

/// Equal to within `relative` of the larger magnitude (exactly equal when both are 0).
private func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= relative * max(abs(actual), abs(expected))
}

/// A bound the reference gives as null (no interval) must be NaN here.
private func close(_ actual: Double, _ expected: Double?) -> Bool {
    guard let expected else { return actual.isNaN }
    return close(actual, expected)
}

@Suite struct TrendStatisticsTests {
    @Test func theilSenAndMannKendall_matchSciPyAndPymannkendall() throws {
        let reference = try TrendReference.load()
        let cases = reference.cases.filter { $0.kind == "annual" }
        #expect(cases.count >= 8)
        for item in cases {
            let x = try #require(item.x), y = try #require(item.y)
            let line = try #require(item.theil_sen), mk = try #require(item.mann_kendall)
            let fit = try #require(TheilSenFit.fit(x: x, y: y), "\(item.name)")
            #expect(close(fit.slope, line.slope), "\(item.name) slope \(fit.slope) vs \(line.slope)")
            #expect(close(fit.intercept, line.intercept), "\(item.name) intercept \(fit.intercept) vs \(line.intercept)")
            #expect(close(fit.slopeLower, line.slope_lower), "\(item.name) lower \(fit.slopeLower) vs \(String(describing: line.slope_lower))")
            #expect(close(fit.slopeUpper, line.slope_upper), "\(item.name) upper \(fit.slopeUpper) vs \(String(describing: line.slope_upper))")
            #expect(fit.n == line.n)
            let test = try #require(MannKendallTest.test(y), "\(item.name)")
            check(test, against: mk, item.name)
        }
    }

    @Test func seasonalKendallAndSenSlope_matchPymannkendall() throws {
        let reference = try TrendReference.load()
        let cases = reference.cases.filter { $0.kind == "seasonal" }
        #expect(cases.count >= 5)
        for item in cases {
            let series = try #require(item.series), period = try #require(item.period)
            let expected = try #require(item.seasonal_kendall), line = try #require(item.seasonal_sen)
            let test = try #require(SeasonalKendallTest.test(series, period: period), "\(item.name)")
            check(test, against: expected, item.name)
            let sen = try #require(SeasonalSenSlope.fit(series, period: period), "\(item.name)")
            #expect(close(sen.slope, line.slope), "\(item.name) slope \(sen.slope) vs \(line.slope)")
            #expect(close(sen.intercept, line.intercept), "\(item.name) intercept \(sen.intercept) vs \(line.intercept)")
            #expect(close(sen.slopeLower, line.slope_lower), "\(item.name) lower")
            #expect(close(sen.slopeUpper, line.slope_upper), "\(item.name) upper")
            #expect(sen.slopes == line.slopes)
            #expect(sen.n == expected.n)
        }
    }

    private func check(_ test: some KendallTrendTest, against expected: TrendReference.Test, _ name: String) {
        #expect(test.s == expected.s, "\(name) S")
        #expect(close(test.varianceS, expected.var_s), "\(name) Var(S) \(test.varianceS) vs \(expected.var_s)")
        #expect(close(test.z, expected.z), "\(name) Z \(test.z) vs \(expected.z)")
        // p from the upper tail: relative agreement with SciPy's norm.sf, and pymannkendall's own
        // 2·(1 − Φ) is within its cancellation error (about 1e-16 absolute).
        #expect(close(test.p, expected.p_sf), "\(name) p \(test.p) vs \(expected.p_sf)")
        #expect(abs(test.p - expected.p) <= 1e-15, "\(name) p \(test.p) vs pymannkendall \(expected.p)")
        #expect(close(test.tau, expected.tau), "\(name) tau \(test.tau) vs \(expected.tau)")
        #expect(test.n == expected.n, "\(name) n")
        // pymannkendall says "no trend" where airtrend says "no significant trend" (both at p ≥ 0.05).
        #expect(test.trend() == (expected.trend == "no trend" ? "no significant trend" : expected.trend), "\(name) trend")
    }

    @Test func normalDistribution_matchesSciPy() throws {
        let reference = try TrendReference.load()
        for point in reference.normal.cdf {
            #expect(close(NormalDistribution.cdf(point[0]), point[1], relative: 1e-12), "cdf(\(point[0]))")
            #expect(close(NormalDistribution.upperTail(point[0]), point[2], relative: 1e-12), "upperTail(\(point[0]))")
        }
        for point in reference.normal.quantile {
            #expect(close(NormalDistribution.quantile(point[0]), point[1], relative: 1e-13), "quantile(\(point[0]))")
        }
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
    }

    @Test func tooFewPoints_giveNoResult() {
        #expect(TheilSenFit.fit(x: [2015, 2015, 2015], y: [1, 2, 3]) == nil)
        #expect(TheilSenFit.fit(x: [2015], y: [1]) == nil)
        #expect(TheilSenFit.fit(x: [2015, 2016], y: [10, 8])?.slope == -2)
        #expect(MannKendallTest.test([10, 8]) == nil)
        #expect(MannKendallTest.test([10, .nan, 8]) == nil)
        #expect(MannKendallTest.test([10, 9, 8])?.s == -3)
        // Three values, but every month appears once: no within-season pair.
        let oneYear: [Double?] = [50, 40, 30]
        #expect(SeasonalKendallTest.test(oneYear) == nil)
        #expect(SeasonalSenSlope.fit(oneYear) == nil)
        #expect(SeasonalKendallTest.test([50] + Array(repeating: nil, count: 11) + [45]) == nil)
    }

    @Test func smallestP_saysWhenSignificanceIsOutOfReach() throws {
        // S = n(n−1)/2 with no ties: n = 4 cannot reach 0.05, n = 5 can.
        let four = try #require(MannKendallTest.smallestP(n: 4))
        let five = try #require(MannKendallTest.smallestP(n: 5))
        #expect(four > 0.05 && five < 0.05)
        #expect(four == MannKendallTest.test([4, 3, 2, 1])?.p)
        #expect(MannKendallTest.smallestP(n: 2) == nil)
    }
}
