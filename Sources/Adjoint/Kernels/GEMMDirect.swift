// Unpacked GEMM for problems too small or too thin for the packed kernel: tiny matrices, where
// allocating and packing panels would cost more than the arithmetic, and matrix-vector shapes
// (`m == 1` or `n == 1`), where padding to a 12 x 2W register tile would waste most of it.
//
// The operands are described by strides, so transposition is free: op(A)(i, p) is
// `a[i * ars + p * acs]` and op(B)(p, j) is `b[p * brs + j * bcs]`.

/// `C (+)= op(A) op(B)` without packing. Picks the loop order that reads memory contiguously:
/// rows of C as sums of scaled rows of op(B) when those are contiguous, otherwise dot products.
func gemmDirect<S: GEMMScalar>(m: Int, n: Int, k: Int,
                               _ a: UnsafePointer<S>, ars: Int, acs: Int,
                               _ b: UnsafePointer<S>, brs: Int, bcs: Int,
                               _ c: UnsafeMutablePointer<S>, ldc: Int, accumulate: Bool) {
    if bcs == 1 && (n > 1 || acs != 1) {
        // C[i, :] = sum_p op(A)(i, p) * op(B)[p, :]: contiguous rows of B and C.
        for i in 0..<m {
            let row = c + i * ldc
            if !accumulate { row.update(repeating: 0, count: n) }
            var p = 0
            // Four rows of B per pass over the C row cut C's loads and stores by four.
            while p + 4 <= k {
                let ai = a + i * ars + p * acs
                scaledRowsAdd(row, n, ai[0], b + p * brs, ai[acs], b + (p + 1) * brs,
                              ai[2 * acs], b + (p + 2) * brs, ai[3 * acs], b + (p + 3) * brs)
                p += 4
            }
            while p < k {
                scaledRowAdd(row, n, a[i * ars + p * acs], b + p * brs)
                p += 1
            }
        }
    } else if n == 1 && ars == 1 && ldc == 1 {
        // A column vector result with op(A) stored transposed: C = sum_p op(B)(p) * op(A)[:, p].
        if !accumulate { c.update(repeating: 0, count: m) }
        for p in 0..<k {
            scaledRowAdd(c, m, b[p * brs], a + p * acs)
        }
    } else {
        for i in 0..<m {
            for j in 0..<n {
                let d = dot(k, a + i * ars, acs, b + j * bcs, brs)
                if accumulate { c[i * ldc + j] += d } else { c[i * ldc + j] = d }
            }
        }
    }
}

/// `y[0..<n] += s0 * x0[0..<n] + s1 * x1[0..<n] + s2 * x2[0..<n] + s3 * x3[0..<n]`.
@inline(__always)
func scaledRowsAdd<S: GEMMScalar>(_ y: UnsafeMutablePointer<S>, _ n: Int,
                                  _ s0: S, _ x0: UnsafePointer<S>, _ s1: S, _ x1: UnsafePointer<S>,
                                  _ s2: S, _ x2: UnsafePointer<S>, _ s3: S, _ x3: UnsafePointer<S>) {
    typealias V = S.GEMMVector
    let w = V.scalarCount
    let v0 = V(repeating: s0), v1 = V(repeating: s1), v2 = V(repeating: s2), v3 = V(repeating: s3)
    var j = 0
    while j + w <= n {
        var acc: V = loadVector(y + j)
        acc = multiplyAdd(acc, v0, loadVector(x0 + j))
        acc = multiplyAdd(acc, v1, loadVector(x1 + j))
        acc = multiplyAdd(acc, v2, loadVector(x2 + j))
        acc = multiplyAdd(acc, v3, loadVector(x3 + j))
        storeVector(acc, y + j)
        j += w
    }
    while j < n {
        y[j] += s0 * x0[j] + s1 * x1[j] + s2 * x2[j] + s3 * x3[j]
        j += 1
    }
}

/// `y[0..<n] += s * x[0..<n]`.
@inline(__always)
func scaledRowAdd<S: GEMMScalar>(_ y: UnsafeMutablePointer<S>, _ n: Int, _ s: S, _ x: UnsafePointer<S>) {
    typealias V = S.GEMMVector
    let w = V.scalarCount
    let v = V(repeating: s)
    var j = 0
    while j + w <= n {
        storeVector(multiplyAdd(loadVector(y + j), v, loadVector(x + j)), y + j)
        j += w
    }
    while j < n {
        y[j] += s * x[j]
        j += 1
    }
}

/// `sum_p x[p * incx] * y[p * incy]`, vectorised when both are contiguous.
@inline(__always)
func dot<S: GEMMScalar>(_ k: Int, _ x: UnsafePointer<S>, _ incx: Int,
                        _ y: UnsafePointer<S>, _ incy: Int) -> S {
    typealias V = S.GEMMVector
    let w = V.scalarCount
    var p = 0
    var total: S = 0
    if incx == 1 && incy == 1 && k >= w {
        var s0 = V(), s1 = V()
        while p + 2 * w <= k {
            s0 = multiplyAdd(s0, loadVector(x + p), loadVector(y + p))
            s1 = multiplyAdd(s1, loadVector(x + p + w), loadVector(y + p + w))
            p += 2 * w
        }
        if p + w <= k {
            s0 = multiplyAdd(s0, loadVector(x + p), loadVector(y + p))
            p += w
        }
        total = (s0 + s1).sum()
    }
    while p < k {
        total += x[p * incx] * y[p * incy]
        p += 1
    }
    return total
}
