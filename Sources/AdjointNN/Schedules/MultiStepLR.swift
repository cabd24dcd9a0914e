/// Multiplies the rate by `gamma` at each milestone step, by `gamma^k` at a milestone listed
/// `k` times (PyTorch's `MultiStepLR`).
///
/// ```swift
/// let opt = SGD([Variable(Tensor<Double>.zeros([1]))], learningRate: 0.1)
/// let schedule = MultiStepLR(optimizer: opt, milestones: [30, 80], gamma: 0.1)
/// ```
public final class MultiStepLR<Scalar: TensorScalar>: LearningRateScheduler<Scalar> {
    /// The steps after which the rate decays.
    public let milestones: [Int]
    /// The factor of each decay.
    public let gamma: Double

    /// A schedule of `optimizer` decaying by `gamma` at each of `milestones`.
    public init(optimizer: Optimizer<Scalar>, milestones: [Int], gamma: Double = 0.1) {
        (self.milestones, self.gamma) = (milestones, gamma)
        super.init(optimizer: optimizer)
    }

    override public func rates(current: [Double]) -> [Double] {
        let count = milestones.count { $0 == stepCount }
        return count == 0 ? current : current.map { $0 * power(gamma, Double(count)) }
    }
}
