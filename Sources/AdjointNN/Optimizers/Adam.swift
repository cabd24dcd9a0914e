/// Adam: `t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// w -= lr * mhat / (sqrt(vhat) + eps)` with bias-corrected `mhat`, `vhat`.
///
/// `weightDecay` is decoupled (AdamW, applied as `w -= wd * w`); `l2` instead adds `l2 * w` to
/// the gradient before the moments (Adam + L2, the penalty `0.5 * l2 * sum(w^2)`). The two differ.
///
/// ```swift
/// let opt = Adam(model.parameters, learningRate: 1e-3, weightDecay: 1e-4)
/// ```
public final class Adam<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The first moment's decay, `b1`.
    public let beta1: Scalar
    /// The second moment's decay, `b2`.
    public let beta2: Scalar
    /// Added to the second moment's corrected square root to guard the division.
    ///
    /// ```swift
    /// let opt = Adam(model.parameters, learningRate: 1e-3, epsilon: 1e-7)
    /// ```
    public let epsilon: Scalar
    /// The coupled L2 coefficient: `l2 * w` is added to the gradient before the moments (0 for none).
    ///
    /// ```swift
    /// let opt = Adam(model.parameters, learningRate: 1e-3, l2: 1e-4)   // Adam + L2, not AdamW
    /// ```
    public let l2: Scalar

    /// Adam with the given moment decays; `weightDecay` decoupled, `l2` coupled.
    ///
    /// ```swift
    /// let adamW = Adam(model.parameters, learningRate: 1e-3, weightDecay: 1e-2)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, l2: Scalar = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2 = l2
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["m", "v"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        // PyTorch's form: the step size lr / c1 and 1 / sqrt(c2) are computed once per tensor, so
        // each element costs one square root and one division instead of three divisions.
        let c1 = 1 - power(Double(beta1), stepCount), c2 = 1 - power(Double(beta2), stepCount)
        weight.update(gradient: gradient, state: &state,
                      Rule(stepSize: SIMD8(repeating: Scalar(Double(learningRate) / c1)), wd: SIMD8(repeating: weightDecay),
                           b1: SIMD8(repeating: beta1), b2: SIMD8(repeating: beta2), eps: SIMD8(repeating: epsilon),
                           l2: SIMD8(repeating: l2), rootC2: SIMD8(repeating: Scalar(1 / c2.squareRoot()))))
    }

    struct Rule: UpdateRule {
        let stepSize: SIMD8<Scalar>, wd: SIMD8<Scalar>, b1: SIMD8<Scalar>, b2: SIMD8<Scalar>, eps: SIMD8<Scalar>, l2: SIMD8<Scalar>
        /// `1 / sqrt(1 - beta2^t)`, the second moment's bias correction under the root.
        let rootC2: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            let g = v.gradient + l2 * v.weight
            v.state0 = b1 * v.state0 + (1 - b1) * g
            v.state1 = b2 * v.state1 + (1 - b2) * g * g
            v.weight = v.weight - stepSize * v.state0 / (squareRoots(v.state1) * rootC2 + eps) - wd * v.weight
        }
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
