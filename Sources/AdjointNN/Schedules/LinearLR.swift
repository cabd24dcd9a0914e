/// A linear ramp of the rate's factor from `startFactor` to `endFactor` over `totalIters`
/// steps, then the end factor (PyTorch's `LinearLR`): a warm-up, or a linear decay.
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let warmUp = LinearLR(optimizer: opt, startFactor: 0.01, totalIters: 500)   // 0.001 up to 0.1
/// ```
public final class LinearLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The factor of the base rate at the start, in (0, 1].
    public let startFactor: Double
    /// The factor of the base rate from `totalIters` on, in [0, 1].
    public let endFactor: Double
    /// The steps of the ramp.
    public let totalIters: Int

    /// A ramp of `optimizer`'s rate from `startFactor` to `endFactor` times it over `totalIters` steps.
    public init(optimizer: Optimizer<Scalar>, startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalIters: Int = 5) {
        check(startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1 && totalIters > 0,
              "LinearLR: start factor \(startFactor) must be in (0, 1], end factor \(endFactor) in [0, 1], total iterations \(totalIters) positive")
        (self.startFactor, self.endFactor, self.totalIters) = (startFactor, endFactor, totalIters)
        super.init(optimizer: optimizer)
    }

    override public func startingRates(current: [Double]) -> [Double] { current.map { $0 * startFactor } }

    override public func rates(current: [Double]) -> [Double] {
        guard stepCount <= totalIters else { return current }
        let slope = endFactor - startFactor
        let factor = 1.0 + slope / (Double(totalIters) * startFactor + Double(stepCount - 1) * slope)
        return current.map { $0 * factor }
    }
}
