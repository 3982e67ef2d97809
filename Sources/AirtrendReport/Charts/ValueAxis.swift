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

    /// An axis reaching at least `value`, with about `targetTicks` steps.
    public init(upTo value: Double, targetTicks: Int = 5) {
        let top = value.isFinite && value > 0 ? value : 1
        let raw = top / Double(max(targetTicks, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        step = factor * magnitude
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
