// How far one gradient is from another, with the rounding noise the comparison cannot
// resolve taken off.

/// How far a hand-written or tape gradient is from the numerical one, or from each other.
///
/// `relativeError` is the SPEC's `max |a - n| / max(1e-8, |a| + |n|)`. On its own it is
/// noise-limited: the centred difference divides the loss's rounding error (about one ulp of
/// the loss) by `2h`, which leaves an absolute error of about 1e-11 in every numerical entry.
/// A gradient entry of size 1e-6 (common in the SPEC's nets: weight scale 5e-2, batch of 2)
/// therefore shows a relative error near 1e-5 whatever the backward does, and which entries
/// are that small depends on the random draw. `beyondNoise` is the same maximum after first
/// taking off `noise` from each `|a - n|`. Against a numerical gradient that is
/// `noise(magnitude:h:)`, `16 * eps * max(1, magnitude) / h`: a bound on that rounding error
/// (7e-10 at h = 1e-5 for a loss of order 1), `magnitude` being the size of the loss, with
/// room for the amplification of rounding inside the network (batchnorm divides by small
/// deviations). Checks pass or fail on `beyondNoise` and print both.
///
/// ```swift
/// let numerical = numericalGradient(of: { Reference.svmLoss($0, y).loss }, at: x)
/// let comparison = GradientComparison(Reference.svmLoss(x, y).dx, numerical, magnitude: Reference.svmLoss(x, y).loss)
/// print(comparison.relativeError, comparison.beyondNoise)
/// ```
public struct GradientComparison: Sendable, Equatable {
    /// The largest `|a - n| / max(1e-8, |a| + |n|)` over the entries, noise included.
    ///
    /// ```swift
    /// let c = GradientComparison(analytic, numerical, magnitude: abs(loss))
    /// print(c.relativeError)   // may be near 1e-5 for tiny entries whatever the backward does
    /// ```
    public let relativeError: Double
    /// The same maximum after taking `noise` off each `|a - n|`; checks pass or fail on this one.
    ///
    /// ```swift
    /// let passed = GradientComparison(analytic, numerical, magnitude: abs(loss)).beyondNoise < 1e-7
    /// ```
    public let beyondNoise: Double
    /// The absolute difference taken off each entry before `beyondNoise` is computed.
    public let noise: Double

    /// Compares entry by entry, taking `noise` off every difference; `a` and `b` hold the
    /// same entries in the same order.
    ///
    /// ```swift
    /// let c = GradientComparison([1, 2, 3], [1, 2, 3.001], noise: 0)   // c.relativeError about 1.7e-4
    /// ```
    public init(_ a: [Double], _ b: [Double], noise: Double) {
        check(a.count == b.count, "GradientComparison: \(a.count) entries against \(b.count)")
        self.noise = noise
        var (raw, worst) = (0.0, 0.0)
        for (x, y) in zip(a, b) {
            let scale = max(1e-8, abs(x) + abs(y))
            raw = max(raw, abs(x - y) / scale)
            worst = max(worst, max(0, abs(x - y) - noise) / scale)
        }
        (relativeError, beyondNoise) = (raw, worst)
    }

    /// Compares an analytic gradient with the numerical one of a loss of size `magnitude`,
    /// taken with step `h`.
    ///
    /// ```swift
    /// let c = GradientComparison(entries.map { dx.scalars[$0] }, entries.map { numerical.scalars[$0] }, magnitude: abs(loss), h: 1e-5)
    /// ```
    public init(_ analytic: [Double], _ numerical: [Double], magnitude: Double, h: Double = 1e-5) {
        self.init(analytic, numerical, noise: Self.noise(magnitude: magnitude, h: h))
    }

    /// Compares two gradients of the same shape.
    ///
    /// ```swift
    /// let numerical = numericalGradient(of: { Reference.svmLoss($0, y).loss }, at: x)
    /// let c = GradientComparison(Reference.svmLoss(x, y).dx, numerical, magnitude: Reference.svmLoss(x, y).loss)
    /// ```
    public init(_ analytic: Tensor<Double>, _ numerical: Tensor<Double>, magnitude: Double, h: Double = 1e-5) {
        check(analytic.shape == numerical.shape,
              "GradientComparison: shapes \(describe(analytic.shape)) and \(describe(numerical.shape)) differ")
        self.init(analytic.scalars, numerical.scalars, magnitude: magnitude, h: h)
    }

    /// The bound on the rounding noise of a centred difference with step `h` on a loss of
    /// size `magnitude`.
    ///
    /// ```swift
    /// GradientComparison.noise(magnitude: 1, h: 1e-5)   // 16 * eps / 1e-5, about 3.6e-10
    /// ```
    public static func noise(magnitude: Double, h: Double) -> Double {
        16 * Double.ulpOfOne * max(magnitude, 1) / h
    }
}
