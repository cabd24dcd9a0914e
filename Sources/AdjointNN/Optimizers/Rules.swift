// The assignments' update rules, each one fused pass (`Tensor.update`) with its rule as a
// small `UpdateRule` struct, inlined into the loop. `@inline(__always)` makes sure of that: the
// compiler had left SGD's `apply` a call per 8 lanes (perf: 2.8 % of the MLP step in `apply`
// plus 8.5 % in its loop; 6.2 % in all once inlined, Zen 4). `@_specialize` makes a Float and
// a Double copy of each, so the vector arithmetic runs on concrete types: generic, it is a
// witness-table call per lane operation, hundreds of times slower.

/// Plain stochastic gradient descent: `w -= lr * dw` (and `w -= wd * w` with weight decay).
///
/// ```swift
/// let opt = SGD(model.parameters, learningRate: 1e-2, weightDecay: 1e-4)
/// ```
public final class SGD<Scalar: TensorScalar>: Optimizer<Scalar> {
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        weight.update(gradient: gradient, state: &state, Rule(lr: SIMD8(repeating: learningRate), wd: SIMD8(repeating: weightDecay)))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) { v.weight = v.weight - lr * v.gradient - wd * v.weight }
    }
}

/// SGD with momentum: `v = mu * v - lr * dw; w += v`. With `nesterov`, the look-ahead form
/// `w += -mu * v_old + (1 + mu) * v`.
///
/// ```swift
/// let opt = Momentum(model.parameters, learningRate: 1e-2, momentum: 0.9)
/// ```
public final class Momentum<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The velocity's decay, `mu`.
    ///
    /// ```swift
    /// print(Momentum(model.parameters, learningRate: 1e-2).momentum)   // 0.9
    /// ```
    public let momentum: Scalar
    /// Whether the update uses Nesterov's look-ahead form.
    ///
    /// ```swift
    /// print(Momentum(model.parameters, learningRate: 1e-2, nesterov: true).nesterov)   // true
    /// ```
    public let nesterov: Bool

    /// Momentum `momentum` (the assignment's `mu`), optionally Nesterov's.
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

/// RMSprop: `c = d * c + (1 - d) dw^2; w -= lr * dw / (sqrt(c) + eps)`.
///
/// ```swift
/// let opt = RMSprop(model.parameters, learningRate: 1e-3)
/// ```
public final class RMSprop<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay rate `d` of the squared-gradient cache.
    ///
    /// ```swift
    /// print(RMSprop(model.parameters, learningRate: 1e-3).decay)   // 0.99
    /// ```
    public let decay: Scalar
    /// Added to the cache's square root to guard the division.
    ///
    /// ```swift
    /// let opt = RMSprop(model.parameters, learningRate: 1e-3, epsilon: 1e-6)
    /// ```
    public let epsilon: Scalar

    /// RMSprop with decay rate `decay` for the squared-gradient cache.
    ///
    /// ```swift
    /// let opt = RMSprop(model.parameters, learningRate: 1e-4, decay: 0.9)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar, decay: Scalar = 0.99, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0) {
        self.decay = decay
        self.epsilon = epsilon
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["cache"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        weight.update(gradient: gradient, state: &state,
                      Rule(lr: SIMD8(repeating: learningRate), wd: SIMD8(repeating: weightDecay),
                           d: SIMD8(repeating: decay), eps: SIMD8(repeating: epsilon)))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, d: SIMD8<Scalar>, eps: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            v.state0 = d * v.state0 + (1 - d) * v.gradient * v.gradient
            v.weight = v.weight - lr * v.gradient / (squareRoots(v.state0) + eps) - wd * v.weight
        }
    }
}

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
    ///
    /// ```swift
    /// print(Adam(model.parameters).beta1)   // 0.9
    /// ```
    public let beta1: Scalar
    /// The second moment's decay, `b2`.
    ///
    /// ```swift
    /// print(Adam(model.parameters, beta2: 0.99).beta2)   // 0.99
    /// ```
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
        // each element costs one square root and one division instead of three divisions (Adam
        // was 10-15 % of fc4x500's step under perf on a Zen 4).
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

/// Adagrad: `c += dw^2; w -= lr * dw / (sqrt(c) + eps)`: each weight's step shrinks with the
/// gradients it has seen.
///
/// ```swift
/// let opt = Adagrad(model.parameters, learningRate: 1e-2)
/// ```
public final class Adagrad<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Added to the square root of the summed squares to guard the division.
    ///
    /// ```swift
    /// print(Adagrad(model.parameters).epsilon)   // 1e-10
    /// ```
    public let epsilon: Scalar

    /// Adagrad with `epsilon` guarding the division.
    ///
    /// ```swift
    /// let opt = Adagrad(model.parameters, learningRate: 0.1, epsilon: 1e-10)
    /// ```
    public init(_ parameters: [Variable<Scalar>], learningRate: Scalar = 1e-2, epsilon: Scalar = 1e-10, weightDecay: Scalar = 0) {
        self.epsilon = epsilon
        super.init(parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    override public var slotNames: [String] { ["sum"] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(_ weight: inout Tensor<Scalar>, gradient: Tensor<Scalar>, state: inout [Tensor<Scalar>]) {
        weight.update(gradient: gradient, state: &state,
                      Rule(lr: SIMD8(repeating: learningRate), wd: SIMD8(repeating: weightDecay), eps: SIMD8(repeating: epsilon)))
    }

    struct Rule: UpdateRule {
        let lr: SIMD8<Scalar>, wd: SIMD8<Scalar>, eps: SIMD8<Scalar>
        @inline(__always) func apply(_ v: inout UpdateLanes<Scalar>) {
            v.state0 = v.state0 + v.gradient * v.gradient
            v.weight = v.weight - lr * v.gradient / (squareRoots(v.state0) + eps) - wd * v.weight
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
