/// A 2-D transposed convolution over NHWC images, as PyTorch's `nn.ConvTranspose2d`: the
/// adjoint of a `Conv2D` from `outChannels` to `inChannels`, which upsamples by `stride`.
/// `weight` has shape `(kh, kw, outChannels, inChannels)`, the weight of that `Conv2D` (PyTorch's
/// `(in, out, kh, kw)` permuted by `(2, 3, 1, 0)`), and `bias` shape `(outChannels,)`. The output
/// is `(H - 1) * stride - 2 * padding + kh + outputPadding` high, and likewise wide.
public final class ConvTranspose2D<Scalar: TensorScalar>: Module<Scalar> {
    /// The kernels, `(kh, kw, outChannels, inChannels)`.
    public let weight: Variable<Scalar>
    /// One bias per output channel, `(outChannels,)`, zero at start unless given.
    public let bias: Variable<Scalar>
    /// The upsampling factor: output rows and columns between neighbouring input pixels.
    public let stride: (height: Int, width: Int)
    /// Rows and columns cropped from each side of the output.
    public let padding: (height: Int, width: Int)
    /// Rows and columns added at the bottom and right, below the stride.
    public let outputPadding: (height: Int, width: Int)

    /// A transposed convolution with `kernel.height x kernel.width` windows drawn by
    /// `initialization` from `rng`, fan-in `kh * kw * inChannels` as `Conv2D`'s for the course's
    /// rules (`.pytorch` and `nn.init`'s cases: `kh * kw * outChannels`, as PyTorch counts its
    /// `(in, out, kh, kw)` weight's).
    public init(inChannels: Int, outChannels: Int, kernel: (height: Int, width: Int), stride: (height: Int, width: Int) = (1, 1),
                padding: (height: Int, width: Int) = (0, 0), outputPadding: (height: Int, width: Int) = (0, 0),
                initialization: Initialization = .kaiming, rng: inout SeededGenerator) {
        check(inChannels > 0 && outChannels > 0 && kernel.height > 0 && kernel.width > 0,
              "ConvTranspose2D: channels and kernel must be positive, got \(inChannels) -> \(outChannels), kernel \(kernel.height)x\(kernel.width)")
        Self.checkSteps(stride: stride, padding: padding, outputPadding: outputPadding)
        let window = kernel.height * kernel.width
        let (fanIn, fanOut) = initialization == .pytorch ? (window * outChannels, inChannels) : (window * inChannels, outChannels)
        weight = Variable(initialization.layerWeights([kernel.height, kernel.width, outChannels, inChannels],
                                                      fanIn: fanIn, fanOut: fanOut, using: &rng))
        bias = Variable(initialization.bias(fanIn: fanIn, count: outChannels, using: &rng))
        (self.stride, self.padding, self.outputPadding) = (stride, padding, outputPadding)
        super.init()
    }

    /// A transposed convolution with square `kernel x kernel` windows and the same stride,
    /// padding and output padding on both axes.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, initialization: Initialization = .kaiming, rng: inout SeededGenerator) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), outputPadding: (outputPadding, outputPadding),
                  initialization: initialization, rng: &rng)
    }

    /// A square-kernel transposed convolution with weights drawn from `DefaultRandom`.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, initialization: Initialization = .kaiming) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                  outputPadding: outputPadding, initialization: initialization, rng: &rng)
    }

    /// A transposed convolution with the given weight `(kh, kw, outC, inC)` and bias `(outC,)`.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, stride: (height: Int, width: Int) = (1, 1),
                padding: (height: Int, width: Int) = (0, 0), outputPadding: (height: Int, width: Int) = (0, 0)) {
        check(weight.shape.count == 4 && weight.shape.allSatisfy { $0 > 0 } && bias.shape == [weight.shape[2]],
              "ConvTranspose2D: weight must be (kh, kw, outC, inC) and bias (outC,), got \(describe(weight.shape)) and \(describe(bias.shape))")
        Self.checkSteps(stride: stride, padding: padding, outputPadding: outputPadding)
        self.weight = Variable(weight)
        self.bias = Variable(bias)
        (self.stride, self.padding, self.outputPadding) = (stride, padding, outputPadding)
        super.init()
    }

    private static func checkSteps(stride: (height: Int, width: Int), padding: (height: Int, width: Int),
                                   outputPadding: (height: Int, width: Int)) {
        check(stride.height > 0 && stride.width > 0 && padding.height >= 0 && padding.width >= 0,
              "ConvTranspose2D: stride must be positive and padding not negative, got stride \(stride.height)x\(stride.width), padding \(padding.height)x\(padding.width)")
        check((0..<stride.height).contains(outputPadding.height) && (0..<stride.width).contains(outputPadding.width),
              "ConvTranspose2D: output padding must be in 0..<stride, got \(outputPadding.height)x\(outputPadding.width) with stride \(stride.height)x\(stride.width)")
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        check(x.shape.count == 4 && x.shape[3] == weight.shape[3],
              "ConvTranspose2D: input of shape \(describe(x.shape)) is not (N, H, W, \(weight.shape[3])) for weight \(describe(weight.shape))")
        let outHeight = (x.shape[1] - 1) * stride.height - 2 * padding.height + weight.shape[0] + outputPadding.height
        let outWidth = (x.shape[2] - 1) * stride.width - 2 * padding.width + weight.shape[1] + outputPadding.width
        check(outHeight > 0 && outWidth > 0,
              "ConvTranspose2D: input of shape \(describe(x.shape)) with weight \(describe(weight.shape)) and padding \(padding.height)x\(padding.width) gives an empty \(outHeight)x\(outWidth) output")
        return x.convTranspose2d(weight, stride: stride, padding: padding, outputPadding: outputPadding) + bias
    }
}
