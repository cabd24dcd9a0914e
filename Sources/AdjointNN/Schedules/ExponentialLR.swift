/// Multiplies the rate by `gamma` every step (PyTorch's `ExponentialLR`).
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = ExponentialLR(optimizer: opt, gamma: 0.95)
/// ```
public final class ExponentialLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The factor of every step.
    public let gamma: Double

    /// A schedule of `optimizer` decaying by `gamma` every step.
    public init(optimizer: Optimizer<Scalar>, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    override public func rates(current: [Double]) -> [Double] { current.map { $0 * gamma } }
}
