/// RMSprop: `c = d * c + (1 - d) dw^2; w -= lr * dw / (sqrt(c) + eps)`.
///
/// ```swift
/// let opt = RMSprop(model.parameters, learningRate: 1e-3)
/// ```
public final class RMSprop<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay rate `d` of the squared-gradient cache.
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
