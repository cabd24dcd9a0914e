/// The assignments' fully connected net:
/// `{affine - [batch norm] - ReLU - [dropout]} x (L - 1) - affine - softmax`.
///
/// Parameters are `W1, b1, gamma1, beta1, ...`; `dropout` is the assignment's keep
/// probability (0 means no dropout). The weight penalty is `0.5 * reg * sum(W^2)`.
///
/// ```swift
/// let net = try FullyConnectedNet<Float>(hiddenSizes: [500, 500], inputSize: 784, classes: 10,
///                                        dropout: 0.85, useBatchNorm: true, seed: 1)
/// ```
public final class FullyConnectedNet<Scalar: TensorScalar>: Classifier<Scalar> {
    public init(hiddenSizes: [Int], inputSize: Int = 3 * 32 * 32, classes: Int = 10, dropout: Double = 0,
                useBatchNorm: Bool = false, reg: Scalar = 0, weightScale: Double = 1e-2,
                initialization: Initialization? = nil, seed: UInt64 = 0) throws {
        var rng = SeededGenerator(seed: seed)
        var layers: [Module<Scalar>] = [Flatten()]
        var weights: [Variable<Scalar>] = []
        let sizes = [inputSize] + hiddenSizes + [classes]
        for i in 1..<sizes.count {
            let fc = Linear<Scalar>(sizes[i - 1], sizes[i], weightName: "W\(i)", biasName: "b\(i)",
                                    initialization: initialization ?? .normal(std: weightScale), rng: &rng)
            layers.append(fc)
            weights.append(fc.weight)
            guard i < sizes.count - 1 else { break }
            if useBatchNorm { layers.append(BatchNorm(sizes[i], number: i)) }
            layers.append(ReLU())
            if dropout > 0 && dropout < 1 {
                layers.append(try Dropout(keepProbability: dropout, seed: seed &+ UInt64(i), name: "dropout\(i)"))
            }
        }
        super.init(layers)
        self.reg = reg
        regularizedWeights = weights
    }
}
