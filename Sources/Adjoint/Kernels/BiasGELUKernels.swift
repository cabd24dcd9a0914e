// Fused kernels of a bias add and GELU: forward, the composition's arithmetic in its order on
// each block of rows while it is in cache, with its erf or tanh taken by the same `_unary`
// kernel (so the forward has the composition's bits); backward, the derivative from the input
// and the bias in one pass, the bias's partial sums kept per block of rows and added in order.

/// `out = gelu(x + bias)` for the row-major `(rows, columns)` `x`: exact (erf) or, when
/// `approximate`, the tanh approximation, as `Variable.gelu(approximate:)` composes them.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasGELUForward<S: TensorScalar>(_ x: UnsafePointer<S>, bias: UnsafePointer<S>, rows: Int, columns: Int,
                                      approximate: Bool, _ out: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: biasActivationBlockRows(columns: columns)) { range in
        let start = range.lowerBound * columns, count = range.count * columns
        let (z, result) = (UnsafeMutablePointer<S>.allocate(capacity: count), out + start)
        defer { z.deallocate() }
        addBias(x + start, bias, rows: range.count, columns: columns, z)
        let (half, one) = (S(0.5), S(1))
        if approximate {
            let (cubic, scale) = (geluCubic() as S, geluTanhScale() as S)
            for i in 0..<count { result[i] = (z[i] + z[i] * z[i] * z[i] * cubic) * scale }
            S._unary(.tanh, result, result, count: count, parameter: 0)
        } else {
            let scale: S = geluErfScale()
            for i in 0..<count { result[i] = z[i] * scale }
            S._unary(.erf, result, result, count: count, parameter: 0)
        }
        for i in 0..<count { result[i] = z[i] * half * (result[i] + one) }
    }
}

/// From the input `x`, the bias and the gradient `g` of `biasGELUForward`'s output:
/// `gx = g ⊙ gelu'(x + bias)` into `gx`, and its sums over the rows into `gbias`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasGELUBackward<S: TensorScalar>(_ g: UnsafePointer<S>, _ x: UnsafePointer<S>, bias: UnsafePointer<S>, rows: Int,
                                       columns: Int, approximate: Bool, gx: UnsafeMutablePointer<S>,
                                       gbias: UnsafeMutablePointer<S>) {
    let blockRows = biasActivationBlockRows(columns: columns)
    let blocks = Swift.max(1, (rows + blockRows - 1) / blockRows)
    let partial = UnsafeMutablePointer<S>.allocate(capacity: blocks * columns)
    defer { partial.deallocate() }
    parallelFor(blocks) { b in
        let r0 = b * blockRows, r1 = Swift.min(rows, r0 + blockRows)
        let start = r0 * columns, count = (r1 - r0) * columns
        let (slopes, scratch) = (gx + start, UnsafeMutablePointer<S>.allocate(capacity: 2 * count))
        defer { scratch.deallocate() }
        addBias(x + start, bias, rows: r1 - r0, columns: columns, slopes)
        geluDerivative(slopes, count: count, approximate: approximate, scratch: scratch)
        let sums = partial + b * columns
        sums.initialize(repeating: 0, count: columns)
        for r in 0..<(r1 - r0) {
            let (gr, row) = (g + start + r * columns, slopes + r * columns)
            for c in 0..<columns {
                row[c] = gr[c] * row[c]
                sums[c] += row[c]
            }
        }
    }
    gbias.initialize(repeating: 0, count: columns)
    for b in 0..<blocks {
        for c in 0..<columns { gbias[c] += partial[b * columns + c] }
    }
}

/// `z[i] = x[i] + bias[i mod columns]` over `rows` rows.
@inline(__always)
func addBias<S: TensorScalar>(_ x: UnsafePointer<S>, _ bias: UnsafePointer<S>, rows: Int, columns: Int,
                              _ z: UnsafeMutablePointer<S>) {
    for r in 0..<rows {
        let (row, result) = (x + r * columns, z + r * columns)
        for c in 0..<columns { result[c] = row[c] + bias[c] }
    }
}

/// `z[i] = gelu'(z[i])` in place, with `scratch` of `2 count` elements: exact,
/// `Φ(z) + z φ(z)`; approximate, `0.5 (1 + t) + 0.5 z (1 − t²) c (1 + 3 k z²)` with
/// `t = tanh(c (z + k z³))`.
@inline(__always)
func geluDerivative<S: TensorScalar>(_ z: UnsafeMutablePointer<S>, count: Int, approximate: Bool,
                                     scratch: UnsafeMutablePointer<S>) {
    let (half, one) = (S(0.5), S(1))
    if approximate {
        let (cubic, scale) = (geluCubic() as S, geluTanhScale() as S)
        for i in 0..<count { scratch[i] = (z[i] + z[i] * z[i] * z[i] * cubic) * scale }
        S._unary(.tanh, scratch, scratch, count: count, parameter: 0)
        for i in 0..<count {
            let (v, t) = (z[i], scratch[i])
            let inner = scale * (one + 3 * cubic * v * v)
            z[i] = half * (one + t) + half * v * (one - t * t) * inner
        }
    } else {
        let (scale, density) = (geluErfScale() as S, S(1 / (2 * Double.pi).squareRoot()))
        let exponent = scratch + count
        for i in 0..<count {
            scratch[i] = z[i] * scale
            exponent[i] = -half * z[i] * z[i]
        }
        S._unary(.erf, scratch, scratch, count: count, parameter: 0)
        S._unary(.exp, exponent, exponent, count: count, parameter: 0)
        for i in 0..<count { z[i] = half * (one + scratch[i]) + z[i] * exponent[i] * density }
    }
}
