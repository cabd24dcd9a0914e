// The GEMM's element types, and the bridge to its register-tile kernels.
//
// The tiles themselves are C (Sources/CKernels): compiled for AVX-512, AVX2 + FMA and the
// baseline, and picked by cpuid at run time, so a package that depends on Adjoint by version
// (where SwiftPM forbids `-march=native`) runs the same kernel as the root build. Swift SIMD
// code without target flags compiles to SSE2 without FMA, a fraction of the tiles' speed.
internal import CKernels

/// Element types of the GEMM kernel, each with the vector type that fills one 512-bit register.
protocol GEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    associatedtype GEMMVector: SIMD where GEMMVector.Scalar == Self
    /// Packs `rows` memory rows of `len` contiguous elements, `ld` apart, as panels `width`
    /// rows high, rows past `rows` zero (`adjoint_gemm_f32_pack_transposed`).
    static func packTransposed(rows: Int, len: Int, _ src: UnsafePointer<Self>, ld: Int, width: Int,
                               into dst: UnsafeMutablePointer<Self>)
    /// `C[0..<mb, 0..<nb] (+)= A B` on packed panels (see `packA`, `packB`), by the C kernel
    /// for the running CPU.
    static func multiplyPackedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                                    _ c: UnsafeMutablePointer<Self>, ldc: Int, overwrite: Bool)
    /// The cache blocks for this element size on this machine.
    /// `multiplyPackedBlock` with op(A) read in place: element (i, p) at `a[i * ars + p * acs]`.
    static func multiplyStridedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Self>, ars: Int, acs: Int,
                                     _ b: UnsafePointer<Self>, _ c: UnsafeMutablePointer<Self>, ldc: Int, overwrite: Bool)
    static var gemmBlocking: GEMMBlocking { get }
}

extension Float: GEMMScalar {
    typealias GEMMVector = SIMD16<Float>
    static let gemmBlocking = GEMMBlocking(caches: .current, elementSize: 4, mr: gemmMR, nr: Int(ADJOINT_GEMM_NR_F32))
    @inline(__always)
    static func packTransposed(rows: Int, len: Int, _ src: UnsafePointer<Float>, ld: Int, width: Int,
                               into dst: UnsafeMutablePointer<Float>) {
        adjoint_gemm_f32_pack_transposed(rows, len, src, ld, width, dst)
    }
    @inline(__always)
    static func multiplyPackedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                    _ c: UnsafeMutablePointer<Float>, ldc: Int, overwrite: Bool) {
        adjoint_gemm_f32_block(kc, mb, nb, a, b, c, ldc, overwrite ? 1 : 0)
    }
    @inline(__always)
    static func multiplyStridedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Float>, ars: Int, acs: Int,
                                     _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, ldc: Int, overwrite: Bool) {
        adjoint_gemm_f32_block_strided(kc, mb, nb, a, ars, acs, b, c, ldc, overwrite ? 1 : 0)
    }
}

extension Double: GEMMScalar {
    typealias GEMMVector = SIMD8<Double>
    static let gemmBlocking = GEMMBlocking(caches: .current, elementSize: 8, mr: gemmMR, nr: Int(ADJOINT_GEMM_NR_F64))
    @inline(__always)
    static func packTransposed(rows: Int, len: Int, _ src: UnsafePointer<Double>, ld: Int, width: Int,
                               into dst: UnsafeMutablePointer<Double>) {
        adjoint_gemm_f64_pack_transposed(rows, len, src, ld, width, dst)
    }
    @inline(__always)
    static func multiplyPackedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    _ c: UnsafeMutablePointer<Double>, ldc: Int, overwrite: Bool) {
        adjoint_gemm_f64_block(kc, mb, nb, a, b, c, ldc, overwrite ? 1 : 0)
    }
    @inline(__always)
    static func multiplyStridedBlock(kc: Int, mb: Int, nb: Int, _ a: UnsafePointer<Double>, ars: Int, acs: Int,
                                     _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>, ldc: Int, overwrite: Bool) {
        adjoint_gemm_f64_block_strided(kc, mb, nb, a, ars, acs, b, c, ldc, overwrite ? 1 : 0)
    }
}

/// Rows of the register tile, and of a packed A micro-panel (`ADJOINT_GEMM_MR`).
let gemmMR = Int(ADJOINT_GEMM_MR)

/// `acc + x * y`. With the `NativeCPU` trait the target has FMA and `addingProduct` is one
/// instruction; without target flags it would be a libm `fma` call per lane, so the baseline
/// build multiplies and adds separately.
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
