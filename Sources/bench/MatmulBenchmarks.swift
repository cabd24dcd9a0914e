import Adjoint

// Matrix-multiply throughput through the engine's kernel table (`TensorScalar._gemm`), in
// GFLOP/s (2mnk floating-point operations per multiply): the best of many runs after a
// warm-up, so page faults, thread start-up and other processes on the machine count least.

/// GFLOP/s of `C = A B`, `A` m x k, `B` k x n, row-major, best of `repeats` runs.
private func gemmGFLOPS<S: TensorScalar>(_: S.Type, m: Int, n: Int, k: Int, repeats: Int) -> Double {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> S {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return S(Double(state >> 40) / Double(1 << 24) - 0.5)
    }
    let a = (0..<(m * k)).map { _ in next() }
    let b = (0..<(k * n)).map { _ in next() }
    var c = [S](repeating: 0, count: m * n)
    let seconds = a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                bestTime(repeats: repeats) {
                    S._gemm(transposeA: false, transposeB: false, m: m, n: n, k: k,
                            a.baseAddress!, lda: k, b.baseAddress!, ldb: n, c.baseAddress!, ldc: n,
                            accumulate: false)
                }
            }
        }
    }
    return 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9
}

/// `matmul_*_gflops`: square 1024 (Float, Double, Float on one core via
/// `Parallelism.maxThreads`), square 512, and the MLP layer shape 100 x 3072 times 3072 x 512.
/// About 1 s per figure.
func matmulBenchmarks() -> [String: Double] {
    var figures: [String: Double] = [:]
    figures["matmul_f32_1024_gflops"] = gemmGFLOPS(Float.self, m: 1024, n: 1024, k: 1024, repeats: 200)
    figures["matmul_f64_1024_gflops"] = gemmGFLOPS(Double.self, m: 1024, n: 1024, k: 1024, repeats: 100)
    figures["matmul_f32_100x3072x512_gflops"] = gemmGFLOPS(Float.self, m: 100, n: 512, k: 3072, repeats: 1000)
    figures["matmul_f32_512_gflops"] = gemmGFLOPS(Float.self, m: 512, n: 512, k: 512, repeats: 1000)
    let threads = Parallelism.maxThreads
    Parallelism.maxThreads = 1
    figures["matmul_f32_1024_1core_gflops"] = gemmGFLOPS(Float.self, m: 1024, n: 1024, k: 1024, repeats: 100)
    Parallelism.maxThreads = threads
    return figures
}
