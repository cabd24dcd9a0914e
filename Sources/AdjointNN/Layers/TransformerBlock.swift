/// A pre-norm transformer block, as in GPT-2: `x + attention(norm1(x))`, then
/// `y + contract(gelu(expand(norm2(y))))`, on `(N, T, width)`.
///
/// PyTorch's `nn.TransformerEncoderLayer(width, heads, dim_feedforward=hiddenSize, dropout=0,
/// activation="gelu", batch_first=True, norm_first=True)`; `isCausal` lets position `t` attend to
/// positions `0...t` only, as a language model needs.
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let block = TransformerBlock<Float>(width: 64, heads: 4, isCausal: true, rng: &rng)
/// let y = block(Variable(constant: Tensor<Float>.randn([2, 16, 64], using: &rng)))   // (2, 16, 64)
/// ```
public final class TransformerBlock<Scalar: TensorScalar>: Module<Scalar> {
    public let norm1: LayerNorm<Scalar>
    public let attention: MultiheadAttention<Scalar>
    public let norm2: LayerNorm<Scalar>
    /// The feed-forward layers, `width -> hiddenSize -> width`.
    public let expand: Linear<Scalar>, contract: Linear<Scalar>
    public let isCausal: Bool

    /// A block of `heads` attention heads and a feed-forward layer of `hiddenSize` (4 x `width` by
    /// default), its linear layers drawn as PyTorch's.
    public init(width: Int, heads: Int, hiddenSize: Int? = nil, isCausal: Bool = false, rng: inout SeededGenerator) {
        norm1 = LayerNorm(width)
        attention = MultiheadAttention(embedDim: width, heads: heads, rng: &rng)
        norm2 = LayerNorm(width)
        expand = Linear(width, hiddenSize ?? 4 * width, initialization: .pytorch, rng: &rng)
        contract = Linear(hiddenSize ?? 4 * width, width, initialization: .pytorch, rng: &rng)
        self.isCausal = isCausal
        super.init()
    }

    /// The block on `x`, attending where `mask` is 1 (and, if causal, to earlier positions only).
    public func callAsFunction(_ x: Variable<Scalar>, mask: Tensor<Scalar>?,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            let y = x + attention(norm1(x), mask: mask, isCausal: isCausal)
            return y + contract(expand(norm2(y), activation: .gelu))
        }
    }

    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { callAsFunction(x, mask: nil) }
}
