/// ``BatchNorm`` under its spatial name, for `(N, H, W, C)` feature maps: the statistics of
/// each channel are over N x H x W values, and checkpoints name the same `gamma`, `beta`,
/// `runningMean` and `runningVariance`.
///
/// ```swift
/// let bn = BatchNorm2D<Float>(channels: 32)
/// let y = bn(Variable(Tensor<Float>.randn([8, 14, 14, 32], using: &rng)))   // (8, 14, 14, 32)
/// ```
public typealias BatchNorm2D<Scalar: TensorScalar> = BatchNorm<Scalar>

extension BatchNorm {
    /// Normalisation of `channels` channels, with `gamma` 1 and `beta` 0: the spelling
    /// convolutional models use.
    ///
    /// ```swift
    /// let bn = BatchNorm2D<Float>(channels: 64, momentum: 0.9)
    /// ```
    public convenience init(channels: Int, momentum: Scalar = 0.9, epsilon: Scalar = 1e-5) {
        self.init(channels, momentum: momentum, epsilon: epsilon)
    }
}
