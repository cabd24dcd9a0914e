/// A 2-D convolution over NHWC images: weights `(k, k, inC, outC)` (named `<name>_w`), bias
/// `(outC,)` (`<name>_b`), stride and zero padding.
///
/// ```swift
/// let conv = Conv2D<Float>(inChannels: 1, outChannels: 32, kernel: 3, padding: 1, name: "conv1", rng: &rng)
/// let y = conv(Variable(constant: images))    // (N, 28, 28, 1) -> (N, 28, 28, 32)
/// ```
public final class Conv2D<Scalar: TensorScalar>: Module<Scalar> {
    public let weight: Variable<Scalar>
    public let bias: Variable<Scalar>
    public let stride: Int
    public let padding: Int

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, name: String,
                initialization: Initialization = .kaiming, rng: inout SeededGenerator) {
        check(inChannels > 0 && outChannels > 0 && kernel > 0,
              "Conv2D: channels and kernel must be positive, got \(inChannels) -> \(outChannels), kernel \(kernel)")
        check(stride > 0, "Conv2D: stride must be positive, got \(stride)")
        let fanIn = kernel * kernel * inChannels
        weight = Variable(initialization.weights(fanIn: fanIn, fanOut: outChannels, using: &rng)
            .reshaped([kernel, kernel, inChannels, outChannels]))
        bias = Variable(Tensor.zeros([outChannels]))
        self.stride = stride
        self.padding = padding
        super.init()
        addParameter("\(name)_w", weight)
        addParameter("\(name)_b", bias)
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        x.conv2d(weight, stride: stride, padding: padding) + bias
    }
}

/// Max pooling over `pool x pool` windows moved by `stride` (no padding). The gradient goes
/// to each window's maximum; when several elements tie, the first in row-major window order.
///
/// ```swift
/// let pool = MaxPool2D<Float>(pool: 2, stride: 2)   // (N, 28, 28, C) -> (N, 14, 14, C)
/// ```
public final class MaxPool2D<Scalar: TensorScalar>: Module<Scalar> {
    public let pool: Int
    public let stride: Int

    public init(pool: Int, stride: Int) {
        self.pool = pool
        self.stride = stride
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { x.maxPool2d(pool: pool, stride: stride) }
}
