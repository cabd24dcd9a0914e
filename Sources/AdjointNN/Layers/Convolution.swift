/// A 2-D convolution over NHWC images: `weight` of shape `(kh, kw, inChannels, outChannels)`,
/// `bias` of shape `(outChannels,)`, per-axis stride and zero padding.
///
/// ```swift
/// let conv = Conv2D<Float>(inChannels: 1, outChannels: 32, kernel: 3, padding: 1)
/// let y = conv(Variable(constant: images))    // (N, 28, 28, 1) -> (N, 28, 28, 32)
/// let wide = Conv2D<Float>(inChannels: 3, outChannels: 8, kernel: (1, 5), stride: (1, 2), padding: (0, 2))
/// ```
public final class Conv2D<Scalar: TensorScalar>: Module<Scalar> {
    /// The kernels, `(kh, kw, inChannels, outChannels)`.
    public let weight: Variable<Scalar>
    /// One bias per output channel, `(outChannels,)`, zero at start unless given.
    public let bias: Variable<Scalar>
    /// Rows and columns the window moves per output position.
    public let stride: (height: Int, width: Int)
    /// Zero rows and columns added on each side.
    public let padding: (height: Int, width: Int)

    /// A convolution with `kernel.height x kernel.width` windows drawn by `initialization` from `rng`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let conv = Conv2D<Float>(inChannels: 3, outChannels: 16, kernel: (3, 3), padding: (1, 1), rng: &rng)
    /// ```
    public init(inChannels: Int, outChannels: Int, kernel: (height: Int, width: Int), stride: (height: Int, width: Int) = (1, 1),
                padding: (height: Int, width: Int) = (0, 0), initialization: Initialization = .kaiming,
                rng: inout SeededGenerator) {
        check(inChannels > 0 && outChannels > 0 && kernel.height > 0 && kernel.width > 0,
              "Conv2D: channels and kernel must be positive, got \(inChannels) -> \(outChannels), kernel \(kernel.height)x\(kernel.width)")
        check(stride.height > 0 && stride.width > 0, "Conv2D: stride must be positive, got \(stride.height)x\(stride.width)")
        check(padding.height >= 0 && padding.width >= 0, "Conv2D: padding must not be negative, got \(padding.height)x\(padding.width)")
        let fanIn = kernel.height * kernel.width * inChannels
        weight = Variable(initialization.layerWeights([kernel.height, kernel.width, inChannels, outChannels],
                                                      fanIn: fanIn, fanOut: outChannels, using: &rng))
        bias = Variable(initialization.bias(fanIn: fanIn, count: outChannels, using: &rng))
        self.stride = stride
        self.padding = padding
        super.init()
    }

    /// A convolution with square `kernel x kernel` windows and the same stride and padding on both axes.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let conv = Conv2D<Float>(inChannels: 1, outChannels: 32, kernel: 3, padding: 1, rng: &rng)
    /// ```
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            initialization: Initialization = .kaiming, rng: inout SeededGenerator) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), initialization: initialization, rng: &rng)
    }

    /// A convolution with weights drawn from `DefaultRandom`.
    ///
    /// ```swift
    /// let conv = Conv2D<Float>(inChannels: 1, outChannels: 32, kernel: (3, 3), padding: (1, 1))
    /// ```
    public convenience init(inChannels: Int, outChannels: Int, kernel: (height: Int, width: Int),
                            stride: (height: Int, width: Int) = (1, 1), padding: (height: Int, width: Int) = (0, 0),
                            initialization: Initialization = .kaiming) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                  initialization: initialization, rng: &rng)
    }

    /// A square-kernel convolution with weights drawn from `DefaultRandom`.
    ///
    /// ```swift
    /// let conv = Conv2D<Float>(inChannels: 1, outChannels: 32, kernel: 3, padding: 1)
    /// ```
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            initialization: Initialization = .kaiming) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), initialization: initialization)
    }

    /// A convolution with the given weight `(kh, kw, inC, outC)` and bias `(outC,)`.
    ///
    /// ```swift
    /// let edges = Conv2D(weight: Tensor<Float>([1, 0, -1], shape: [1, 3, 1, 1]), bias: .zeros([1]))
    /// ```
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, stride: (height: Int, width: Int) = (1, 1),
                padding: (height: Int, width: Int) = (0, 0)) {
        check(weight.shape.count == 4 && bias.shape == [weight.shape[3]],
              "Conv2D: weight must be (kh, kw, inC, outC) and bias (outC,), got \(describe(weight.shape)) and \(describe(bias.shape))")
        check(stride.height > 0 && stride.width > 0, "Conv2D: stride must be positive, got \(stride.height)x\(stride.width)")
        check(padding.height >= 0 && padding.width >= 0, "Conv2D: padding must not be negative, got \(padding.height)x\(padding.width)")
        self.weight = Variable(weight)
        self.bias = Variable(bias)
        self.stride = stride
        self.padding = padding
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        x.conv2d(weight, stride: stride, padding: padding) + bias
    }

    /// The convolution followed by `activation`: `conv(x).relu()` (or `.tanh()`), recorded
    /// as one fused bias-and-activation node (`addingBias(_:activation:)`) outside `Fusion.with(false)`.
    ///
    /// ```swift
    /// let conv = Conv2D<Float>(inChannels: 1, outChannels: 4, kernel: 3, padding: 1)
    /// let h = conv(Variable(Tensor<Float>.ones([2, 8, 8, 1])), activation: .relu)   // (2, 8, 8, 4)
    /// ```
    public func callAsFunction(_ x: Variable<Scalar>, activation: BiasActivation, file: StaticString = #fileID,
                               line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            x.conv2d(weight, stride: stride, padding: padding).addingBias(bias, activation: activation)
        }
    }
}
