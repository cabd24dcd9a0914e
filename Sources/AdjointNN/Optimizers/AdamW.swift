/// AdamW as `torch.optim.AdamW`: Adam's step with the weight decay decoupled from the
/// gradient, `w = (1 - lr * wd) * w` before it, so the decay follows the learning rate and
/// stays out of the moments.
///
/// ```swift
/// let opt = AdamW(model.weightDecayGroups(0.01), learningRate: 3e-4)
/// ```
public final class AdamW<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The first moment's decay, `b1`; it may change between steps (`OneCycleLR` cycles it).
    public var beta1: Scalar
    /// The second moment's decay, `b2`.
    public let beta2: Scalar
    /// Added to the second moment's corrected square root to guard the division.
    public let epsilon: Scalar

    /// AdamW over parameter groups with PyTorch's arguments and defaults; a group's settings
    /// left out are `learningRate` and `weightDecay`.
    ///
    /// ```swift
    /// let opt = AdamW([ParameterGroup(model.parameters, learningRate: 1e-4)], learningRate: 1e-3, weightDecay: 0.1)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 1e-2) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// AdamW over `parameters` in one group.
    ///
    /// ```swift
    /// let opt = AdamW(model.parameters, learningRate: 1e-3, weightDecay: 0.05)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-3, beta1: Scalar = 0.9,
                            beta2: Scalar = 0.999, epsilon: Scalar = 1e-8, weightDecay: Scalar = 1e-2) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                  weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["m", "v"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        // PyTorch takes the factor in double from its float settings.
        let kept = Scalar(1 - Double(step.learningRate) * Double(step.weightDecay))
        weight.update(gradient: gradient, state: &state,
                      AdamRule(learningRate: step.learningRate, stepCount: stepCount, beta1: beta1, beta2: beta2, epsilon: epsilon,
                               coupledDecay: 0, kept: kept, decoupledDecay: decoupledDecay))
    }
}
