/// How a weight matrix of shape `(fanIn, fanOut)` is drawn.
///
/// ```swift
/// let fc = Linear<Float>(3072, 100, initialization: .kaiming, rng: &rng)
/// ```
public enum Initialization: Sendable, Equatable {
    /// `N(0, std^2)`, with `std` the weight scale (1e-2 or 0.02 in the small networks).
    case normal(std: Double)
    /// He/Kaiming normal for ReLU layers: `N(0, 2 / fanIn)`.
    case kaiming
    /// Xavier/Glorot uniform: `U(-a, a)` with `a = sqrt(6 / (fanIn + fanOut))`.
    case xavier
    /// PyTorch's default for `nn.Linear` and the convolutions, `kaiming_uniform_(a=sqrt(5))`:
    /// `U(-1/sqrt(fanIn), 1/sqrt(fanIn))`, the bias too, so a port starts from the same distribution.
    case pytorch

    /// A freshly drawn weight matrix.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let w: Tensor<Float> = Initialization.kaiming.weights(fanIn: 784, fanOut: 100, using: &rng)   // (784, 100)
    /// ```
    public func weights<S: TensorScalar>(fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        switch self {
        case let .normal(std):
            return .randn([fanIn, fanOut], std: S(std), using: &rng)
        case .kaiming:
            return .randn([fanIn, fanOut], std: S((2 / Double(fanIn)).squareRoot()), using: &rng)
        case .xavier:
            let a = S((6 / Double(fanIn + fanOut)).squareRoot())
            return .uniform([fanIn, fanOut], low: -a, high: a, using: &rng)
        case .pytorch:
            let a = S(1 / Double(fanIn).squareRoot())
            return .uniform([fanIn, fanOut], low: -a, high: a, using: &rng)
        }
    }

    /// A freshly drawn bias of `count` values: zeros, but for `.pytorch` (drawn after the weights).
    public func bias<S: TensorScalar>(fanIn: Int, count: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        guard self == .pytorch else { return .zeros([count]) }
        let a = S(1 / Double(fanIn).squareRoot())
        return .uniform([count], low: -a, high: a, using: &rng)
    }
}
