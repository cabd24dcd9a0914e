/// Adagrad as `torch.optim.Adagrad`: `c += g^2; w -= clr * g / (sqrt(c) + eps)` with
/// `g = dw + wd * w` (coupled weight decay) and `clr = lr / (1 + (t - 1) * lrDecay)` at step
/// `t`: each weight's step shrinks with the gradients it has seen.
///
/// ```swift
/// let opt = Adagrad(model.parameters, learningRate: 1e-2)
/// ```
public final class Adagrad<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Added to the square root of the summed squares to guard the division.
    public let epsilon: Scalar
    /// How fast the rate falls with the step count (PyTorch's `lr_decay`).
    public let learningRateDecay: Scalar
    /// Where each summed square starts (PyTorch's `initial_accumulator_value`).
    public let initialAccumulatorValue: Scalar

    /// Adagrad over parameter groups with PyTorch's arguments; a group's settings left out are
    /// `learningRate` and `weightDecay`.
    ///
    /// ```swift
    /// let opt = Adagrad(model.weightDecayGroups(1e-4), learningRate: 0.1, learningRateDecay: 1e-3)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar = 1e-2, learningRateDecay: Scalar = 0,
                weightDecay: Scalar = 0, initialAccumulatorValue: Scalar = 0, epsilon: Scalar = 1e-10) {
        (self.epsilon, self.learningRateDecay, self.initialAccumulatorValue) = (epsilon, learningRateDecay, initialAccumulatorValue)
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// Adagrad over `parameters` in one group, with PyTorch's arguments.
    ///
    /// ```swift
    /// let opt = Adagrad(model.parameters, learningRate: 0.1, epsilon: 1e-10)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-2, learningRateDecay: Scalar = 0,
                            weightDecay: Scalar = 0, initialAccumulatorValue: Scalar = 0, epsilon: Scalar = 1e-10) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, learningRateDecay: learningRateDecay,
                  weightDecay: weightDecay, initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }

    override public var slotNames: [String] { ["sum"] }

    override public func initialState(_ weight: Tensor<Scalar>) -> [Tensor<Scalar>] {
        [Tensor(repeating: initialAccumulatorValue, shape: weight.shape)]
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        let rate = step.learningRate / (1 + Scalar(stepCount - 1) * learningRateDecay)
        weight.update(gradient: gradient, state: &state,
                      Rule(lr: SIMD8(repeating: rate), wd: SIMD8(repeating: step.weightDecay), dd: SIMD8(repeating: decoupledDecay),
                           eps: SIMD8(repeating: epsilon)))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, dd: SIMD8<Scalar>, eps: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let g = v.gradient + wd * v.weight
            v.state0 = v.state0 + g * g
            v.weight = v.weight - lr * g / (squareRoots(v.state0) + eps) - dd * v.weight
        }
    }
}
