/// The assignments' two-layer net: affine - ReLU - affine - softmax, parameters `W1, b1, W2, b2`.
///
/// ```swift
/// let net = TwoLayerNet<Float>(inputSize: 784, hiddenSize: 100, classes: 10, seed: 0)
/// ```
public final class TwoLayerNet<Scalar: TensorScalar>: Classifier<Scalar> {
    public init(inputSize: Int = 3 * 32 * 32, hiddenSize: Int = 100, classes: Int = 10,
                weightScale: Double = 1e-3, reg: Scalar = 0, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        let fc1 = Linear<Scalar>(inputSize, hiddenSize, weightName: "W1", biasName: "b1",
                                 initialization: .normal(std: weightScale), rng: &rng)
        let fc2 = Linear<Scalar>(hiddenSize, classes, weightName: "W2", biasName: "b2",
                                 initialization: .normal(std: weightScale), rng: &rng)
        super.init([fc1, ReLU(), fc2])
        self.reg = reg
        regularizedWeights = [fc1.weight, fc2.weight]
    }
}
