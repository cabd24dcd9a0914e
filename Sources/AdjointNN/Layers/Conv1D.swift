/// A 1-D convolution over channels-last sequences `(N, L, inChannels)` (NHWC without the
/// height), as PyTorch's `nn.Conv1d` over `(N, C, L)`: `weight` of shape `(kernel, inChannels,
/// outChannels)`, `bias` of shape `(outChannels,)`, stride, zero padding on both ends and dilation.
public final class Conv1D<Scalar: TensorScalar>: Module<Scalar> {
    /// The kernels, `(kernel, inChannels, outChannels)`.
    public let weight: Variable<Scalar>
    /// One bias per output channel, `(outChannels,)`, zero at start unless given.
    public let bias: Variable<Scalar>
    /// Positions the window moves per output position.
    public let stride: Int
    /// Zero positions added at each end.
    public let padding: Int
    /// The step between the kernel's taps: 1 for neighbouring positions.
    public let dilation: Int

    /// A convolution with `kernel`-tap windows drawn by `initialization` from `rng`, fan-in
    /// `kernel * inChannels` as `Conv2D`'s (fan-out `kernel * outChannels` for `nn.init`'s cases, as PyTorch's).
    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
                initialization: Initialization = .kaiming, rng: inout SeededGenerator) {
        check(inChannels > 0 && outChannels > 0 && kernel > 0,
              "Conv1D: channels and kernel must be positive, got \(inChannels) -> \(outChannels), kernel \(kernel)")
        Self.checkSteps(stride: stride, padding: padding, dilation: dilation)
        weight = Variable(initialization.layerWeights([kernel, inChannels, outChannels],
                                                      fanIn: kernel * inChannels, fanOut: outChannels, using: &rng))
        bias = Variable(initialization.bias(fanIn: kernel * inChannels, count: outChannels, using: &rng))
        (self.stride, self.padding, self.dilation) = (stride, padding, dilation)
        super.init()
    }

    /// A convolution with weights drawn from `DefaultRandom`.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, initialization: Initialization = .kaiming) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                  dilation: dilation, initialization: initialization, rng: &rng)
    }

    /// A convolution with the given weight `(kernel, inC, outC)` and bias `(outC,)`.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        check(weight.shape.count == 3 && weight.shape.allSatisfy { $0 > 0 } && bias.shape == [weight.shape[2]],
              "Conv1D: weight must be (k, inC, outC) and bias (outC,), got \(describe(weight.shape)) and \(describe(bias.shape))")
        Self.checkSteps(stride: stride, padding: padding, dilation: dilation)
        self.weight = Variable(weight)
        self.bias = Variable(bias)
        (self.stride, self.padding, self.dilation) = (stride, padding, dilation)
        super.init()
    }

    private static func checkSteps(stride: Int, padding: Int, dilation: Int) {
        check(stride > 0 && dilation > 0 && padding >= 0,
              "Conv1D: stride and dilation must be positive and padding not negative, got stride \(stride), dilation \(dilation), padding \(padding)")
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        check(x.shape.count == 3 && x.shape[2] == weight.shape[1],
              "Conv1D: input of shape \(describe(x.shape)) is not (N, L, \(weight.shape[1])) for weight \(describe(weight.shape))")
        let span = dilation * (weight.shape[0] - 1) + 1
        check(span <= x.shape[1] + 2 * padding,
              "Conv1D: input of shape \(describe(x.shape)) padded by \(padding) is shorter than the kernel's span \(span) (weight \(describe(weight.shape)), dilation \(dilation))")
        return x.conv1d(weight, stride: stride, padding: padding, dilation: dilation) + bias
    }
}
