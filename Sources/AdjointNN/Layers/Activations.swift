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

/// `1 / (1 + e^-x)`, values in `(0, 1)`.
///
/// ```swift
/// let gate = Sigmoid<Float>()(x)
/// ```
public final class Sigmoid<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.sigmoid() }
}

/// SiLU (swish): `x * sigmoid(x)`.
///
/// ```swift
/// let h = SiLU<Float>()(x)
/// ```
public final class SiLU<Scalar: TensorScalar>: Module<Scalar> {
    override public init() { super.init() }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x * x.sigmoid() }
}

/// `x` where `x > 0`, else `negativeSlope * x`. The gradient at exactly 0 is `negativeSlope`,
/// as in PyTorch.
///
/// ```swift
/// let h = LeakyReLU<Float>(negativeSlope: 0.2)(x)
/// ```
public final class LeakyReLU<Scalar: TensorScalar>: Module<Scalar> {
    /// The slope for negative inputs.
    ///
    /// ```swift
    /// print(LeakyReLU<Float>().negativeSlope)   // 0.01
    /// ```
    public let negativeSlope: Scalar

    /// Leaky ReLU with slope `negativeSlope` below 0.
    ///
    /// ```swift
    /// let act = LeakyReLU<Float>(negativeSlope: 0.01)
    /// ```
    public init(negativeSlope: Scalar = 0.01) {
        self.negativeSlope = negativeSlope
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        x.select(x.value .> 0, else: x * negativeSlope)
    }
}
