/// Adam as `torch.optim.Adam`: `t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// w -= lr * mhat / (sqrt(vhat) + eps)` with bias-corrected `mhat`, `vhat`, and
/// `g = dw + wd * w`: its weight decay is coupled (Adam + L2, the penalty `0.5 * wd * sum(w^2)`).
///
/// `AdamW` decouples it (`w -= lr * wd * w`); `decoupledDecay` is the course's
/// `w -= decoupledDecay * w`, not scaled by the learning rate.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3, weightDecay: 1e-4)
/// ```
public final class Adam<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The first moment's decay, `b1`; it may change between steps (`OneCycleLR` cycles it).
    public var beta1: Scalar
    /// The second moment's decay, `b2`.
    public let beta2: Scalar
    /// Added to the second moment's corrected square root to guard the division.
    ///
    /// ```swift
    /// let opt = Adam(model.parameters, learningRate: 1e-3, epsilon: 1e-7)
    /// ```
    public let epsilon: Scalar

    /// Adam over parameter groups with the given moment decays; a group's settings left out
    /// are `learningRate` and `weightDecay` (coupled).
    ///
    /// ```swift
    /// let opt = Adam(model.weightDecayGroups(1e-4), learningRate: 1e-3)
    /// ```
    public init(_ groups: [ParameterGroup<Scalar>], learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
        super.init(groups, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// Adam over `parameters` in one group; `weightDecay` coupled, as PyTorch's.
    ///
    /// ```swift
    /// let opt = Adam(model.parameters, learningRate: 1e-3, weightDecay: 1e-4)   // Adam + L2, not AdamW
    /// ```
    public convenience init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-3, beta1: Scalar = 0.9,
                            beta2: Scalar = 0.999, epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        self.init([ParameterGroup(parameters)], learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                  weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["m", "v"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>],
                                step: ParameterStep<Scalar>) {
        weight.update(gradient: gradient, state: &state,
                      AdamRule(learningRate: step.learningRate, stepCount: stepCount, beta1: beta1, beta2: beta2, epsilon: epsilon,
                               coupledDecay: step.weightDecay, kept: 1, decoupledDecay: decoupledDecay))
    }
}

/// Adam's and AdamW's step: `g = dw + coupledDecay * w`, the moments, then
/// `w = kept * w - stepSize * m / (sqrt(v) / sqrt(c2) + eps) - decoupledDecay * w`.
struct AdamRule<Scalar: TensorScalar>: UpdateRule {
    let stepSize: SIMD8<Scalar>, wd: SIMD8<Scalar>, kept: SIMD8<Scalar>, dd: SIMD8<Scalar>
    let b1: SIMD8<Scalar>, b2: SIMD8<Scalar>, eps: SIMD8<Scalar>
    /// `1 / sqrt(1 - beta2^t)`, the second moment's bias correction under the root.
    let rootC2: SIMD8<Scalar>

    /// PyTorch's form: the step size lr / c1 and 1 / sqrt(c2) are computed once per tensor, so
    /// each element costs one square root and one division instead of three divisions.
    @inline(__always)
    init(learningRate: Scalar, stepCount: Int, beta1: Scalar, beta2: Scalar, epsilon: Scalar,
         coupledDecay: Scalar, kept: Scalar, decoupledDecay: Scalar) {
        let c1 = 1 - power(Double(beta1), stepCount), c2 = 1 - power(Double(beta2), stepCount)
        (stepSize, rootC2) = (SIMD8(repeating: Scalar(Double(learningRate) / c1)), SIMD8(repeating: Scalar(1 / c2.squareRoot())))
        (wd, self.kept, dd) = (SIMD8(repeating: coupledDecay), SIMD8(repeating: kept), SIMD8(repeating: decoupledDecay))
        (b1, b2, eps) = (SIMD8(repeating: beta1), SIMD8(repeating: beta2), SIMD8(repeating: epsilon))
    }

    @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
        let g = v.gradient + wd * v.weight
        v.state0 = b1 * v.state0 + (1 - b1) * g
        v.state1 = b2 * v.state1 + (1 - b2) * g * g
        v.weight = kept * v.weight - stepSize * v.state0 / (squareRoots(v.state1) * rootC2 + eps) - dd * v.weight
    }
}

/// `base ** exponent` for a whole exponent by repeated squaring (exact for small powers).
func power(_ base: Double, _ exponent: Int) -> Double {
    var (result, square, n) = (1.0, base, exponent)
    while n > 0 {
        if n & 1 == 1 { result *= square }
        square *= square
        n >>= 1
    }
    return result
}
