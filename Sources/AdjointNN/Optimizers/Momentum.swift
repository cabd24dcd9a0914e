/// The course's SGD with momentum: `v = mu * v - lr * dw; w += v`. With `nesterov`, the
/// look-ahead form `w += -mu * v_old + (1 + mu) * v`.
///
/// PyTorch's `SGD(momentum:)` follows `b = mu * b + g; w -= lr * b` instead: the two agree
/// while the learning rate is constant and part when it changes (this velocity keeps the old
/// rate's steps). A `weightDecay` is coupled, `dw + wd * w`, as `SGD`'s; `decoupledDecay` is
/// the course's `w -= decoupledDecay * w`.
///
/// ```swift
/// let opt = Momentum(model.parameters, learningRate: 1e-2, momentum: 0.9)
/// ```
public final class Momentum<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The velocity's decay, `mu`; it may change between steps (`OneCycleLR` cycles it).
    public var momentum: Scalar
    /// Whether the update uses Nesterov's look-ahead form.
    public let nesterov: Bool

    /// Momentum `momentum` (often written `mu`), optionally Nesterov's, over parameter groups.
    ///
    /// ```swift
    /// let opt = Momentum(model.weightDecayGroups(1e-4), learningRate: 1e-2)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar, momentum: Scalar = 0.9, nesterov: Bool = false,
                weightDecay: Scalar = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// Momentum `momentum` (often written `mu`), optionally Nesterov's.
    ///
    /// ```swift
    /// let opt = Momentum(model.parameters, learningRate: 1e-2, nesterov: true)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar, momentum: Scalar = 0.9, nesterov: Bool = false,
                            weightDecay: Scalar = 0) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, momentum: momentum, nesterov: nesterov,
                  weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["velocity"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        let rule = Rule(lr: SIMD8(repeating: step.learningRate), wd: SIMD8(repeating: step.weightDecay),
                        dd: SIMD8(repeating: decoupledDecay), mu: SIMD8(repeating: momentum))
        if nesterov { weight.update(gradient: gradient, state: &state, NesterovRule(plain: rule)) }
        else { weight.update(gradient: gradient, state: &state, rule) }
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, dd: SIMD8<Scalar>, mu: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            v.state0 = mu * v.state0 - lr * (v.gradient + wd * v.weight)
            v.weight = v.weight + v.state0 - dd * v.weight
        }
    }

    struct NesterovRule: UpdateRule {
        let plain: Rule
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let (lr, wd, dd, mu) = (plain.lr, plain.wd, plain.dd, plain.mu)
            let old = v.state0
            v.state0 = mu * v.state0 - lr * (v.gradient + wd * v.weight)
            v.weight = v.weight - mu * old + (1 + mu) * v.state0 - dd * v.weight
        }
    }
}
