/// A fully connected net of any depth:
/// `{Linear - [BatchNorm] - ReLU - [Dropout]} x (L - 1) - Linear`, as `layers`.
///
/// `dropout` is a keep probability (0 means no dropout); hidden layer `i` (from 1) draws its
/// masks from `seed &+ i`. Its usual penalty is `0.5 * reg * sum(W^2)` over the weight
/// matrices: `halfL2Penalty(net.weights, reg:)`.
///
/// ```swift
/// let net = FullyConnectedNet<Float>(hiddenSizes: [500, 500], inputSize: 784, classes: 10,
///                                    dropout: 0.85, useBatchNorm: true, seed: 1)
/// print(net.namedParameters.first!.path)   // layers.0.weight
/// ```
public final class FullyConnectedNet<Scalar: TensorScalar>: Module<Scalar> {
    /// The layers in order; their parameters are named `layers.<index>.<name>`.
    public let layers: [Module<Scalar>]

    /// A net with the given hidden sizes; weights drawn by `initialization` (default
    /// `N(0, weightScale^2)`) from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let net = FullyConnectedNet<Double>(hiddenSizes: [20, 30], inputSize: 15, classes: 10, weightScale: 5e-2)
    /// ```
    public init(hiddenSizes: [Int], inputSize: Int = 3 * 32 * 32, classes: Int = 10, dropout: Double = 0,
                useBatchNorm: Bool = false, weightScale: Double = 1e-2, initialization: Initialization? = nil,
                seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        var layers: [Module<Scalar>] = []
        let sizes = [inputSize] + hiddenSizes + [classes]
        for i in 1..<sizes.count {
            layers.append(Linear(sizes[i - 1], sizes[i], initialization: initialization ?? .normal(std: weightScale), rng: &rng))
            guard i < sizes.count - 1 else { break }
            if useBatchNorm { layers.append(BatchNorm(sizes[i])) }
            layers.append(ReLU())
            if dropout > 0 && dropout < 1 { layers.append(Dropout(keepProbability: dropout, seed: seed &+ UInt64(i))) }
        }
        self.layers = layers
        super.init()
    }

    /// The weight matrices, first to last: what a weight penalty applies to.
    ///
    /// ```swift
    /// let penalty = halfL2Penalty(net.weights, reg: 1e-3)
    /// ```
    public var weights: [Variable<Scalar>] { modules(of: Linear<Scalar>.self).map(\.weight) }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        var h = x, i = 0
        while i < layers.count {
            // A batch norm and the ReLU after it are one fused node (outside `Fusion.with(false)`).
            if let bn = layers[i] as? BatchNorm<Scalar>, i + 1 < layers.count, layers[i + 1] is ReLU<Scalar> {
                h = bn(h, activation: .relu)
                i += 2
            } else {
                h = layers[i](h)
                i += 1
            }
        }
        return h
    }
}
