/// Adagrad: `c += dw^2; w -= lr * dw / (sqrt(c) + eps)`: each weight's step shrinks with the
/// gradients it has seen.
///
/// ```swift
/// let opt = Adagrad(model.parameters, learningRate: 1e-2)
/// ```
public final class Adagrad<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Added to the square root of the summed squares to guard the division.
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
