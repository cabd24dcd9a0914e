import Foundation

/// A readable axis: round bounds and ticks spaced 1, 2 or 5 times a power of ten.
///
/// ```swift
/// let scale = AxisScale(covering: 0.07...2.31)
/// scale.ticks                  // [0, 0.5, 1, 1.5, 2, 2.5]
/// scale.label(scale.ticks[1])  // "0.5"
/// ```
struct AxisScale {
    let lower: Double
    let upper: Double
    let step: Double

    /// A scale covering `range` with about `targetTicks` ticks. `integerSteps` keeps ticks on
    /// whole numbers (epochs, iterations), where a tick at 2.5 would mean nothing.
    init(covering range: ClosedRange<Double>, targetTicks: Int = 6, integerSteps: Bool = false) {
        var low = range.lowerBound, high = range.upperBound
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if high - low < 1e-12 * Swift.max(1, Swift.abs(low)) {
            // A flat series still needs a visible band around its value.
            let pad = low == 0 ? 1 : Swift.abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        var step = AxisScale.niceStep((high - low) / Double(Swift.max(1, targetTicks - 1)))
        if integerSteps { step = Swift.max(step, 1) }
        self.step = step
        self.lower = (low / step).rounded(.down) * step
        self.upper = (high / step).rounded(.up) * step
    }

    /// 1, 2 or 5 times the power of ten at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<count).map { lower + Double($0) * step }
    }

    /// `value` mapped linearly from `lower...upper` onto `start...end` (pixels; `end` may be
    /// smaller, as on a y axis that grows upwards).
    func position(of value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// A tick label with as many decimals as the step needs; thousands as "k" once labels
    /// reach five digits (iteration counts), and a true minus sign.
    func label(_ value: Double) -> String {
        let useThousands = Swift.max(Swift.abs(lower), Swift.abs(upper)) >= 10_000 && step >= 1000
        let unit = useThousands ? 1000.0 : 1
        let decimals = Swift.max(0, -Int((log10(step / unit) + 1e-9).rounded(.down)))
        var text = String(format: "%.\(decimals)f", value / unit)
        if text.hasPrefix("-") {
            text.removeFirst()
            // Rounding can leave "-0" or "-0.0" at the origin.
            if !text.allSatisfy({ $0 == "0" || $0 == "." }) { text = "\u{2212}" + text }
        }
        return text + (useThousands && value != 0 ? "k" : "")
    }
}
