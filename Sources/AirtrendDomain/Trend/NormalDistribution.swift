#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution: CDF, upper tail and quantile, as the trend tests need them.
///
/// The CDF and the upper tail come from libm's `erfc`, so a tail keeps its relative accuracy:
/// a two-sided p of 1e-12 is `2 · upperTail(|z|)`, where `2 · (1 − cdf(|z|))` would keep only
/// about four digits. The quantile is Wichura's AS 241 (PPND16, 1988), relative error about
/// 1e-16 over (0, 1).
public enum NormalDistribution {
    /// Φ(x), the probability of a value at or below `x`.
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// 1 − Φ(x), computed without cancelling for large `x`.
    public static func upperTail(_ x: Double) -> Double {
        0.5 * erfc(x / 2.0.squareRoot())
    }

    /// Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(central.numerator, r) / polynomial(central.denominator, r)
        }
        var r = (q < 0 ? p : 1 - p)
        r = (-log(r)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = polynomial(intermediate.numerator, r) / polynomial(intermediate.denominator, r)
        } else {
            r -= 5
            value = polynomial(tail.numerator, r) / polynomial(tail.denominator, r)
        }
        return q < 0 ? -value : value
    }

    /// Σ coefficients[i]·x^i by Horner's rule.
    private static func polynomial(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    // AS 241's three rational approximations, lowest power first: |p − 0.5| ≤ 0.425, then
    // r = √(−log(min(p, 1 − p))) up to 5, and beyond (p below about 1e-11).
    private static let central = (
        numerator: [3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
                    4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3],
        denominator: [1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
                      2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3]
    )
    private static let intermediate = (
        numerator: [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
                    1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4],
        denominator: [1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                      1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9]
    )
    private static let tail = (
        numerator: [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
                    2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7],
        denominator: [1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                      7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15]
    )
}
