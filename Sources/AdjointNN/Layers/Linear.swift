/// A fully connected (affine) layer: `out = flatten(x) @ weight + bias` with `weight` of shape
/// `(inputSize, outputSize)`.
///
/// An input of shape `(N, d1, ..., dk)` with `d1 * ... * dk == inputSize`, such as a
/// convolution's output, is flattened to `(N, inputSize)` first. Otherwise, as in PyTorch, the
/// layer applies to the last axis: `(N, T, inputSize)` gives `(N, T, outputSize)`.
///
/// ```swift
/// let fc = Linear<Float>(784, 10)                  // He-initialised from DefaultRandom
/// let scores = fc(Variable(constant: images))     // (N, 28, 28, 1) -> (N, 10)
/// ```
public final class Linear<Scalar: TensorScalar>: Module<Scalar> {
    /// The weight matrix, `(inputSize, outputSize)`.
    public let weight: Variable<Scalar>
    /// The bias, `(outputSize,)`, zero at start.
    public let bias: Variable<Scalar>

    /// A layer with weights drawn by `initialization` from `rng` and zero biases.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let fc = Linear<Float>(784, 100, initialization: .normal(std: 1e-2), rng: &rng)
    /// ```
    public init(_ inputSize: Int, _ outputSize: Int, initialization: Initialization = .kaiming,
                rng: inout SeededGenerator) {
        check(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) x \(outputSize)")
        weight = Variable(initialization.weights(fanIn: inputSize, fanOut: outputSize, using: &rng))
        bias = Variable(initialization.bias(fanIn: inputSize, count: outputSize, using: &rng))
        super.init()
    }

    /// A layer with weights drawn from `DefaultRandom`.
    ///
    /// ```swift
    /// let fc = Linear<Float>(784, 100)
    /// ```
    public convenience init(_ inputSize: Int, _ outputSize: Int, initialization: Initialization = .kaiming) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inputSize, outputSize, initialization: initialization, rng: &rng)
    }

    /// A layer with the given weight `(inputSize, outputSize)` and bias `(outputSize,)`.
    ///
    /// ```swift
    /// let fc = Linear(weight: Tensor<Float>([[1, 0], [0, 1], [1, 1]]), bias: Tensor<Float>([0, 0.5]))
    /// ```
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>) {
        check(weight.shape.count == 2 && bias.shape == [weight.shape.last ?? 0],
              "Linear: weight must be (in, out) and bias (out,), got \(describe(weight.shape)) and \(describe(bias.shape))")
        self.weight = Variable(weight)
        self.bias = Variable(bias)
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { affine(x) { $0 + bias } }

    /// The layer followed by `activation`: `fc(x).relu()` (or `.tanh()`, `gelu`), recorded as one
    /// fused bias-and-activation node (`addingBias(_:activation:)`) outside `Fusion.with(false)`.
    ///
    /// ```swift
    /// let fc = Linear<Float>(4, 3)
    /// let h = fc(Variable(Tensor<Float>.ones([2, 4])), activation: .relu)   // (2, 3), as fc(x).relu()
    /// ```
    public func callAsFunction(_ x: Variable<Scalar>, activation: BiasActivation, file: StaticString = #fileID,
                               line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) { affine(x) { $0.addingBias(bias, activation: activation) } }
    }

    /// `x @ weight` with `addBias` applied to it, on the flattened or last-axis view of `x`.
    private func affine(_ x: Variable<Scalar>, _ addBias: (Variable<Scalar>) -> Variable<Scalar>) -> Variable<Scalar> {
        let features = weight.shape[0]
        if x.shape.count > 2 && x.shape.last == features && x.shape.dropFirst().reduce(1, *) != features {
            let rows = addBias(x.reshaped([-1, features]).matmul(weight))
            return rows.reshaped(Array(x.shape.dropLast()) + [weight.shape[1]])
        }
        let flat = x.shape.count == 2 ? x : x.reshaped([x.shape.first ?? 1, -1])
        check(flat.shape[1] == features,
              "Linear: input of shape \(describe(x.shape)) has \(flat.shape[1]) features, the layer expects \(features)")
        return addBias(flat.matmul(weight))
    }
}
