/// A two-layer net: `fc1 - ReLU - fc2`, weights drawn from `N(0, weightScale^2)`.
///
/// Its usual penalty is `0.5 * reg * (sum(W1^2) + sum(W2^2))`: `halfL2Penalty(net.weights, reg:)`.
///
/// ```swift
/// let net = TwoLayerNet<Float>(inputSize: 784, hiddenSize: 100, classes: 10, seed: 0)
/// let loss = softmaxCrossEntropy(net(x), labels: y) + halfL2Penalty(net.weights, reg: 0.1)
/// ```
public final class TwoLayerNet<Scalar: TensorScalar>: Module<Scalar> {
    /// The hidden layer, `inputSize -> hiddenSize`.
    public let fc1: Linear<Scalar>
    /// The output layer, `hiddenSize -> classes`.
    public let fc2: Linear<Scalar>

    /// A net of the given sizes, drawn from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let net = TwoLayerNet<Double>(inputSize: 5, hiddenSize: 50, classes: 7, weightScale: 0.1)
    /// ```
    public init(inputSize: Int = 3 * 32 * 32, hiddenSize: Int = 100, classes: Int = 10,
                weightScale: Double = 1e-3, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        fc1 = Linear(inputSize, hiddenSize, initialization: .normal(std: weightScale), rng: &rng)
        fc2 = Linear(hiddenSize, classes, initialization: .normal(std: weightScale), rng: &rng)
        super.init()
    }

    /// The weight matrices a weight penalty applies to: `fc1.weight`, `fc2.weight`.
    ///
    /// ```swift
    /// let penalty = halfL2Penalty(net.weights, reg: 0.1)
    /// ```
    public var weights: [Variable<Scalar>] { [fc1.weight, fc2.weight] }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { fc2(fc1(x).relu()) }
}
