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

/// GELU: by default its tanh approximation, `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`;
/// with `approximate: false` the exact `x Φ(x) = 0.5 x (1 + erf(x / sqrt 2))`, as PyTorch's
/// `nn.GELU()` (whose default is the exact form).
///
/// ```swift
/// let h = GELU<Float>()(x)                       // tanh approximation
/// let exact = GELU<Float>(approximate: false)(x) // erf, as torch.nn.GELU()
/// ```
public final class GELU<Scalar: TensorScalar>: Module<Scalar> {
    /// Whether the tanh approximation is used rather than the erf form.
    public let approximate: Bool

    /// A GELU layer, the tanh approximation unless `approximate` is false.
    ///
    /// ```swift
    /// let act = GELU<Double>(approximate: false)
    /// ```
    public init(approximate: Bool = true) {
        self.approximate = approximate
        super.init()
    }
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { gelu(x, approximate: approximate) }
}

/// GELU composed from primitives: the tanh approximation (the default), or with
/// `approximate: false` the exact `0.5 x (1 + erf(x / sqrt 2))`, whose gradient is
/// `0.5 (1 + erf(x / sqrt 2)) + x e^(-x^2 / 2) / sqrt(2 pi)`.
///
/// ```swift
/// let h = gelu(Variable(Tensor<Float>([-1, 0, 1])))                       // [-0.159, 0, 0.841]
/// let e = gelu(Variable(Tensor<Float>([-1, 0, 1])), approximate: false)   // [-0.159, 0, 0.841]
/// ```
public func gelu<S>(_ x: Variable<S>, approximate: Bool = true) -> Variable<S> {
    x.gelu(approximate: approximate)
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
