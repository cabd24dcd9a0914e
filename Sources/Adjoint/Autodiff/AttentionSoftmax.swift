// Attention's softmax: the scores' scale, the causal and given masks and the softmax over the
// keys as one fused node (one pass forward, one backward, reading only its output), or inside
// `Fusion.with(false)` the composition of `scale`, `maskedFill` and the softmax's primitives.

extension Variable {
    /// `softmax(scale * self)` over the last axis (the keys) of scores `(..., L, S)`, with weight
    /// exactly 0 where `mask` (broadcast to the scores) is 0 and, if `isCausal`, at keys after
    /// the query (key `j > i` for query `i`); a query whose keys are all excluded gets zero
    /// weights and passes no gradient. Scaled dot-product attention's weights are
    /// `q.matmul(k, transposeOther: true).attentionSoftmax(scale: 1 / sqrt(E), isCausal: true)`.
    ///
    /// ```swift
    /// let scores = Variable(Tensor<Float>.ones([2, 4, 3, 3]))   // (N, heads, L, S)
    /// let weights = scores.attentionSoftmax(scale: 0.5, isCausal: true)   // rows [1, 0, 0], [0.5, 0.5, 0], ...
    /// ```
    public func attentionSoftmax(scale: Scalar, mask: Tensor<Scalar>? = nil, isCausal: Bool = false,
                                 file: StaticString = #fileID, line: UInt = #line) -> Variable {
        check(shape.count >= 2, "attentionSoftmax: scores of shape \(describe(shape)) must be (..., L, S)")
        if let mask {
            check(broadcastShape(mask.shape, shape) == shape,
                  "attentionSoftmax: mask of shape \(describe(mask.shape)) does not broadcast to the scores \(describe(shape))")
        }
        let excluded = mask.map { ($0 .== Tensor(0)).broadcast(to: shape) }
        guard Fusion.isEnabled else {
            return withSourceLocation(file: file, line: line) {
                maskedSoftmaxComposition(scale == 1 ? self : self * scale, excluded: excluded, isCausal: isCausal)
            }
        }
        let (queries, keys) = (shape[shape.count - 2], shape[shape.count - 1])
        let rows = value.count / Swift.max(keys, 1)
        let output = Tensor<Scalar>(uninitializedShape: shape)
        withElements([value, output] + (excluded.map { [$0] } ?? [])) {
            attentionSoftmaxForward($0[0], rows: rows, keys: keys, scale: scale, queries: isCausal ? queries : 0,
                                    excluded: excluded == nil ? nil : UnsafePointer($0[2]), $0[1])
        }
        return Variable.record(.attentionSoftmax, output, self, reads: .output,
                               at: CodeLocation(fileID: file, line: line), parameter: scale) { out, g in
            if GradMode.isEnabled {
                return Gradients((g - (g * out).sum(alongAxes: [-1], keepingDimensions: true)) * out * out.parameter)
            }
            let gx = Tensor<Scalar>(uninitializedShape: out.shape)
            withElements([g.value, out.value, gx]) {
                attentionSoftmaxBackward($0[0], $0[1], rows: rows, keys: keys, scale: out.parameter, $0[2])
            }
            return Gradients(Variable(constant: gx))
        }
    }
}

/// The softmax of `scores` over the last axis with `excluded` (1 = excluded, the scores' shape)
/// and causally later keys at -infinity; rows with every key excluded keep their scores, so
/// that no NaN appears, and get zero weights after the softmax.
private func maskedSoftmaxComposition<S>(_ scores: Variable<S>, excluded: Tensor<S>?, isCausal: Bool) -> Variable<S> {
    var excluded = excluded
    if isCausal {
        let (queries, keys) = (scores.shape[scores.shape.count - 2], scores.shape[scores.shape.count - 1])
        let future = Tensor<S>(arange: 0, S(keys)).reshaped([1, keys]) .> Tensor<S>(arange: 0, S(queries)).reshaped([queries, 1])
        excluded = excluded.map { ($0 + future) .> 0 } ?? future
    }
    guard let excluded else { return scores.softmax() }
    let emptyRows = excluded.min(alongAxes: [-1], keepingDimensions: true)
    if emptyRows.max().scalar == 0 { return scores.maskedFill(excluded, with: -.infinity).softmax() }
    return scores.maskedFill(excluded * (1 - emptyRows), with: -.infinity).softmax().maskedFill(emptyRows, with: 0)
}
