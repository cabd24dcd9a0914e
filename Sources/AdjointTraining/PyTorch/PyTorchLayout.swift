/// How one tensor's layout in PyTorch differs from Adjoint's.
enum PyTorchLayout: Equatable {
    /// The same layout: biases, norms' scales, embedding tables.
    case same
    /// PyTorch's `(out, in)` is Adjoint's `(in, out)`: linear, recurrent and attention weights.
    case transposed
    /// Adjoint's axis `i` is PyTorch's axis `axes[i]`: convolution kernels.
    case permuted([Int])
    /// A linear weight after a flatten: PyTorch's columns run over an NCHW map's `(C, H, W)`,
    /// Adjoint's rows over the NHWC map's `(H, W, C)`.
    case flattened(FlattenedMap)

    /// PyTorch's `(out, in, kh, kw)` and `ConvTranspose2d`'s `(in, out, kh, kw)` as `(kh, kw, in, out)`
    /// and `(kh, kw, out, in)`.
    static let conv2d = PyTorchLayout.permuted([2, 3, 1, 0])
    /// PyTorch's `(out, in, k)` as `(k, in, out)`.
    static let conv1d = PyTorchLayout.permuted([2, 1, 0])

    /// The PyTorch shape of a tensor of Adjoint shape `shape`.
    func pyTorchShape(_ shape: [Int]) -> [Int] {
        switch self {
        case .same: return shape
        case .transposed, .flattened: return [shape[1], shape[0]]
        case .permuted(let axes): return inverse(axes).map { shape[$0] }
        }
    }

    /// A tensor of PyTorch's layout in Adjoint's.
    func adjoint<S>(_ tensor: Tensor<S>) -> Tensor<S> {
        switch self {
        case .same: return tensor
        case .transposed: return tensor.transposed()
        case .permuted(let axes): return tensor.permuted(axes)
        case .flattened(let map):
            let out = tensor.shape[0]
            return tensor.reshaped([out, map.channels, map.height, map.width]).permuted([2, 3, 1, 0])
                .reshaped([-1, out])
        }
    }

    /// A tensor of Adjoint's layout in PyTorch's.
    func pyTorch<S>(_ tensor: Tensor<S>) -> Tensor<S> {
        switch self {
        case .same: return tensor
        case .transposed: return tensor.transposed()
        case .permuted(let axes): return tensor.permuted(inverse(axes))
        case .flattened(let map):
            let out = tensor.shape[1]
            return tensor.reshaped([map.height, map.width, map.channels, out]).permuted([3, 2, 0, 1])
                .reshaped([out, -1])
        }
    }
}

/// The permutation undoing `axes`.
private func inverse(_ axes: [Int]) -> [Int] {
    var result = axes
    for (i, axis) in axes.enumerated() { result[axis] = i }
    return result
}

/// The `(C, H, W)` of the NCHW feature map a PyTorch model flattens into a `Linear`: the
/// linear's weight is reordered to the NHWC map Adjoint flattens.
///
/// ```swift
/// let map = FlattenedMap(channels: 16, height: 5, width: 5)   // LeNet's fc1 input, 16 x 5 x 5
/// ```
public struct FlattenedMap: Equatable, Sendable {
    /// Channels `C`.
    public let channels: Int
    /// Rows `H`.
    public let height: Int
    /// Columns `W`.
    public let width: Int

    /// The map of `channels` channels of `height x width`.
    public init(channels: Int, height: Int, width: Int) {
        check(channels > 0 && height > 0 && width > 0,
              "FlattenedMap: channels, height and width must be positive, got \(channels) x \(height) x \(width)")
        (self.channels, self.height, self.width) = (channels, height, width)
    }

    /// The number of features it flattens to.
    var count: Int { channels * height * width }
}
