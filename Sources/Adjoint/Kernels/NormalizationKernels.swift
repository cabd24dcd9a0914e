// Fused kernels of batch norm and layer norm: statistics, normalisation and backward in one or
// two passes over memory, where their compositions make one pass per primitive. The rows are
// cut into blocks fixed by the shape alone, and the blocks' partial sums are combined in block
// order, so every result is the same on any number of threads.

/// Rows per block of a `(rows, columns)` matrix: about 16 K elements, so that a block is still
/// in cache when it is read a second time, and large beside the cost of handing it to a worker.
func normalizationBlockRows(columns: Int) -> Int { Swift.max(1, (elementwiseChunk / 2) / Swift.max(columns, 1)) }

/// The mean and biased variance of each column of the row-major `(rows, columns)` matrix `x`.
/// Each block's mean and sum of squared deviations are taken in two loops over the block while
/// it is in cache, then merged block after block (Chan, Golub and LeVeque's pairwise update),
/// which keeps the variance as accurate as a second pass over the whole matrix.
@_specialize(where S == Float)
@_specialize(where S == Double)
func columnMoments<S: TensorScalar>(_ x: UnsafePointer<S>, rows: Int, columns: Int,
                                    mean: UnsafeMutablePointer<S>, variance: UnsafeMutablePointer<S>) {
    let blockRows = normalizationBlockRows(columns: columns)
    let blocks = (rows + blockRows - 1) / blockRows
    let partial = UnsafeMutablePointer<S>.allocate(capacity: 2 * blocks * columns)
    defer { partial.deallocate() }
    parallelFor(blocks) { b in
        let start = b * blockRows, end = Swift.min(rows, start + blockRows)
        let m = partial + 2 * b * columns, m2 = m + columns
        m.initialize(repeating: 0, count: columns)
        m2.initialize(repeating: 0, count: columns)
        for r in start..<end {
            let row = x + r * columns
            for c in 0..<columns { m[c] += row[c] }
        }
        let inverse = 1 / S(end - start)
        for c in 0..<columns { m[c] *= inverse }
        for r in start..<end {
            let row = x + r * columns
            for c in 0..<columns {
                let d = row[c] - m[c]
                m2[c] += d * d
            }
        }
    }
    mean.initialize(repeating: 0, count: columns)
    variance.initialize(repeating: 0, count: columns)
    var merged = 0
    for b in 0..<blocks {
        let count = Swift.min(rows, (b + 1) * blockRows) - b * blockRows, total = merged + count
        let weight = S(count) / S(total), cross = S(merged) * weight
        let m = partial + 2 * b * columns, m2 = m + columns
        for c in 0..<columns {
            let delta = m[c] - mean[c]
            mean[c] += delta * weight
            variance[c] += m2[c] + delta * delta * cross
        }
        merged = total
    }
    let inverse = 1 / S(rows)
    for c in 0..<columns { variance[c] *= inverse }
}

/// `out[r, c] = (x[r, c] - shift[c]) * scale[c] + offset[c]` for the row-major `(rows, columns)`
/// `x`: batch norm's normalisation, scale and shift in one pass; with `relu`, then `max(·, 0)`
/// as the `maximum` kernel takes it (NaN kept).
@_specialize(where S == Float)
@_specialize(where S == Double)
func normalizeColumns<S: TensorScalar>(_ x: UnsafePointer<S>, rows: Int, columns: Int, shift: UnsafePointer<S>,
                                       scale: UnsafePointer<S>, offset: UnsafePointer<S>, relu: Bool = false,
                                       _ out: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: normalizationBlockRows(columns: columns)) { range in
        for r in range {
            let (row, result) = (x + r * columns, out + r * columns)
            if relu {
                for c in 0..<columns {
                    let y = (row[c] - shift[c]) * scale[c] + offset[c]
                    result[c] = y >= 0 || y.isNaN ? y : 0
                }
            } else {
                for c in 0..<columns { result[c] = (row[c] - shift[c]) * scale[c] + offset[c] }
            }
        }
    }
}

/// The sums over the rows of `g` and of `g ⊙ (x - mean)`, per column, in block order. With a
/// `gate` (a ReLU's output), `g` is first `g ⊙ [gate > 0]`, as ReLU's backward makes it.
@_specialize(where S == Float)
@_specialize(where S == Double)
func columnGradientSums<S: TensorScalar>(_ g: UnsafePointer<S>, _ x: UnsafePointer<S>, rows: Int, columns: Int,
                                         mean: UnsafePointer<S>, gate: UnsafePointer<S>? = nil,
                                         sumG: UnsafeMutablePointer<S>, sumGX: UnsafeMutablePointer<S>) {
    let blockRows = normalizationBlockRows(columns: columns)
    let blocks = (rows + blockRows - 1) / blockRows
    let partial = UnsafeMutablePointer<S>.allocate(capacity: 2 * blocks * columns)
    defer { partial.deallocate() }
    parallelFor(blocks) { b in
        let start = b * blockRows, end = Swift.min(rows, start + blockRows)
        let sg = partial + 2 * b * columns, sgx = sg + columns
        sg.initialize(repeating: 0, count: columns)
        sgx.initialize(repeating: 0, count: columns)
        for r in start..<end {
            let (gr, xr) = (g + r * columns, x + r * columns)
            if let gate {
                let yr = gate + r * columns
                for c in 0..<columns {
                    let gc = gr[c] * (yr[c] > 0 ? 1 : 0)
                    sg[c] += gc
                    sgx[c] += gc * (xr[c] - mean[c])
                }
            } else {
                for c in 0..<columns {
                    sg[c] += gr[c]
                    sgx[c] += gr[c] * (xr[c] - mean[c])
                }
            }
        }
    }
    sumG.initialize(repeating: 0, count: columns)
    sumGX.initialize(repeating: 0, count: columns)
    for b in 0..<blocks {
        let sg = partial + 2 * b * columns, sgx = sg + columns
        for c in 0..<columns {
            sumG[c] += sg[c]
            sumGX[c] += sgx[c]
        }
    }
}

/// Batch norm's input gradient from the column sums of `columnGradientSums`:
/// `x̄ = γ σ⁻¹ (g - Σg / N - (x - μ) σ⁻² Σ g(x - μ) / N)`, one pass; with a `gate`, `g` is
/// `g ⊙ [gate > 0]` there too.
@_specialize(where S == Float)
@_specialize(where S == Double)
func columnNormalizationInputGradient<S: TensorScalar>(
    _ g: UnsafePointer<S>, _ x: UnsafePointer<S>, rows: Int, columns: Int, mean: UnsafePointer<S>,
    inverseDeviation: UnsafePointer<S>, gamma: UnsafePointer<S>, sumG: UnsafePointer<S>, sumGX: UnsafePointer<S>,
    gate: UnsafePointer<S>? = nil, _ out: UnsafeMutablePointer<S>
) {
    let constants = UnsafeMutablePointer<S>.allocate(capacity: 3 * columns)
    defer { constants.deallocate() }
    let (a, b, c) = (constants, constants + columns, constants + 2 * columns)
    let inverseRows = 1 / S(rows)
    for k in 0..<columns {
        a[k] = gamma[k] * inverseDeviation[k]
        b[k] = sumG[k] * inverseRows
        c[k] = inverseDeviation[k] * inverseDeviation[k] * sumGX[k] * inverseRows
    }
    inChunks(rows, unit: normalizationBlockRows(columns: columns)) { range in
        for r in range {
            let (gr, xr, result) = (g + r * columns, x + r * columns, out + r * columns)
            if let gate {
                let yr = gate + r * columns
                for k in 0..<columns { result[k] = a[k] * (gr[k] * (yr[k] > 0 ? 1 : 0) - b[k] - (xr[k] - mean[k]) * c[k]) }
            } else {
                for k in 0..<columns { result[k] = a[k] * (gr[k] - b[k] - (xr[k] - mean[k]) * c[k]) }
            }
        }
    }
}

/// Layer norm's forward over each row of the row-major `(rows, columns)` `x`: the row's mean
/// and `1 / sqrt(variance + epsilon)` into `mean` and `inverseDeviation` (one per row), and
/// `out = (x - mean) * inverseDeviation * gamma + beta`, each row read while in cache.
@_specialize(where S == Float)
@_specialize(where S == Double)
func layerNormalizeRows<S: TensorScalar>(_ x: UnsafePointer<S>, rows: Int, columns: Int, epsilon: S,
                                         gamma: UnsafePointer<S>, beta: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                         mean: UnsafeMutablePointer<S>, inverseDeviation: UnsafeMutablePointer<S>) {
    let inverseColumns = 1 / S(columns)
    inChunks(rows, unit: normalizationBlockRows(columns: columns)) { range in
        for r in range {
            let (row, result) = (x + r * columns, out + r * columns)
            var sum: S = 0
            for c in 0..<columns { sum += row[c] }
            let m = sum * inverseColumns
            var squares: S = 0
            for c in 0..<columns {
                let d = row[c] - m
                squares += d * d
            }
            let s = 1 / (squares * inverseColumns + epsilon).squareRoot()
            for c in 0..<columns { result[c] = (row[c] - m) * s * gamma[c] + beta[c] }
            mean[r] = m
            inverseDeviation[r] = s
        }
    }
}

/// Layer norm's backward: with `x̂ = (x - μ) σ⁻¹` and `d = g ⊙ γ` per row,
/// `x̄ = σ⁻¹ (d - mean(d) - x̂ mean(d ⊙ x̂))` into `dx` (when given), and the column sums
/// `γ̄ = Σ g ⊙ x̂`, `β̄ = Σ g` over the rows, in block order.
@_specialize(where S == Float)
@_specialize(where S == Double)
func layerNormalizationBackward<S: TensorScalar>(
    _ g: UnsafePointer<S>, _ x: UnsafePointer<S>, rows: Int, columns: Int, mean: UnsafePointer<S>,
    inverseDeviation: UnsafePointer<S>, gamma: UnsafePointer<S>, dx: UnsafeMutablePointer<S>?,
    dgamma: UnsafeMutablePointer<S>, dbeta: UnsafeMutablePointer<S>
) {
    let blockRows = normalizationBlockRows(columns: columns)
    let blocks = (rows + blockRows - 1) / blockRows
    let partial = UnsafeMutablePointer<S>.allocate(capacity: 2 * blocks * columns)
    defer { partial.deallocate() }
    let inverseColumns = 1 / S(columns)
    parallelFor(blocks) { b in
        let pg = partial + 2 * b * columns, pb = pg + columns
        pg.initialize(repeating: 0, count: columns)
        pb.initialize(repeating: 0, count: columns)
        for r in b * blockRows ..< Swift.min(rows, (b + 1) * blockRows) {
            let (gr, xr, m, s) = (g + r * columns, x + r * columns, mean[r], inverseDeviation[r])
            var (sumD, sumDX): (S, S) = (0, 0)
            for c in 0..<columns {
                let xhat = (xr[c] - m) * s, d = gr[c] * gamma[c]
                sumD += d
                sumDX += d * xhat
                pg[c] += gr[c] * xhat
                pb[c] += gr[c]
            }
            guard let dx else { continue }
            let (meanD, meanDX, out) = (sumD * inverseColumns, sumDX * inverseColumns, dx + r * columns)
            for c in 0..<columns {
                let xhat = (xr[c] - m) * s
                out[c] = s * (gr[c] * gamma[c] - meanD - xhat * meanDX)
            }
        }
    }
    dgamma.initialize(repeating: 0, count: columns)
    dbeta.initialize(repeating: 0, count: columns)
    for b in 0..<blocks {
        let pg = partial + 2 * b * columns, pb = pg + columns
        for c in 0..<columns {
            dgamma[c] += pg[c]
            dbeta[c] += pb[c]
        }
    }
}
