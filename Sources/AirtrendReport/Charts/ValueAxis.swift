import AirtrendDomain
import Foundation

/// A value axis from zero up to a round number, with ticks at round steps (1, 2 or 5 × 10ⁿ).
///
/// Concentrations are never negative, and bars must start at zero to be read honestly, so the
/// axis always starts at 0. The top is the first tick at or above the largest value, so the
/// highest mark never leaves the plot.
public struct ValueAxis: Sendable, Equatable {
    public let step: Double
    public let maximum: Double

    /// An axis reaching at least `value`: the finest round step that needs at most `maximumSteps` steps.
    public init(upTo value: Double, maximumSteps: Int = 8) {
        let top = value.isFinite && value > 0 ? value : 1
        var magnitude = pow(10, (log10(top / Double(max(maximumSteps, 1)))).rounded(.down))
        var chosen = 10 * magnitude
        search: while true {
            for factor in [1.0, 2, 5] where (top / (factor * magnitude) - 1e-9).rounded(.up) <= Double(maximumSteps) {
                chosen = factor * magnitude
                break search
            }
            magnitude *= 10
        }
        step = chosen
        // A value a hair above a tick through binary noise must not add a whole empty step.
        maximum = ((top / step) - 1e-9).rounded(.up) * step
    }

    /// Every tick from 0 to ``maximum``.
    public var ticks: [Double] {
        let count = Int((maximum / step).rounded())
        return (0...count).map { Double($0) * step }
    }

    /// A tick's label: whole numbers without decimals, finer steps with as many decimals as the step needs.
    public func label(_ value: Double) -> String {
        let decimals = step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
        return value.formatted(decimals: decimals)
    }

    /// The vertical position of `value` in a plot whose zero is at `bottom` and whose ``maximum`` is at `top`.
    public func y(_ value: Double, top: Double, bottom: Double) -> Double {
        bottom - (min(max(value, 0), maximum) / maximum) * (bottom - top)
    }
}
