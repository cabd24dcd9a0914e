/// Batch normalisation of `(N, H, W, C)` feature maps, per channel: each channel's mean and
/// variance are taken over the batch and both spatial axes (N x H x W values), also known as
/// spatial batch normalisation.
///
/// The input is viewed as `(N*H*W, C)` rows, so the statistics are the same column means
/// ``BatchNorm`` takes; running statistics follow the same rule
/// (`running = momentum * running + (1 - momentum) * batch`, biased variance, starting at 0).
/// The backward pass comes from the primitives (reshape, mean, subtract, multiply, sqrt, divide).
///
/// ```swift
/// let bn = BatchNorm2D<Float>(channels: 32)
/// let y = bn(Variable(Tensor<Float>.randn([8, 14, 14, 32], using: &rng)))   // (8, 14, 14, 32)
/// print(bn.namedParameters.map(\.path), bn.namedBuffers.map(\.path))
/// // ["gamma", "beta"] ["runningMean", "runningVariance"]
/// ```
public final class BatchNorm2D<Scalar: TensorScalar>: Module<Scalar> {
    /// The per-channel scale, trained; 1 at start.
    ///
    /// ```swift
    /// print(bn.gamma.shape)   // [32]
    /// ```
    public let gamma: Variable<Scalar>
    /// The per-channel shift, trained; 0 at start.
    ///
    /// ```swift
    /// print(bn.beta.shape)   // [32]
    /// ```
    public let beta: Variable<Scalar>
    /// The running per-channel mean used in evaluation; saved, not trained.
    ///
    /// ```swift
    /// let mean = bn.runningMean.value   // (32,), zeros before training
    /// ```
    public let runningMean: Buffer<Scalar>
    /// The running per-channel (biased) variance used in evaluation; saved, not trained.
    ///
    /// ```swift
    /// let variance = bn.runningVariance.value   // (32,)
    /// ```
    public let runningVariance: Buffer<Scalar>
    /// The share of the running statistics kept at each training step.
    ///
    /// ```swift
    /// print(BatchNorm2D<Float>(channels: 32).momentum)   // 0.9
    /// ```
    public let momentum: Scalar
    /// Added to the variance before its square root.
    ///
    /// ```swift
    /// print(BatchNorm2D<Float>(channels: 32, epsilon: 1e-3).epsilon)   // 0.001
    /// ```
    public let epsilon: Scalar

    /// Normalisation of `channels` channels, with `gamma` 1 and `beta` 0.
    ///
    /// ```swift
    /// let bn = BatchNorm2D<Float>(channels: 64, momentum: 0.9)
    /// ```
    public init(channels: Int, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        check(channels > 0, "BatchNorm2D: channel count must be positive, got \(channels)")
        gamma = Variable(Tensor.ones([channels]))
        beta = Variable(Tensor.zeros([channels]))
        runningMean = Buffer(.zeros([channels]))
        runningVariance = Buffer(.zeros([channels]))
        self.momentum = momentum
        self.epsilon = epsilon
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let channels = gamma.shape[0]
        check(x.shape.count == 4 && x.shape[3] == channels,
              "BatchNorm2D: input of shape \(describe(x.shape)) is not (N, H, W, \(channels))")
        return normalizeColumns(x.reshaped([-1, channels]), gamma: gamma, beta: beta, runningMean: runningMean,
                                runningVariance: runningVariance, momentum: momentum, epsilon: epsilon, training: isTraining)
            .reshaped(x.shape)
    }
}
