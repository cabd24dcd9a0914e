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
