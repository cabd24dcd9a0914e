/// Multiplies the rate by `gamma` every `stepSize` steps (PyTorch's `StepLR`).
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = StepLR(optimizer: opt, stepSize: 30, gamma: 0.1)   // 0.1, then 0.01 from step 30
/// ```
public final class StepLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The steps between decays.
    public let stepSize: Int
    /// The factor of each decay.
    public let gamma: Double

    /// A schedule of `optimizer` decaying by `gamma` every `stepSize` steps.
    public init(optimizer: Optimizer<Scalar>, stepSize: Int, gamma: Double = 0.1) {
        check(stepSize > 0, "StepLR: step size must be positive, got \(stepSize)")
        (self.stepSize, self.gamma) = (stepSize, gamma)
        super.init(optimizer: optimizer)
    }

    override public func rates(current: [Double]) -> [Double] {
        stepCount % stepSize == 0 ? current.map { $0 * gamma } : current
    }
}
