/// Layer normalisation over the trailing axes `normalizedShape` of each sample, as PyTorch's
/// `LayerNorm`: subtract the mean and divide by `sqrt(variance + epsilon)` (biased variance),
/// then scale by `gamma` and shift by `beta`, both of shape `normalizedShape`. The statistics
/// are per sample, so training and evaluation compute the same thing and nothing is kept.
///
/// ```swift
/// let norm = LayerNorm<Float>(512)
/// let y = norm(x)                                   // (N, T, 512), each token normalised
/// print(norm.namedParameters.map(\.path))           // ["gamma", "beta"]
/// ```
public final class LayerNorm<Scalar: TensorScalar>: Module<Scalar> {
    /// The elementwise scale, `normalizedShape`, trained; 1 at start.
    public let gamma: Variable<Scalar>
    /// The elementwise shift, `normalizedShape`, trained; 0 at start.
    public let beta: Variable<Scalar>
    /// Added to the variance before its square root.
    public let epsilon: Scalar

    /// Normalisation over the trailing axes `normalizedShape` (`[7, 7, 64]` normalises each
    /// `(N, 7, 7, 64)` sample as a whole).
    ///
    /// ```swift
    /// let norm = LayerNorm<Float>(normalizedShape: [7, 7, 64])
    /// ```
    public init(normalizedShape: [Int], epsilon: Scalar = 1e-5) {
        check(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
              "LayerNorm: normalized shape must be non-empty and positive, got \(describe(normalizedShape))")
        gamma = Variable(Tensor.ones(normalizedShape))
        beta = Variable(Tensor.zeros(normalizedShape))
        self.epsilon = epsilon
        super.init()
    }

    /// Normalisation over the last axis, of size `features`.
    ///
    /// ```swift
    /// let norm = LayerNorm<Float>(256, epsilon: 1e-6)
    /// ```
    public convenience init(_ features: Int, epsilon: Scalar = 1e-5) {
        self.init(normalizedShape: [features], epsilon: epsilon)
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let normalizedShape = gamma.shape
        check(x.shape.count > normalizedShape.count && Array(x.shape.suffix(normalizedShape.count)) == normalizedShape,
              "LayerNorm: input of shape \(describe(x.shape)) does not end in the normalized shape \(describe(normalizedShape))")
        return x.layerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
    }
}
