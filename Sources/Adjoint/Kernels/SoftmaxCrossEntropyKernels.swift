// Fused kernels of softmax cross-entropy per row: the row's log-sum-exp and loss in one pass
// over a block of rows, and the gradient `softmax − target` in another, each block's
// exponentials taken by the `_unary` kernel the composition uses. Rows are independent, so
// any split gives the same bits.

/// Rows per block of a `(rows, classes)` matrix: about 4 K elements of scratch, in L1.
func crossEntropyBlockRows(classes: Int) -> Int { Swift.max(1, 4_096 / Swift.max(classes, 1)) }

/// For each row `r` of the row-major `(rows, classes)` `x` with label `labels[r]`:
/// `logSumExp[r]` and `loss[r] = −(1 − ε) log p[label] − ε mean(log p)`, `p = softmax(x[r])`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func softmaxCrossEntropyForward<S: TensorScalar>(_ x: UnsafePointer<S>, labels: UnsafePointer<Int>, rows: Int, classes: Int,
                                                 smoothing: S, loss: UnsafeMutablePointer<S>,
                                                 logSumExp: UnsafeMutablePointer<S>) {
    let blockRows = crossEntropyBlockRows(classes: classes)
    inChunks(rows, unit: blockRows) { range in
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: range.count * classes)
        defer { scratch.deallocate() }
        var maxima = [S](repeating: 0, count: range.count)
        for (k, r) in range.enumerated() {
            let row = x + r * classes
            var m = row[0]
            for c in 1..<classes where row[c] > m || row[c].isNaN { m = row[c] }
            maxima[k] = m
            for c in 0..<classes { scratch[k * classes + c] = row[c] - m }
        }
        S._unary(.exp, scratch, scratch, count: range.count * classes, parameter: 0)
        for (k, r) in range.enumerated() {
            var sum: S = 0
            for c in 0..<classes { sum += scratch[k * classes + c] }
            let logSum = S.logarithm(sum), row = x + r * classes
            var shiftedSum: S = 0
            for c in 0..<classes { shiftedSum += row[c] - maxima[k] }
            let picked = (row[labels[r]] - maxima[k]) - logSum
            let mean = shiftedSum / S(classes) - logSum
            loss[r] = smoothing == 0 ? -picked : -picked * (1 - smoothing) - mean * smoothing
            logSumExp[r] = maxima[k] + logSum
        }
    }
}

/// `dx[r, c] = g[r] (softmax(x[r])[c] − (1 − ε) [c = label] − ε / C)`, from the forward's
/// `logSumExp`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func softmaxCrossEntropyBackward<S: TensorScalar>(_ g: UnsafePointer<S>, _ x: UnsafePointer<S>, labels: UnsafePointer<Int>,
                                                  rows: Int, classes: Int, smoothing: S, logSumExp: UnsafePointer<S>,
                                                  _ dx: UnsafeMutablePointer<S>) {
    let spread = smoothing / S(classes)
    inChunks(rows, unit: crossEntropyBlockRows(classes: classes)) { range in
        for r in range {
            let (row, out) = (x + r * classes, dx + r * classes)
            for c in 0..<classes { out[c] = row[c] - logSumExp[r] }
        }
        let start = range.lowerBound * classes
        S._unary(.exp, dx + start, dx + start, count: range.count * classes, parameter: 0)
        for r in range {
            let out = dx + r * classes
            for c in 0..<classes { out[c] = g[r] * (out[c] - spread) }
            out[labels[r]] -= g[r] * (1 - smoothing)
        }
    }
}
