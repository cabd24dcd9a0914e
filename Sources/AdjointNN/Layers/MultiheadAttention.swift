/// Multi-head attention as PyTorch's `nn.MultiheadAttention(embed_dim, num_heads,
/// batch_first=True)`: the query, key and value are projected to `embedDim` features, split
/// into `heads` heads of `embedDim / heads` features, attended in each head at once (one
/// batched matmul for all heads) and projected back by `outProjection`.
///
/// Inputs are batch first: query `(N, L, E)`, key and value `(N, S, E)`. The weights are
/// stored `(in, out)` like `Linear`'s, the transpose of PyTorch's: `inProjectionWeight` is
/// `in_proj_weight.T` `(E, 3E)` with the query, key and value columns in that order,
/// `inProjectionBias` is `in_proj_bias`, and `outProjection.weight` is `out_proj.weight.T`.
/// The mask convention is `scaledDotProductAttention`'s (1 = attend), the opposite of the
/// boolean `attn_mask` and `key_padding_mask` of PyTorch's module (True = masked).
///
/// ```swift
/// let attention = MultiheadAttention<Float>(embedDim: 64, heads: 4)
/// let x = Variable(Tensor<Float>.zeros([32, 16, 64]))   // (N, T, E)
/// let y = attention(x, isCausal: true)                  // (32, 16, 64)
/// ```
public final class MultiheadAttention<Scalar: TensorScalar>: Module<Scalar> {
    /// The query, key and value projections side by side, `(E, 3E)`; Xavier uniform at start, as PyTorch.
    public let inProjectionWeight: Variable<Scalar>
    /// The query, key and value biases, `(3E,)`; zero at start.
    public let inProjectionBias: Variable<Scalar>
    /// The output projection `(E, E)`, `U(-1/sqrt(E), 1/sqrt(E))` at start with a zero bias, as PyTorch.
    public let outProjection: Linear<Scalar>
    /// The number of heads; each has `embedDim / heads` features.
    public let heads: Int

    /// Attention over `embedDim` features in `heads` heads (`embedDim` a multiple of `heads`),
    /// drawn from `rng`.
    public init(embedDim: Int, heads: Int, rng: inout SeededGenerator) {
        check(embedDim > 0 && heads > 0 && embedDim % heads == 0,
              "MultiheadAttention: embedDim \(embedDim) must be a positive multiple of heads \(heads)")
        inProjectionWeight = Variable(Initialization.xavier.weights(fanIn: embedDim, fanOut: 3 * embedDim, using: &rng))
        inProjectionBias = Variable(Tensor.zeros([3 * embedDim]))
        let bound = 1 / Scalar(embedDim).squareRoot()
        outProjection = Linear(weight: .uniform([embedDim, embedDim], low: -bound, high: bound, using: &rng),
                               bias: .zeros([embedDim]))
        self.heads = heads
        super.init()
    }

    /// Attention drawn from `DefaultRandom`.
    public convenience init(embedDim: Int, heads: Int) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(embedDim: embedDim, heads: heads, rng: &rng)
    }

    /// The attended query, `(N, L, E)`. `mask` broadcasts to the scores `(N, heads, L, S)`:
    /// `(L, S)` for every sample and head, `(N, 1, 1, S)` for each sample's padding.
    public func callAsFunction(_ query: Variable<Scalar>, key: Variable<Scalar>, value: Variable<Scalar>,
                               mask: Tensor<Scalar>? = nil, isCausal: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            attend(query, key, value, mask: mask, isCausal: isCausal).output
        }
    }

    /// Self-attention: `x` `(N, L, E)` is the query, the key and the value, projected by one matmul.
    public func callAsFunction(_ x: Variable<Scalar>, mask: Tensor<Scalar>? = nil, isCausal: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            attend(x, x, x, mask: mask, isCausal: isCausal).output
        }
    }

    /// Self-attention without a mask, so the layer fits in a `Sequential`.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> {
        attend(x, x, x, mask: nil, isCausal: false).output
    }

    /// The attended query `(N, L, E)` and the attention weights averaged over the heads
    /// `(N, L, S)`, as PyTorch's `need_weights=True, average_attn_weights=True`.
    public func attentionWithWeights(_ query: Variable<Scalar>, key: Variable<Scalar>, value: Variable<Scalar>,
                                     mask: Tensor<Scalar>? = nil, isCausal: Bool = false)
        -> (output: Variable<Scalar>, weights: Variable<Scalar>) {
        let (output, weights) = attend(query, key, value, mask: mask, isCausal: isCausal)
        return (output, weights.mean(alongAxes: [1]))
    }

    /// The attended query `(N, L, E)` and each head's attention weights `(N, heads, L, S)`.
    private func attend(_ query: Variable<Scalar>, _ key: Variable<Scalar>, _ value: Variable<Scalar>, mask: Tensor<Scalar>?,
                        isCausal: Bool) -> (output: Variable<Scalar>, weights: Variable<Scalar>) {
        let embedDim = inProjectionWeight.shape[0]
        check(query.shape.count == 3 && query.shape[2] == embedDim && key.shape.count == 3 && key.shape == value.shape
                && key.shape[0] == query.shape[0] && key.shape[2] == embedDim,
              "MultiheadAttention: query \(describe(query.shape)), key \(describe(key.shape)) and value \(describe(value.shape)) must be (N, L, \(embedDim)), (N, S, \(embedDim)) and (N, S, \(embedDim))")
        let (q, k, v) = project(query, key, value)
        let weights = scaledDotProductAttentionWeights(query: splitHeads(q), key: splitHeads(k), mask: mask, isCausal: isCausal)
        let (n, length) = (query.shape[0], query.shape[1])
        let merged = weights.matmul(splitHeads(v)).permuted([0, 2, 1, 3]).reshaped([n * length, embedDim])
        let output = outProjection(merged).reshaped([n, length, embedDim])
        return (output, weights)
    }

    /// The projected query, key and value, `(N, L or S, E)`: one matmul when they are one tensor.
    private func project(_ query: Variable<Scalar>, _ key: Variable<Scalar>, _ value: Variable<Scalar>)
        -> (Variable<Scalar>, Variable<Scalar>, Variable<Scalar>) {
        let e = inProjectionWeight.shape[0]
        let parts = [0..<e, e..<(2 * e), (2 * e)..<(3 * e)]
        if query === key && key === value {
            let qkv = query.matmul(inProjectionWeight) + inProjectionBias
            return (qkv.slice(parts[0], alongAxis: 2), qkv.slice(parts[1], alongAxis: 2), qkv.slice(parts[2], alongAxis: 2))
        }
        let projected = zip([query, key, value], parts).map { x, columns in
            x.matmul(inProjectionWeight.slice(columns, alongAxis: 1)) + inProjectionBias.slice(columns)
        }
        return (projected[0], projected[1], projected[2])
    }

    /// `(N, L, E)` as `(N, heads, L, E / heads)`.
    private func splitHeads(_ x: Variable<Scalar>) -> Variable<Scalar> {
        x.reshaped([x.shape[0], x.shape[1], heads, x.shape[2] / heads]).permuted([0, 2, 1, 3])
    }
}
