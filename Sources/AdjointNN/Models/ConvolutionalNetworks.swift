/// The assignment's small CNN (at most two convolution and two pooling layers):
/// `conv3x3(32) - ReLU - pool2 - conv3x3(64) - ReLU - pool2 - flatten - FC(hidden) - ReLU - FC`.
///
/// ```swift
/// let cnn = SmallConvolutionalNetwork<Float>(height: 28, width: 28, channels: 1, classes: 10, seed: 0)
/// ```
public final class SmallConvolutionalNetwork<Scalar: TensorScalar>: Classifier<Scalar> {
    /// The first convolution, whose filters the reports draw.
    public let conv1: Conv2D<Scalar>

    public init(height: Int = 28, width: Int = 28, channels: Int = 1, classes: Int = 10,
                filters: (Int, Int) = (32, 64), hiddenSize: Int = 128, seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        conv1 = Conv2D(inChannels: channels, outChannels: filters.0, kernel: 3, padding: 1, name: "conv1", rng: &rng)
        let conv2 = Conv2D<Scalar>(inChannels: filters.0, outChannels: filters.1, kernel: 3, padding: 1, name: "conv2", rng: &rng)
        let features = (height / 4) * (width / 4) * filters.1
        super.init([
            conv1, ReLU(), MaxPool2D(pool: 2, stride: 2),
            conv2, ReLU(), MaxPool2D(pool: 2, stride: 2),
            Flatten(),
            Linear(features, hiddenSize, name: "fc1", initialization: .kaiming, rng: &rng), ReLU(),
            Linear(hiddenSize, classes, name: "fc2", initialization: .xavier, rng: &rng),
        ])
    }
}

/// The assignment's test CNN: `conv k3 (3 -> 3, stride 1, pad 0) - max pool 2/2 - flatten -
/// FC(27 -> 5)` on 8x8x3 inputs, parameters `conv_w, conv_b, fc_w, fc_b`.
///
/// ```swift
/// let net = TestCNN<Double>(seed: 0)
/// ```
public final class TestCNN<Scalar: TensorScalar>: Classifier<Scalar> {
    public init(seed: UInt64 = 0) {
        var rng = SeededGenerator(seed: seed)
        super.init([
            Conv2D(inChannels: 3, outChannels: 3, kernel: 3, name: "conv", initialization: .normal(std: 0.02), rng: &rng),
            MaxPool2D(pool: 2, stride: 2),
            Flatten(),
            Linear(27, 5, name: "fc", initialization: .normal(std: 0.02), rng: &rng),
        ])
    }
}
