/// The activation after a layer, for the gain of Kaiming's and Xavier's draws: PyTorch's
/// `calculate_gain(nonlinearity, param)`, the factor that keeps the activations' variance
/// from layer to layer.
///
/// ```swift
/// let gain = Nonlinearity.leakyReLU.gain(negativeSlope: 0.2)   // sqrt(2 / (1 + 0.2^2)) = 1.3868
/// ```
public enum Nonlinearity: Sendable, Equatable {
    /// No activation, or a linear layer or convolution's own: gain 1.
    case linear
    /// Gain 1.
    case sigmoid
    /// Gain 5/3.
    case tanh
    /// Gain sqrt(2).
    case relu
    /// Gain `sqrt(2 / (1 + negativeSlope^2))`.
    case leakyReLU
    /// Gain 3/4, the one that keeps SELU's self-normalising variance.
    case selu

    /// The recommended gain; `negativeSlope` is the leaky ReLU's (PyTorch's `param`, 0.01 by
    /// default) and ignored by the others.
    public func gain(negativeSlope: Double = 0.01) -> Double {
        switch self {
        case .linear, .sigmoid: 1
        case .tanh: 5.0 / 3
        case .relu: 2.0.squareRoot()
        case .leakyReLU: (2 / (1 + negativeSlope * negativeSlope)).squareRoot()
        case .selu: 3.0 / 4
        }
    }
}

/// Which fan Kaiming's draws divide by: the inputs, keeping the forward pass's variance
/// (PyTorch's `mode="fan_in"`), or the outputs, keeping the backward pass's (`"fan_out"`).
public enum FanMode: Sendable, Equatable {
    /// The inputs each output sums: PyTorch's default.
    case fanIn
    /// The outputs each input feeds.
    case fanOut
}
