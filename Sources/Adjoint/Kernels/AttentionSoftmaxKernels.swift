// Fused kernels of attention's softmax: the scale, the causal and given masks and the softmax
// of each row of scores in one pass forward (the exponentials of a block of rows by one `_unary`
// call while it is in cache), and `x̄ = s y ⊙ (g − Σ g y)` in one pass backward. Rows are
// independent, so blocks of rows run on any core and give the same bits.

/// Rows per block of `(rows, keys)` scores: about `elementwiseChunk` elements.
func attentionSoftmaxBlockRows(keys: Int) -> Int { Swift.max(1, elementwiseChunk / Swift.max(keys, 1)) }

/// `y = softmax(scale x)` over each row of `keys` scores, 0 where excluded: where `excluded` (the
/// scores' shape, nonzero = excluded) says, and, when `queries > 0`, at keys after the row's
/// query (row `r` is query `r mod queries`). A row with every key excluded is all 0.
@_specialize(where S == Float)
@_specialize(where S == Double)
func attentionSoftmaxForward<S: TensorScalar>(_ x: UnsafePointer<S>, rows: Int, keys: Int, scale: S, queries: Int,
                                              excluded: UnsafePointer<S>?, _ y: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: attentionSoftmaxBlockRows(keys: keys)) { range in
        for r in range {
            let (row, out) = (x + r * keys, y + r * keys)
            let visible = queries > 0 ? Swift.min(keys, r % queries + 1) : keys
            var top = -S.infinity
            for j in 0..<visible where excluded.map({ $0[r * keys + j] == 0 }) ?? true {
                top = Swift.max(top, row[j] * scale)
            }
            for j in 0..<keys { out[j] = row[j] * scale - top }
        }
        let start = range.lowerBound * keys
        S._unary(.exp, y + start, y + start, count: range.count * keys, parameter: 0)
        for r in range {
            let out = y + r * keys
            let visible = queries > 0 ? Swift.min(keys, r % queries + 1) : keys
            var total: S = 0
            for j in 0..<keys {
                let kept = j < visible && (excluded.map { $0[r * keys + j] == 0 } ?? true)
                if !kept { out[j] = 0 }
                total += out[j]
            }
            // Every key excluded: the row stays 0, as the composition's.
            let inverse = total > 0 ? 1 / total : 0
            for j in 0..<keys { out[j] *= inverse }
        }
    }
}

/// From the output `y` of `attentionSoftmaxForward` and its gradient `g`:
/// `gx = scale y ⊙ (g − Σ_row g ⊙ y)`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func attentionSoftmaxBackward<S: TensorScalar>(_ g: UnsafePointer<S>, _ y: UnsafePointer<S>, rows: Int, keys: Int,
                                               scale: S, _ gx: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: attentionSoftmaxBlockRows(keys: keys)) { range in
        for r in range {
            let (gr, yr, out) = (g + r * keys, y + r * keys, gx + r * keys)
            var dot: S = 0
            for j in 0..<keys { dot += gr[j] * yr[j] }
            for j in 0..<keys { out[j] = scale * yr[j] * (gr[j] - dot) }
        }
    }
}
