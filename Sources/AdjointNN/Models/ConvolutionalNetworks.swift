/// A small CNN (at most two convolution and two pooling layers):
/// `conv1 3x3(32) - ReLU - pool 2 - conv2 3x3(64) - ReLU - pool 2 - fc1(hidden) - ReLU - fc2`,
/// with `batchNorm` a ``BatchNorm2D`` after each convolution (`bn1`, `bn2`), before its ReLU.
///
/// ```swift
/// let cnn = SmallConvolutionalNetwork<Float>(height: 28, width: 28, channels: 1, classes: 10, seed: 0)
/// ```
public final class SmallConvolutionalNetwork<Scalar: TensorScalar>: Module<Scalar> {
    /// The first convolution: 3x3 windows, `channels -> filters.0`, padding 1.
    public let conv1: Conv2D<Scalar>
    /// The second convolution: 3x3 windows, `filters.0 -> filters.1`, padding 1.
    public let conv2: Conv2D<Scalar>
    /// The hidden layer on the flattened maps after the second pooling.
    public let fc1: Linear<Scalar>
    /// The output layer, `hiddenSize -> classes`.
    public let fc2: Linear<Scalar>
    /// Per-channel batch normalisation after `conv1` and `conv2`, when asked for.
    ///
    /// ```swift
    /// let cnn = SmallConvolutionalNetwork<Float>(batchNorm: true)
    /// print(cnn.bn1!.gamma.shape)   // [32]
    /// ```
    public let bn1: BatchNorm2D<Scalar>?
    /// Batch normalisation after `conv2`; nil unless the network was built with `batchNorm`.
    public let bn2: BatchNorm2D<Scalar>?
    let pool = MaxPool2D<Scalar>(pool: 2, stride: 2)

    /// A network for `height x width x channels` images, drawn from a generator seeded with
    /// `seed`; `batchNorm` adds no random draws, so the weights are the same either way.
    ///
    /// ```swift
    /// let cnn = SmallConvolutionalNetwork<Float>(height: 32, width: 32, channels: 3, classes: 10, batchNorm: true)
    /// ```
    public init(height: Int = 28, width: Int = 28, channels: Int = 1, classes: Int = 10,
                filters: (Int, Int) = (32, 64), hiddenSize: Int = 128, batchNorm: Bool = false, seed: UInt64 = 0) {
        check(height >= 4 && width >= 4,
              "SmallConvolutionalNetwork: images of \(height)x\(width) are too small for two 2x2 poolings (at least 4x4)")
        var rng = SeededGenerator(seed: seed)
        conv1 = Conv2D(inChannels: channels, outChannels: filters.0, kernel: 3, padding: 1, rng: &rng)
        conv2 = Conv2D(inChannels: filters.0, outChannels: filters.1, kernel: 3, padding: 1, rng: &rng)
        fc1 = Linear((height / 4) * (width / 4) * filters.1, hiddenSize, initialization: .kaiming, rng: &rng)
        fc2 = Linear(hiddenSize, classes, initialization: .xavier, rng: &rng)
        bn1 = batchNorm ? BatchNorm2D(channels: filters.0) : nil
        bn2 = batchNorm ? BatchNorm2D(channels: filters.1) : nil
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        // The bias and ReLU, or batch norm and ReLU, are one fused node (outside `Fusion.with(false)`).
        func activated(_ conv: Conv2D<Scalar>, _ bn: BatchNorm2D<Scalar>?, _ y: Variable<Scalar>) -> Variable<Scalar> {
            bn.map { $0(conv(y), activation: .relu) } ?? conv(y, activation: .relu)
        }
        let features = pool(activated(conv2, bn2, pool(activated(conv1, bn1, x))))
        return fc2(fc1(features, activation: .relu))
    }
}

/// A CNN small enough for numerical gradient checks:
/// `conv k3 (3 -> 3, stride 1, pad 0) - max pool 2/2 - fc(27 -> 5)` on 8x8x3 inputs, weights
/// drawn from `N(0, 0.02^2)`.
///
/// ```swift
/// let net = TestCNN<Double>(seed: 0)
/// ```
public final class TestCNN<Scalar: TensorScalar>: Module<Scalar> {
    /// The 3x3 convolution, 3 -> 3 channels, stride 1, no padding.
    public let conv: Conv2D<Scalar>
    /// The output layer on the pooled 3x3x3 maps, 27 -> 5.
    public let fc: Linear<Scalar>
    let pool = MaxPool2D<Scalar>(pool: 2, stride: 2)

    /// The network drawn from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let net = TestCNN<Float>(seed: 3)
    /// ```
    public init(seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        conv = Conv2D(inChannels: 3, outChannels: 3, kernel: 3, initialization: .normal(std: 0.02), rng: &rng)
        fc = Linear(27, 5, initialization: .normal(std: 0.02), rng: &rng)
        super.init()
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { fc(pool(conv(x))) }
}
