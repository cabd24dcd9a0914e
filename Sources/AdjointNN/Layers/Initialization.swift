/// How a layer's weight is drawn: the course's rules (`normal(std:)`, `kaiming`, `xavier`),
/// PyTorch's layer default (`pytorch`) and `torch.nn.init`'s functions.
///
/// A layer takes one as `initialization:`; `weights(_:using:)` draws any parameter, so a
/// PyTorch `nn.init.xavier_uniform_(m.weight)` is `m.weight.value = Initialization.xavierUniform().weights(m.weight.shape, using: &rng)`.
/// The `nn.init` cases count fan-in and fan-out as PyTorch does for the same layer, from
/// Adjoint's layouts (see `fans(_:)`); the course's rules take the fans the layer gives
/// (`Conv2D`: `kh * kw * inChannels` and `outChannels`). Every case but `pytorch` gives a
/// layer zero biases.
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let fc = Linear<Float>(3072, 100, initialization: .kaimingNormal(nonlinearity: .relu), rng: &rng)
/// ```
public enum Initialization: Sendable, Equatable {
    /// `N(mean, std^2)`, PyTorch's `normal_(mean, std)`; the course's weight scale (1e-2 or 0.02
    /// in the small networks) is `std`.
    case normal(mean: Double = 0, std: Double)
    /// The course's He/Kaiming normal for ReLU layers: `N(0, 2 / fanIn)`.
    case kaiming
    /// The course's Xavier/Glorot uniform: `U(-a, a)` with `a = sqrt(6 / (fanIn + fanOut))`.
    case xavier
    /// PyTorch's default for `nn.Linear` and the convolutions, `kaiming_uniform_(a=sqrt(5))`:
    /// `U(-1/sqrt(fanIn), 1/sqrt(fanIn))`, the bias too, so a port starts from the same distribution.
    case pytorch
    /// `U(low, high)`, PyTorch's `uniform_(a, b)`.
    case uniform(low: Double = 0, high: Double = 1)
    /// Every element `value`, PyTorch's `constant_`; `zeros` and `ones` are two of these.
    case constant(Double)
    /// `U(-a, a)` with `a = gain * sqrt(6 / (fanIn + fanOut))`, PyTorch's `xavier_uniform_(gain)`.
    case xavierUniform(gain: Double = 1)
    /// `N(0, std^2)` with `std = gain * sqrt(2 / (fanIn + fanOut))`, PyTorch's `xavier_normal_(gain)`.
    case xavierNormal(gain: Double = 1)
    /// `U(-b, b)` with `b = sqrt(3) * gain / sqrt(fan)`, PyTorch's `kaiming_uniform_(a, mode, nonlinearity)`:
    /// `gain` is `nonlinearity.gain(negativeSlope: a)`, `fan` the fan-in or fan-out by `mode`.
    case kaimingUniform(a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU)
    /// `N(0, std^2)` with `std = gain / sqrt(fan)`, PyTorch's `kaiming_normal_(a, mode, nonlinearity)`.
    case kaimingNormal(a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU)
    /// `N(mean, std^2)` redrawn until within `[low, high]` (absolute bounds), PyTorch's
    /// `trunc_normal_(mean, std, a, b)`.
    case truncatedNormal(mean: Double = 0, std: Double = 1, low: Double = -2, high: Double = 2)
    /// A matrix whose columns (or rows, if fewer) are orthonormal times `gain`, drawn uniformly
    /// (Haar), PyTorch's `orthogonal_(gain)`; the leading axes of a kernel are flattened into rows.
    case orthogonal(gain: Double = 1)
    /// The identity matrix (ones where row equals column), PyTorch's `eye_`; 2-D weights only.
    case eye

    /// Zeros everywhere, PyTorch's `zeros_`.
    public static let zeros = Initialization.constant(0)
    /// Ones everywhere, PyTorch's `ones_`.
    public static let ones = Initialization.constant(1)

    /// A freshly drawn weight matrix `(fanIn, fanOut)`, as `Linear`'s.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let w: Tensor<Float> = Initialization.kaiming.weights(fanIn: 784, fanOut: 100, using: &rng)   // (784, 100)
    /// ```
    public func weights<S: TensorScalar>(fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        draw([fanIn, fanOut], fanIn: fanIn, fanOut: fanOut, using: &rng)
    }

    /// A freshly drawn parameter of `shape` in Adjoint's layout, its fans counted as PyTorch
    /// counts them for the same parameter (`fans(_:)`).
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let conv = Conv2D<Float>(inChannels: 3, outChannels: 16, kernel: 3, rng: &rng)
    /// conv.weight.value = Initialization.orthogonal().weights(conv.weight.shape, using: &rng)
    /// ```
    public func weights<S: TensorScalar>(_ shape: [Int], using rng: inout SeededGenerator) -> Tensor<S> {
        guard usesFans else { return draw(shape, fanIn: 0, fanOut: 0, using: &rng) }
        let (fanIn, fanOut) = Self.fans(shape, op: name)
        return draw(shape, fanIn: fanIn, fanOut: fanOut, using: &rng)
    }

    /// A layer's weight of `shape`: the course's rules and `pytorch` with the fans the layer
    /// gives, as they always were drawn, `nn.init`'s with PyTorch's count from the shape.
    func layerWeights<S: TensorScalar>(_ shape: [Int], fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        switch self {
        case .normal, .kaiming, .xavier, .pytorch: weights(fanIn: fanIn, fanOut: fanOut, using: &rng).reshaped(shape)
        default: weights(shape, using: &rng)
        }
    }

    /// A freshly drawn bias of `count` values: zeros, but for `.pytorch` (drawn after the weights).
    public func bias<S: TensorScalar>(fanIn: Int, count: Int, using rng: inout SeededGenerator) -> Tensor<S> {
        guard self == .pytorch else { return .zeros([count]) }
        let a = S(1 / Double(fanIn).squareRoot())
        return .uniform([count], low: -a, high: a, using: &rng)
    }

    /// PyTorch's `(fan_in, fan_out)` of a parameter of `shape` in Adjoint's layout. Adjoint keeps
    /// PyTorch's first axis (the outputs) last and its second (the inputs) second to last, the
    /// rest being the kernel window: `Linear` `(in, out)` has fans `(in, out)`, `Conv2D`
    /// `(kh, kw, in, out)` `(kh*kw*in, kh*kw*out)`, and `ConvTranspose2D` `(kh, kw, out, in)`
    /// `(kh*kw*out, kh*kw*in)`, as PyTorch counts its `(in, out, kh, kw)`. `Embedding`'s
    /// `(count, dimension)` is PyTorch's own layout, so its fans come out swapped. A shape of
    /// fewer than two axes traps, as in PyTorch.
    ///
    /// ```swift
    /// let (fanIn, fanOut) = Initialization.fans([3, 3, 16, 32])   // (144, 288)
    /// ```
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) { fans(shape, op: "fans") }

    /// `fans(_:)`, trapping with `op` named.
    private static func fans(_ shape: [Int], op: String) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            fatalError("Initialization.\(op): fan-in and fan-out need at least 2 axes, got shape \(describe(shape))")
        }
        let window = shape.dropLast(2).reduce(1, *)
        return (window * shape[shape.count - 2], window * shape[shape.count - 1])
    }

    /// Whether the draw depends on the fans (and so needs a shape of two axes or more).
    private var usesFans: Bool {
        switch self {
        case .kaiming, .xavier, .pytorch, .xavierUniform, .xavierNormal, .kaimingUniform, .kaimingNormal: true
        case .normal, .uniform, .constant, .truncatedNormal, .orthogonal, .eye: false
        }
    }

    /// The case's name, for messages.
    private var name: String { String(describing: self).prefix { $0 != "(" }.description }
}
