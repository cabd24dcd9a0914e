/// Batch normalisation per feature of the last axis, with the statistics over every other
/// axis: the features of `(N, D)` inputs, or the channels of `(N, H, W, C)` maps (N x H x W
/// values each, also known as spatial batch normalisation); any rank from 2 up.
///
/// Training: normalise with the batch mean and biased variance, then scale by `gamma` and
/// shift by `beta`; update `running = momentum * running + (1 - momentum) * batch` (both
/// running statistics start at 0, where PyTorch starts the variance at 1). Evaluation:
/// normalise with the running statistics. The backward pass comes from one fused node
/// (`Variable.batchNorm`), or inside `Fusion.with(false)` from the primitives.
///
/// ```swift
/// let bn = BatchNorm<Float>(32)
/// let y = bn(Variable(Tensor<Float>.randn([8, 14, 14, 32], using: &rng)))   // (8, 14, 14, 32)
/// print(bn.namedParameters.map(\.path), bn.namedBuffers.map(\.path))
/// // ["gamma", "beta"] ["runningMean", "runningVariance"]
/// ```
public final class BatchNorm<Scalar: TensorScalar>: Module<Scalar> {
    /// The per-feature scale, trained; 1 at start.
    public let gamma: Variable<Scalar>
    /// The per-feature shift, trained; 0 at start.
    public let beta: Variable<Scalar>
    /// The running mean used in evaluation; saved, not trained.
    public let runningMean: Buffer<Scalar>
    /// The running (biased) variance used in evaluation; saved, not trained.
    public let runningVariance: Buffer<Scalar>
    /// The share of the running statistics kept at each training step.
    public let momentum: Scalar
    /// Added to the variance before its square root.
    public let epsilon: Scalar

    /// Normalisation of `features` features (or channels), with `gamma` 1 and `beta` 0.
    ///
    /// ```swift
    /// let bn = BatchNorm<Float>(500, momentum: 0.9)
    /// ```
    public init(_ features: Int, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        check(features > 0, "BatchNorm: feature count must be positive, got \(features)")
        gamma = Variable(Tensor.ones([features]))
        beta = Variable(Tensor.zeros([features]))
        runningMean = Buffer(.zeros([features]))
        runningVariance = Buffer(.zeros([features]))
        self.momentum = momentum
        self.epsilon = epsilon
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { normalized(x, relu: false) }

    /// The layer followed by `activation`: `bn(x).relu()` (or `.tanh()`). In training, ReLU is
    /// taken in batch norm's fused node (`batchNormReLU`, outside `Fusion.with(false)`), with
    /// the same bits as `bn(x).relu()`.
    ///
    /// ```swift
    /// let bn = BatchNorm<Float>(3)
    /// let h = bn(Variable(Tensor<Float>.ones([2, 3])), activation: .relu)   // (2, 3), as bn(x).relu()
    /// ```
    public func callAsFunction(_ x: Variable<Scalar>, activation: BiasActivation, file: StaticString = #fileID,
                               line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            activation == .relu ? normalized(x, relu: true) : normalized(x, relu: false).tanh()
        }
    }

    /// The training or evaluation forward, with ReLU after it when `relu`.
    private func normalized(_ x: Variable<Scalar>, relu: Bool) -> Variable<Scalar> {
        check(x.shape.count >= 2 && x.shape.last == gamma.shape[0],
              "BatchNorm: input of shape \(describe(x.shape)) does not have \(gamma.shape[0]) features on its last axis")
        guard isTraining else {
            let y = x.batchNorm(gamma: gamma, beta: beta, runningMean: runningMean.value, runningVariance: runningVariance.value,
                                epsilon: epsilon)
            return relu ? y.relu() : y
        }
        let (y, mean, variance) = relu ? x.batchNormReLU(gamma: gamma, beta: beta, epsilon: epsilon)
                                       : x.batchNorm(gamma: gamma, beta: beta, epsilon: epsilon)
        runningMean.value = runningMean.value * momentum + mean * (1 - momentum)
        runningVariance.value = runningVariance.value * momentum + variance * (1 - momentum)
        return y
    }
}
