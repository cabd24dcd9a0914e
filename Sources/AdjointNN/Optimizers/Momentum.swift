/// SGD with momentum: `v = mu * v - lr * dw; w += v`. With `nesterov`, the look-ahead form
/// `w += -mu * v_old + (1 + mu) * v`.
///
/// ```swift
/// let opt = Momentum(model.parameters, learningRate: 1e-2, momentum: 0.9)
/// ```
public final class Momentum<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The velocity's decay, `mu`.
    public let momentum: Scalar
    /// Whether the update uses Nesterov's look-ahead form.
    public let nesterov: Bool

    /// Momentum `momentum` (often written `mu`), optionally Nesterov's.
    ///
    /// ```swift
    /// let opt = Momentum(model.parameters, learningRate: 1e-2, nesterov: true)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar, momentum: Scalar = 0.9, nesterov: Bool = false,
                weightDecay: Scalar = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["velocity"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        let rule = Rule(lr: SIMD8(repeating: learningRate), wd: SIMD8(repeating: weightDecay), mu: SIMD8(repeating: momentum))
        if nesterov { weight.update(gradient: gradient, state: &state, NesterovRule(plain: rule)) }
        else { weight.update(gradient: gradient, state: &state, rule) }
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, mu: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            v.state0 = mu * v.state0 - lr * v.gradient
            v.weight = v.weight + v.state0 - wd * v.weight
        }
    }

    struct NesterovRule: UpdateRule {
        let plain: Rule
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let (lr, wd, mu) = (plain.lr, plain.wd, plain.mu)
            let old = v.state0
            v.state0 = mu * v.state0 - lr * v.gradient
            v.weight = v.weight - mu * old + (1 + mu) * v.state0 - wd * v.weight
        }
    }
}
