/// Batch normalisation of `(N, H, W, C)` feature maps, per channel: each channel's mean and
/// variance are taken over the batch and both spatial axes (N x H x W values), the
/// assignments' "spatial batchnorm".
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
    public let gamma: Variable<Scalar>
    public let beta: Variable<Scalar>
    public let runningMean: Buffer<Scalar>
    public let runningVariance: Buffer<Scalar>
    public let momentum: Scalar
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
