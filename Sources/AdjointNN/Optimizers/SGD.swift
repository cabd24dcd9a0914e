/// Stochastic gradient descent as `torch.optim.SGD`: with weight decay `wd` the gradient is
/// `g = dw + wd * w` (coupled: an L2 penalty `wd/2 * sum(w^2)`); with momentum `mu` a buffer
/// `b = mu * b + (1 - dampening) * g` (just `g` on the first step) is followed, or Nesterov's
/// `g + mu * b`: `w -= lr * b`. Without momentum, `w -= lr * g`.
///
/// `Momentum` is the course's form `v = mu v - lr dw; w += v`, the same only while the rate is
/// constant; `decoupledDecay` adds the course's `w -= decoupledDecay * w`.
///
/// ```swift
/// let opt = SGD(model.parameters, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4)
/// ```
public final class SGD<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The momentum factor `mu` (0 for none: then SGD keeps no state). It may change between
    /// steps (`OneCycleLR` cycles it), but not to or from 0 once a buffer is kept.
    public var momentum: Scalar {
        didSet {
            check(!nesterov || momentum > 0, "SGD.momentum: Nesterov momentum needs momentum > 0, got \(momentum)")
            checkMomentumBuffer(from: oldValue, to: momentum)
        }
    }
    /// How much of each gradient the buffer leaves out after the first step.
    public let dampening: Scalar
    /// Whether the step is Nesterov's `g + mu * b` instead of `b`.
    public let nesterov: Bool

    /// SGD over parameter groups, with PyTorch's arguments; a group's settings left out are
    /// `learningRate` and `weightDecay`. Nesterov's form needs momentum and no dampening.
    ///
    /// ```swift
    /// let opt = SGD(model.weightDecayGroups(5e-4), learningRate: 0.1, momentum: 0.9, nesterov: true)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar, momentum: Scalar = 0, dampening: Scalar = 0,
                nesterov: Bool = false, weightDecay: Scalar = 0) {
        check(!nesterov || (momentum > 0 && dampening == 0),
              "SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum \(momentum), dampening \(dampening)")
        (self.momentum, self.dampening, self.nesterov) = (momentum, dampening, nesterov)
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// SGD over `parameters` in one group, with PyTorch's arguments.
    ///
    /// ```swift
    /// let opt = SGD(model.parameters, learningRate: 1e-2, weightDecay: 1e-4)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar, momentum: Scalar = 0, dampening: Scalar = 0,
                            nesterov: Bool = false, weightDecay: Scalar = 0) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, momentum: momentum, dampening: dampening,
                  nesterov: nesterov, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { momentum == 0 ? [] : ["momentum_buffer"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        let (lr, wd, dd) = (SIMD8(repeating: step.learningRate), SIMD8(repeating: step.weightDecay), SIMD8(repeating: decoupledDecay))
        guard momentum != 0 else { return weight.update(gradient: gradient, state: &state, Rule(lr: lr, wd: wd, dd: dd)) }
        // PyTorch's buffer starts as the first gradient: from zero, `mu * 0 + 1 * g` is that.
        let kept = step.isFirstUpdate ? 1 : 1 - dampening
        weight.update(gradient: gradient, state: &state,
                      MomentumRule(lr: lr, wd: wd, dd: dd, mu: SIMD8(repeating: momentum), kept: SIMD8(repeating: kept), nesterov: nesterov))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, dd: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let g = v.gradient + wd * v.weight
            v.weight = v.weight - lr * g - dd * v.weight
        }
    }

    struct MomentumRule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, dd: SIMD8<Scalar>, mu: SIMD8<Scalar>, kept: SIMD8<Scalar>
        let nesterov: Bool
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let g = v.gradient + wd * v.weight
            v.state0 = mu * v.state0 + kept * g
            let direction = nesterov ? g + mu * v.state0 : v.state0
            v.weight = v.weight - lr * direction - dd * v.weight
        }
    }
}
