/// A fully connected (affine) layer: `out = flatten(x) @ w + b` with `w` of shape `(D, M)`.
///
/// An input of shape `(N, d1, ..., dk)` is flattened to `(N, D)` first. Parameters are named
/// `<name>_w` and `<name>_b` (`fc1_w`), or given explicitly (`W1`, `b1`).
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let fc = Linear<Float>(784, 10, name: "fc1", rng: &rng)
/// let scores = fc(Variable(constant: images))    // (N, 28, 28, 1) -> (N, 10)
/// ```
public final class Linear<Scalar: TensorScalar>: Module<Scalar> {
    public let weight: Variable<Scalar>
    public let bias: Variable<Scalar>

    public init(_ inputSize: Int, _ outputSize: Int, weightName: String, biasName: String,
                initialization: Initialization = .normal(std: 1e-2), rng: inout SeededGenerator) {
        check(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) x \(outputSize)")
        weight = Variable(initialization.weights(fanIn: inputSize, fanOut: outputSize, using: &rng))
        bias = Variable(Tensor.zeros([outputSize]))
        super.init()
        addParameter(weightName, weight)
        addParameter(biasName, bias)
    }

    public convenience init(_ inputSize: Int, _ outputSize: Int, name: String,
                            initialization: Initialization = .normal(std: 1e-2), rng: inout SeededGenerator) {
        self.init(inputSize, outputSize, weightName: "\(name)_w", biasName: "\(name)_b",
                  initialization: initialization, rng: &rng)
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let flat = x.shape.count == 2 ? x : x.reshaped([x.shape.first ?? 1, -1])
        check(flat.shape[1] == weight.shape[0],
              "Linear: input of shape \(x.shape) has \(flat.shape[1]) features, the layer expects \(weight.shape[0])")
        return flat.matmul(weight) + bias
    }
}
