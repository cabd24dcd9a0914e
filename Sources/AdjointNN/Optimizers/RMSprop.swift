/// RMSprop as `torch.optim.RMSprop`: `c = alpha * c + (1 - alpha) g^2; w -= lr * g / (sqrt(c) + eps)`
/// with `g = dw + wd * w` (coupled weight decay). `centered` divides by the root of the
/// variance `c - a^2` instead, `a` the gradients' running mean; with `momentum` a buffer
/// `b = mu * b + g / (sqrt(.) + eps)` is followed: `w -= lr * b`.
///
/// ```swift
/// let opt = RMSprop(model.parameters, learningRate: 1e-3)
/// ```
public final class RMSprop<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay rate `alpha` of the squared-gradient cache (and of the mean, when centered).
    public let alpha: Scalar
    /// Added to the cache's square root to guard the division.
    ///
    /// ```swift
    /// let opt = RMSprop(model.parameters, learningRate: 1e-3, epsilon: 1e-6)
    /// ```
    public let epsilon: Scalar
    /// The momentum factor `mu` (0 for none). It may change between steps (`OneCycleLR` cycles
    /// it), but not to or from 0 once the optimiser keeps state.
    public var momentum: Scalar {
        didSet { checkMomentumBuffer(from: oldValue, to: momentum) }
    }
    /// Whether the cache is centred by the gradients' running mean.
    public let centered: Bool

    /// RMSprop over parameter groups with PyTorch's arguments; a group's settings left out are
    /// `learningRate` and `weightDecay`.
    ///
    /// ```swift
    /// let opt = RMSprop(model.weightDecayGroups(1e-4), learningRate: 1e-3, momentum: 0.9, centered: true)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar = 1e-2, alpha: Scalar = 0.99, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0, momentum: Scalar = 0, centered: Bool = false) {
        (self.alpha, self.epsilon, self.momentum, self.centered) = (alpha, epsilon, momentum, centered)
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// RMSprop over `parameters` in one group, with PyTorch's arguments.
    ///
    /// ```swift
    /// let opt = RMSprop(model.parameters, learningRate: 1e-4, alpha: 0.9)
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-2, alpha: Scalar = 0.99,
                            epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, momentum: Scalar = 0, centered: Bool = false) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, alpha: alpha, epsilon: epsilon,
                  weightDecay: weightDecay, momentum: momentum, centered: centered)
    }

    override public var slotNames: [String] {
        ["cache"] + (momentum == 0 ? [] : ["momentum_buffer"]) + (centered ? ["grad_avg"] : [])
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        let rule = Rule(lr: SIMD8(repeating: step.learningRate), wd: SIMD8(repeating: step.weightDecay),
                        dd: SIMD8(repeating: decoupledDecay), a: SIMD8(repeating: alpha), eps: SIMD8(repeating: epsilon))
        if momentum == 0 && !centered { return weight.update(gradient: gradient, state: &state, rule) }
        weight.update(gradient: gradient, state: &state, MomentumRule(plain: rule, mu: SIMD8(repeating: momentum),
                                                                   usesMomentum: momentum != 0, centered: centered))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, dd: SIMD8<Scalar>, a: SIMD8<Scalar>, eps: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let g = v.gradient + wd * v.weight
            v.state0 = a * v.state0 + (1 - a) * g * g
            v.weight = v.weight - lr * g / (squareRoots(v.state0) + eps) - dd * v.weight
        }
    }

    /// With momentum (the buffer in `state1`) or centred (the mean in the last slot), or both.
    struct MomentumRule: UpdateRule {
        let plain: Rule, mu: SIMD8<Scalar>, usesMomentum: Bool, centered: Bool
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let (lr, wd, dd, a, eps) = (plain.lr, plain.wd, plain.dd, plain.a, plain.eps)
            let g = v.gradient + wd * v.weight
            v.state0 = a * v.state0 + (1 - a) * g * g
            var variance = v.state0
            if centered {
                // PyTorch's lerp toward g by 1 - alpha, under a half: `m + (1 - alpha) (g - m)`.
                let old = usesMomentum ? v.state2 : v.state1
                let mean = old + (1 - a) * (g - old)
                if usesMomentum { v.state2 = mean } else { v.state1 = mean }
                variance = variance - mean * mean
            }
            let scaled = g / (squareRoots(variance) + eps)
            if usesMomentum {
                v.state1 = mu * v.state1 + scaled
                v.weight = v.weight - lr * v.state1 - dd * v.weight
            } else {
                v.weight = v.weight - lr * scaled - dd * v.weight
            }
        }
    }
}
