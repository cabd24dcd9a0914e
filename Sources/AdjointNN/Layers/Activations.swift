/// `(N, d1, ..., dk)` to `(N, d1 * ... * dk)`.
///
/// ```swift
/// let flat = Flatten<Float>()(Variable(constant: images))   // (N, 28, 28, 1) -> (N, 784)
/// ```
public final class Flatten<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.flattened() }
}

/// `max(0, x)`. The gradient at exactly 0 is 0, as in PyTorch.
///
/// ```swift
/// let h = ReLU<Float>()(x)
/// ```
public final class ReLU<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.relu() }
}

/// GELU, tanh approximation: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
///
/// ```swift
/// let h = GELU<Float>()(x)
/// ```
public final class GELU<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { gelu(x) }
}

/// GELU, tanh approximation, composed from primitives.
///
/// ```swift
/// let h = gelu(Variable(Tensor<Float>([-1, 0, 1])))   // [-0.159, 0, 0.841]
/// ```
public func gelu<S>(_ x: Variable<S>) -> Variable<S> {
    let c = S((2 / Double.pi).squareRoot())
    let inner = (x + x * x * x * S(0.044715)) * c
    return x * 0.5 * (inner.tanh() + 1)
}
