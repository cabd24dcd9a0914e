// Scaled dot-product attention from tape operations: one batched matmul for the scores, the
// attention softmax (one fused node, or a masked fill and a softmax), one matmul with the values.

/// Attention as PyTorch's `F.scaled_dot_product_attention`:
/// `softmax(query @ keyᵀ * scale, masked) @ value` with `scale = 1 / sqrt(E)` unless given.
///
/// `query` is `(..., L, E)`, `key` `(..., S, E)` and `value` `(..., S, Ev)`; the leading axes
/// broadcast as `matmul`'s and the result is `(..., L, Ev)`. `mask` holds 1 (or any nonzero)
/// where a query attends to a key and 0 where it must not, as PyTorch's boolean `attn_mask`
/// with `True` for attend; it broadcasts to the scores' `(..., L, S)`, so a padding mask of
/// shape `(N, 1, 1, S)` serves every head and query. `isCausal` lets query `i` see keys `0...i`
/// only (PyTorch's top-left aligned `is_causal`). Masked scores become -infinity before the
/// softmax, so masked keys get exactly zero weight; a query with every key masked gets a zero
/// output and passes no gradient, as PyTorch's math backend (checked against 2.15).
///
/// ```swift
/// let q = Variable(Tensor<Float>.zeros([2, 4, 16, 8]))                          // (N, heads, L, E)
/// let y = scaledDotProductAttention(query: q, key: q, value: q, isCausal: true)   // (2, 4, 16, 8)
/// ```
public func scaledDotProductAttention<S>(query: Variable<S>, key: Variable<S>, value: Variable<S>, mask: Tensor<S>? = nil,
                                         isCausal: Bool = false, scale: S? = nil) -> Variable<S> {
    check(key.shape.count >= 2 && value.shape.count >= 2 && key.shape[key.shape.count - 2] == value.shape[value.shape.count - 2],
          "scaledDotProductAttention: key \(describe(key.shape)) and value \(describe(value.shape)) must be (..., S, E) and (..., S, Ev)")
    return scaledDotProductAttentionWeights(query: query, key: key, mask: mask, isCausal: isCausal, scale: scale).matmul(value)
}

/// The attention weights of `scaledDotProductAttention`, `(..., L, S)`: each query's softmax
/// over the keys, 0 at the masked ones (and everywhere in a query whose keys are all masked).
public func scaledDotProductAttentionWeights<S>(query: Variable<S>, key: Variable<S>, mask: Tensor<S>? = nil,
                                                isCausal: Bool = false, scale: S? = nil) -> Variable<S> {
    check(query.shape.count >= 2 && key.shape.count >= 2 && query.shape.last == key.shape.last,
          "scaledDotProductAttention: query \(describe(query.shape)) and key \(describe(key.shape)) must be (..., L, E) and (..., S, E)")
    let embedding = query.shape[query.shape.count - 1]
    let scale = scale ?? 1 / S(embedding).squareRoot()
    // Fused, one node scales, masks and normalises the scores; the composition scales the
    // query, which costs L x E multiplications rather than L x S on the scores.
    let fused = Fusion.isEnabled
    let scores = (fused ? query : query * scale).matmul(key, transposeOther: true)
    if let mask {
        let fits = mask.shape.count <= scores.shape.count
            && zip(mask.shape.reversed(), scores.shape.reversed()).allSatisfy { $0 == 1 || $0 == $1 }
        check(fits, "scaledDotProductAttention: mask of shape \(describe(mask.shape)) does not broadcast to the scores \(describe(scores.shape))")
    }
    return scores.attentionSoftmax(scale: fused ? scale : 1, mask: mask, isCausal: isCausal)
}
