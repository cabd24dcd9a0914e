/// Group normalisation of channels-last inputs `(N, ..., C)` (NHWC maps, or `(N, C)`), as
/// PyTorch's `GroupNorm`: the `C` channels are split into `groups` runs of `C / groups`, each
/// sample's group is normalised over its channels and all spatial positions (biased variance,
/// `epsilon` added), then each channel is scaled by `gamma` and shifted by `beta`. One group is
/// layer norm over `(..., C)`; `C` groups is instance norm. Per sample, so training and
/// evaluation agree.
///
/// ```swift
/// let norm = GroupNorm<Float>(groups: 8, channels: 64)
/// let y = norm(x)                                   // x: (N, 14, 14, 64)
/// print(norm.namedParameters.map(\.path))           // ["gamma", "beta"]
/// ```
public final class GroupNorm<Scalar: TensorScalar>: Module<Scalar> {
    /// The per-channel scale, `(C,)`, trained; 1 at start.
    public let gamma: Variable<Scalar>
    /// The per-channel shift, `(C,)`, trained; 0 at start.
    public let beta: Variable<Scalar>
    /// The number of channel groups.
    public let groups: Int
    /// Added to the variance before its square root.
    public let epsilon: Scalar

    /// Normalisation of `channels` channels in `groups` groups; `groups` must divide `channels`.
    ///
    /// ```swift
    /// let norm = GroupNorm<Float>(groups: 32, channels: 256)
    /// ```
    public init(groups: Int, channels: Int, epsilon: Scalar = 1e-5) {
        check(groups > 0 && channels > 0 && channels % groups == 0,
              "GroupNorm: \(groups) groups do not divide \(channels) channels evenly")
        gamma = Variable(Tensor.ones([channels]))
        beta = Variable(Tensor.zeros([channels]))
        self.groups = groups
        self.epsilon = epsilon
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let channels = gamma.shape[0]
        check(x.shape.count >= 2 && x.shape[x.shape.count - 1] == channels,
              "GroupNorm: input of shape \(describe(x.shape)) is not (N, ..., \(channels))")
        // (N, positions, groups, channels per group): each group's statistics over axes 1 and 3.
        let grouped = x.reshaped([x.shape[0], -1, groups, channels / groups])
        let centered = grouped - grouped.mean(alongAxes: [1, 3], keepingDimensions: true)
        let variance = (centered * centered).mean(alongAxes: [1, 3], keepingDimensions: true)
        return (centered / (variance + epsilon).sqrt()).reshaped(x.shape) * gamma + beta
    }
}
