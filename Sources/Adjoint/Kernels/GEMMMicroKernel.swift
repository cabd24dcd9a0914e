// The register-blocked inner kernel of the packed GEMM: one `MR x NR` tile of C from one
// packed micro-panel of A and one of B.
//
// The tile is 12 rows by two vectors (12 x 32 for Float, 12 x 16 for Double). Its 24
// accumulators, the two B vectors of the current k step and the broadcast A element use 27 of
// the 32 AVX-512 registers, so nothing spills; each k step issues 24 independent FMAs (more
// than the 2 pipes x 4 cycles of latency need in flight) against 2 vector loads and 12
// broadcasts, which the cores' load ports sustain.

/// Element types of the GEMM kernel, each with the vector type that fills one 512-bit register.
protocol GEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    associatedtype GEMMVector: SIMD where GEMMVector.Scalar == Self
    /// The even-indexed and odd-indexed elements of the concatenation `x ++ y`.
    static func unzip(_ x: GEMMVector, _ y: GEMMVector) -> (GEMMVector, GEMMVector)
}

extension Float: GEMMScalar {
    typealias GEMMVector = SIMD16<Float>
    @inline(__always)
    static func unzip(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>) {
        let z = SIMD32(lowHalf: x, highHalf: y)
        return (z.evenHalf, z.oddHalf)
    }
}

extension Double: GEMMScalar {
    typealias GEMMVector = SIMD8<Double>
    @inline(__always)
    static func unzip(_ x: SIMD8<Double>, _ y: SIMD8<Double>) -> (SIMD8<Double>, SIMD8<Double>) {
        let z = SIMD16(lowHalf: x, highHalf: y)
        return (z.evenHalf, z.oddHalf)
    }
}

/// Rows of the register tile.
let gemmMR = 12

/// `acc + x * y`. With the `NativeCPU` trait the target has FMA and `addingProduct` is one
/// instruction; without target flags it would be a libm `fma` call per lane (about 100x
/// slower), so the baseline build multiplies and adds separately.
@inline(__always)
func multiplyAdd<V: SIMD>(_ acc: V, _ x: V, _ y: V) -> V where V.Scalar: FloatingPoint {
    #if NativeCPU
    return acc.addingProduct(x, y)
    #else
    return acc + x * y
    #endif
}

@inline(__always)
func loadVector<S: GEMMScalar>(_ p: UnsafePointer<S>) -> S.GEMMVector {
    UnsafeRawPointer(p).loadUnaligned(as: S.GEMMVector.self)
}

@inline(__always)
func storeVector<S: GEMMScalar>(_ v: S.GEMMVector, _ p: UnsafeMutablePointer<S>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: S.GEMMVector.self)
}

/// Writes (or adds, unless `overwrite`) one accumulator row pair to `c[0..<2W]`.
@inline(__always)
func storeRow<S: GEMMScalar>(_ c: UnsafeMutablePointer<S>, _ lo: S.GEMMVector, _ hi: S.GEMMVector,
                             overwrite: Bool) {
    let w = S.GEMMVector.scalarCount
    if overwrite {
        storeVector(lo, c)
        storeVector(hi, c + w)
    } else {
        storeVector(loadVector(c) + lo, c)
        storeVector(loadVector(c + w) + hi, c + w)
    }
}

/// The accumulators of one register tile: row `i` of the tile is `(r<i>a, r<i>b)`. A struct
/// rather than locals captured by a helper closure, which would make the optimiser keep them in
/// memory (a store per FMA); as a local value that never escapes, it lives in registers.
struct AccumulatorTile<V: SIMD> where V.Scalar: FloatingPoint {
    var r0a = V(), r0b = V()
    var r1a = V(), r1b = V()
    var r2a = V(), r2b = V()
    var r3a = V(), r3b = V()
    var r4a = V(), r4b = V()
    var r5a = V(), r5b = V()
    var r6a = V(), r6b = V()
    var r7a = V(), r7b = V()
    var r8a = V(), r8b = V()
    var r9a = V(), r9b = V()
    var r10a = V(), r10b = V()
    var r11a = V(), r11b = V()

    /// One step of the inner dimension: `tile += a[0..<gemmMR] (outer product) (b0, b1)`.
    @inline(__always)
    mutating func update(_ a: UnsafePointer<V.Scalar>, _ b0: V, _ b1: V) {
            var x = V(repeating: a[0])
            r0a = multiplyAdd(r0a, x, b0); r0b = multiplyAdd(r0b, x, b1)
            x = V(repeating: a[1])
            r1a = multiplyAdd(r1a, x, b0); r1b = multiplyAdd(r1b, x, b1)
            x = V(repeating: a[2])
            r2a = multiplyAdd(r2a, x, b0); r2b = multiplyAdd(r2b, x, b1)
            x = V(repeating: a[3])
            r3a = multiplyAdd(r3a, x, b0); r3b = multiplyAdd(r3b, x, b1)
            x = V(repeating: a[4])
            r4a = multiplyAdd(r4a, x, b0); r4b = multiplyAdd(r4b, x, b1)
            x = V(repeating: a[5])
            r5a = multiplyAdd(r5a, x, b0); r5b = multiplyAdd(r5b, x, b1)
            x = V(repeating: a[6])
            r6a = multiplyAdd(r6a, x, b0); r6b = multiplyAdd(r6b, x, b1)
            x = V(repeating: a[7])
            r7a = multiplyAdd(r7a, x, b0); r7b = multiplyAdd(r7b, x, b1)
            x = V(repeating: a[8])
            r8a = multiplyAdd(r8a, x, b0); r8b = multiplyAdd(r8b, x, b1)
            x = V(repeating: a[9])
            r9a = multiplyAdd(r9a, x, b0); r9b = multiplyAdd(r9b, x, b1)
            x = V(repeating: a[10])
            r10a = multiplyAdd(r10a, x, b0); r10b = multiplyAdd(r10b, x, b1)
            x = V(repeating: a[11])
            r11a = multiplyAdd(r11a, x, b0); r11b = multiplyAdd(r11b, x, b1)
    }

    /// Writes the tile to `c` (rows `ldc` apart), or adds it to what is there.
    @inline(__always)
    func store<S: GEMMScalar>(to c: UnsafeMutablePointer<S>, ldc: Int, overwrite: Bool) where S.GEMMVector == V {
        storeRow(c, r0a, r0b, overwrite: overwrite)
        storeRow(c + ldc, r1a, r1b, overwrite: overwrite)
        storeRow(c + 2 * ldc, r2a, r2b, overwrite: overwrite)
        storeRow(c + 3 * ldc, r3a, r3b, overwrite: overwrite)
        storeRow(c + 4 * ldc, r4a, r4b, overwrite: overwrite)
        storeRow(c + 5 * ldc, r5a, r5b, overwrite: overwrite)
        storeRow(c + 6 * ldc, r6a, r6b, overwrite: overwrite)
        storeRow(c + 7 * ldc, r7a, r7b, overwrite: overwrite)
        storeRow(c + 8 * ldc, r8a, r8b, overwrite: overwrite)
        storeRow(c + 9 * ldc, r9a, r9b, overwrite: overwrite)
        storeRow(c + 10 * ldc, r10a, r10b, overwrite: overwrite)
        storeRow(c + 11 * ldc, r11a, r11b, overwrite: overwrite)
    }
}

/// `C[0..<rows, 0..<cols] (+)= Apanel * Bpanel` over `kc` steps.
///
/// `a` is a packed A micro-panel (`kc` groups of `gemmMR` elements, one per row), `b` a packed
/// B micro-panel (`kc` groups of `2W` elements). Full tiles store straight to C; edge tiles
/// (`rows < gemmMR` or `cols < 2W`) go through a tile on the stack and copy only the valid part.
@inline(__always)
func microKernel<S: GEMMScalar>(kc: Int, _ a: UnsafePointer<S>, _ b: UnsafePointer<S>,
                                _ c: UnsafeMutablePointer<S>, ldc: Int, rows: Int, cols: Int,
                                overwrite: Bool) {
    typealias V = S.GEMMVector
    let w = V.scalarCount
    let nr = 2 * w
    var tile = AccumulatorTile<V>()
    var ap = a, bp = b
    for _ in 0..<kc {
        tile.update(ap, loadVector(bp), loadVector(bp + w))
        ap += gemmMR
        bp += nr
    }
    if rows == gemmMR && cols == nr {
        tile.store(to: c, ldc: ldc, overwrite: overwrite)
        return
    }
    withUnsafeTemporaryAllocation(of: S.self, capacity: gemmMR * nr) { buffer in
        let t = buffer.baseAddress!
        tile.store(to: t, ldc: nr, overwrite: true)
        for i in 0..<rows {
            let src = t + i * nr, dst = c + i * ldc
            if overwrite {
                for j in 0..<cols { dst[j] = src[j] }
            } else {
                for j in 0..<cols { dst[j] += src[j] }
            }
        }
    }
}
