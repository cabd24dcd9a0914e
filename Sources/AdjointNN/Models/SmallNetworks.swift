/// The CIFAR-100 assignment's `Flatten - FC - GELU - FC` network with parameters
/// `fc1_w, fc1_b, fc2_w, fc2_b` drawn from `N(0, 0.02^2)`. `SmallFullyConnectedNetwork` and
/// `TinyNet` are this network at different sizes.
///
/// ```swift
/// let net = TinyNet<Float>(inputSize: 3072, hiddenSize: 512, classes: 20, seed: 0)
/// ```
public final class TinyNet<Scalar: TensorScalar>: Classifier<Scalar> {
    public init(inputSize: Int = 3072, hiddenSize: Int = 512, classes: Int = 20,
                weightScale: Double = 0.02, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        super.init([
            Flatten(),
            Linear(inputSize, hiddenSize, name: "fc1", initialization: .normal(std: weightScale), rng: &rng),
            GELU(),
            Linear(hiddenSize, classes, name: "fc2", initialization: .normal(std: weightScale), rng: &rng),
        ])
    }
}

/// The assignment's small test network, FC(4 -> 30) - GELU - FC(30 -> 7).
public func SmallFullyConnectedNetwork<Scalar: TensorScalar>(seed: UInt64 = 0) -> TinyNet<Scalar> {
    TinyNet(inputSize: 4, hiddenSize: 30, classes: 7, seed: seed)
}

/// The assignment's dropout test network: `FC - GELU - dropout - FC - GELU - dropout - FC`
/// (`fc1`..`fc3`), with the keep-probability convention (0 or 1 means no dropout).
///
/// ```swift
/// let net = try DropoutNet<Double>(keepProbability: 0.5, seed: 1234)
/// ```
public final class DropoutNet<Scalar: TensorScalar>: Classifier<Scalar> {
    public init(inputSize: Int = 15, hiddenSizes: [Int] = [20, 30], classes: Int = 10,
                keepProbability: Double, weightScale: Double = 0.02, seed: UInt64 = 0) throws {
        var rng = SeededGenerator(seed: seed)
        var layers: [Module<Scalar>] = [Flatten()]
        let sizes = [inputSize] + hiddenSizes + [classes]
        for i in 1..<sizes.count {
            layers.append(Linear(sizes[i - 1], sizes[i], name: "fc\(i)", initialization: .normal(std: weightScale), rng: &rng))
            guard i < sizes.count - 1 else { break }
            layers.append(GELU())
            layers.append(try Dropout(keepProbability: keepProbability, seed: seed &+ UInt64(i), name: "dropout\(i)"))
        }
        super.init(layers)
    }
}
