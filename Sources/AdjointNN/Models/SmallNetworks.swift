/// An `FC - GELU - FC` network (`fc1`, `fc2`, inputs flattened), sized by default for CIFAR-100's
/// images and 20 superclasses, with weights drawn from `N(0, 0.02^2)`.
/// `SmallFullyConnectedNetwork` is this network at a small size.
///
/// ```swift
/// let net = TinyNet<Float>(inputSize: 3072, hiddenSize: 512, classes: 20, seed: 0)
/// ```
public final class TinyNet<Scalar: TensorScalar>: Module<Scalar> {
    /// The first layer, `inputSize -> hiddenSize`.
    public let fc1: Linear<Scalar>
    /// The output layer, `hiddenSize -> classes`.
    public let fc2: Linear<Scalar>

    /// A net of the given sizes, drawn from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let net = TinyNet<Double>(inputSize: 4, hiddenSize: 30, classes: 7)
    /// ```
    public init(inputSize: Int = 3072, hiddenSize: Int = 512, classes: Int = 20, weightScale: Double = 0.02, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        fc1 = Linear(inputSize, hiddenSize, initialization: .normal(std: weightScale), rng: &rng)
        fc2 = Linear(hiddenSize, classes, initialization: .normal(std: weightScale), rng: &rng)
        super.init()
    }

    /// `fc2(gelu(fc1(x)))`, the bias and GELU (tanh) of `fc1` one fused node outside `Fusion.with(false)`.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { fc2(fc1(x, activation: .geluTanh)) }
}

/// A test network small enough for numerical gradient checks, FC(4 -> 30) - GELU - FC(30 -> 7).
///
/// ```swift
/// let net: TinyNet<Double> = SmallFullyConnectedNetwork(seed: 0)
/// ```
public func SmallFullyConnectedNetwork<Scalar: TensorScalar>(seed: UInt64 = 0) -> TinyNet<Scalar> {
    TinyNet(inputSize: 4, hiddenSize: 30, classes: 7, seed: seed)
}

/// A dropout test network: `FC - GELU - dropout - FC - GELU - dropout - FC` as
/// `layers`, with the keep-probability convention (0 or 1 means no dropout).
///
/// ```swift
/// let net = DropoutNet<Double>(keepProbability: 0.5, seed: 1234)
/// ```
public final class DropoutNet<Scalar: TensorScalar>: Module<Scalar> {
    /// The layers in order: `Linear`, `GELU` and `Dropout` per hidden layer, then the output `Linear`.
    public let layers: [Module<Scalar>]

    /// A net of the given sizes; hidden layer `i` (from 1) draws its masks from `seed &+ i`.
    ///
    /// ```swift
    /// let net = DropoutNet<Float>(inputSize: 784, hiddenSizes: [100, 100], classes: 10, keepProbability: 0.5)
    /// ```
    public init(inputSize: Int = 15, hiddenSizes: [Int] = [20, 30], classes: Int = 10,
                keepProbability: Double, weightScale: Double = 0.02, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        var layers: [Module<Scalar>] = []
        let sizes = [inputSize] + hiddenSizes + [classes]
        for i in 1..<sizes.count {
            layers.append(Linear(sizes[i - 1], sizes[i], initialization: .normal(std: weightScale), rng: &rng))
            guard i < sizes.count - 1 else { break }
            layers.append(GELU())
            layers.append(Dropout(keepProbability: keepProbability, seed: seed &+ UInt64(i)))
        }
        self.layers = layers
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { layers.reduce(x) { $1($0) } }
}
