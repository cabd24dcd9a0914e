import Testing
@testable import Adjoint
import CKernels
#if canImport(Glibc)
import Glibc
#endif

// The GEMM kernel against a naive triple loop, over the shapes where blocked kernels go wrong:
// empty and unit dimensions, sizes just off the 12-row / 2-vector register tile and the
// kc, mc and nc cache blocks of this machine, padded leading dimensions, all four transpose
// combinations, both accumulate modes, and problems big enough to run on several threads.

/// A small seeded generator (SplitMix64), so failures reproduce.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func bool() -> Bool { next() & 1 == 1 }
    /// Uniform in [-1, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
}

private struct Case: CustomStringConvertible {
    var m: Int, n: Int, k: Int
    var transposeA = false, transposeB = false, accumulate = false
    /// Extra elements per row beyond the minimum leading dimension.
    var padA = 0, padB = 0, padC = 0
    var description: String {
        "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) acc=\(accumulate) pads=\(padA),\(padB),\(padC)"
    }
}

fileprivate protocol GEMMTestScalar: TensorScalar {
    static func gemmTestRun(_ c: Case, _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
                    _ out: UnsafeMutablePointer<Self>, ldc: Int)
    /// Allowed error relative to `sum_p |a_ip b_pj|` (plus `|c_ij|` when accumulating).
    static func gemmTolerance(k: Int) -> Double
}

extension Float: GEMMTestScalar {
    fileprivate static func gemmTestRun(_ c: Case, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                    _ out: UnsafeMutablePointer<Float>, ldc: Int) {
        gemmFloat(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
                  a, lda: lda, b, ldb: ldb, out, ldc: ldc, accumulate: c.accumulate)
    }
    fileprivate static func gemmTolerance(k: Int) -> Double { Double(k + 2) * Double(Float.ulpOfOne) }
}

extension Double: GEMMTestScalar {
    fileprivate static func gemmTestRun(_ c: Case, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                    _ out: UnsafeMutablePointer<Double>, ldc: Int) {
        gemmDouble(transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
                   a, lda: lda, b, ldb: ldb, out, ldc: ldc, accumulate: c.accumulate)
    }
    fileprivate static func gemmTolerance(k: Int) -> Double { 1e-12 }
}

/// One case's operands and C (before the product) from `seed`, with their leading dimensions.
private struct Operands<S: GEMMTestScalar> {
    var a: [S], b: [S], out: [S]
    let lda: Int, ldb: Int, ldc: Int

    init(_ c: Case, seed: UInt64) {
        var rng = SplitMix(state: seed)
        // Stored shapes: A is m x k, or k x m when transposed; likewise B.
        let (aRows, aCols) = c.transposeA ? (c.k, c.m) : (c.m, c.k)
        let (bRows, bCols) = c.transposeB ? (c.n, c.k) : (c.k, c.n)
        let lda = aCols + c.padA, ldb = bCols + c.padB, ldc = c.n + c.padC
        // Padding holds NaN: reading it would poison the result. So does C when it is overwritten:
        // the kernel must not read it.
        var a = [S](repeating: .nan, count: max(1, aRows * lda))
        var b = [S](repeating: .nan, count: max(1, bRows * ldb))
        var out = [S](repeating: .nan, count: max(1, c.m * ldc))
        for i in 0..<aRows { for j in 0..<aCols { a[i * lda + j] = S(rng.unit()) } }
        for i in 0..<bRows { for j in 0..<bCols { b[i * ldb + j] = S(rng.unit()) } }
        for i in 0..<c.m { for j in 0..<c.n { out[i * ldc + j] = c.accumulate ? S(rng.unit()) : .nan } }
        (self.a, self.b, self.out, self.lda, self.ldb, self.ldc) = (a, b, out, lda, ldb, ldc)
    }

    /// C after the product.
    func product(_ c: Case) -> [S] {
        var out = self.out
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    S.gemmTestRun(c, pa.baseAddress!, lda: lda, pb.baseAddress!, ldb: ldb, po.baseAddress!, ldc: ldc)
                }
            }
        }
        return out
    }
}

/// Runs one case and returns a description of the first wrong element, or nil.
private func failure<S: GEMMTestScalar>(_: S.Type, _ c: Case, seed: UInt64) -> String? {
    let operands = Operands<S>(c, seed: seed)
    let (a, b, before, ldc) = (operands.a, operands.b, operands.out, operands.ldc)
    let (lda, ldb) = (operands.lda, operands.ldb)
    let out = operands.product(c)
    // Large cases check a third of C (every row and every column) to keep debug builds quick.
    let stride = c.m * c.n * c.k > 1_000_000 ? 3 : 1
    for i in 0..<c.m {
        for j in 0..<ldc {
            let got = out[i * ldc + j]
            if j >= c.n {
                if !got.isNaN { return "\(c): padding of C at (\(i), \(j)) was written" }
                continue
            }
            if (i + j) % stride != 0 { continue }
            var sum = c.accumulate ? Double(before[i * ldc + j]) : 0
            var scale = abs(sum)
            for p in 0..<c.k {
                let x = Double(c.transposeA ? a[p * lda + i] : a[i * lda + p])
                let y = Double(c.transposeB ? b[j * ldb + p] : b[p * ldb + j])
                sum += x * y
                scale += abs(x * y)
            }
            if !(abs(Double(got) - sum) <= S.gemmTolerance(k: c.k) * max(scale, 1e-30)) {
                return "\(c): C[\(i), \(j)] = \(got), expected \(sum)"
            }
        }
    }
    return nil
}

private func expectCorrect(_ c: Case, seed: UInt64 = 1) {
    #expect(failure(Float.self, c, seed: seed) == nil, "\(failure(Float.self, c, seed: seed) ?? "")")
    #expect(failure(Double.self, c, seed: seed) == nil, "\(failure(Double.self, c, seed: seed) ?? "")")
}

@Suite struct GEMMTests {
    static let transposes = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: transposes)
    func degenerateAndTinyShapes(transposeA: Bool, transposeB: Bool) {
        // Zero-sized dimensions, scalars, vectors (1 x k x 1, 1 x k x n, m x k x 1) and the small
        // sizes that take the unpacked path.
        let sizes = [0, 1, 2, 3, 7]
        for m in sizes {
            for n in sizes {
                for k in [0, 1, 2, 5, 19] {
                    for accumulate in [false, true] {
                        expectCorrect(Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                                           accumulate: accumulate, padA: 1, padB: 2, padC: 3))
                    }
                }
            }
        }
    }

    @Test(arguments: transposes)
    func registerTileEdges(transposeA: Bool, transposeB: Bool) {
        // Rows around the 12-row tile, columns around 2 vectors (16 Double / 32 Float lanes).
        for (m, n) in [(11, 15), (12, 16), (13, 17), (24, 32), (25, 33), (23, 31), (2, 48), (36, 3), (1, 100), (100, 1)] {
            for accumulate in [false, true] {
                expectCorrect(Case(m: m, n: n, k: 29, transposeA: transposeA, transposeB: transposeB,
                                   accumulate: accumulate))
            }
        }
    }

    @Test(arguments: transposes)
    func cacheBlockEdges(transposeA: Bool, transposeB: Bool) {
        // k just past kc, m just past mc, n just past nc (this machine's blocks for Double,
        // whose are the smaller), with padded rows.
        let blocks = Double.gemmBlocking
        expectCorrect(Case(m: 13, n: 37, k: blocks.kc + 1, transposeA: transposeA, transposeB: transposeB,
                           accumulate: true, padA: 3, padB: 1, padC: 5))
        expectCorrect(Case(m: 14, n: 20, k: 2 * blocks.kc, transposeA: transposeA, transposeB: transposeB))
        expectCorrect(Case(m: blocks.mc + 1, n: 17, k: 9, transposeA: transposeA, transposeB: transposeB, padC: 1))
        expectCorrect(Case(m: 3, n: blocks.nc + 3, k: 4, transposeA: transposeA, transposeB: transposeB,
                           accumulate: true, padB: 2))
    }

    @Test(arguments: [0, 2])
    func narrowInnerDimension(padA: Int) {
        // Fewer columns of op(A) than a vector holds, or a ragged last group (the first conv's
        // k = 9): the packing reads whole vectors only from rows whose vector ends inside A.
        for k in [1, 3, 9, 15, 17, 31] {
            for m in [50, 127] {
                expectCorrect(Case(m: m, n: 170, k: k, padA: padA))
            }
        }
    }

    @Test(arguments: [1, 9, 17])
    func packingNeverReadsPastA(k: Int) throws {
        // op(A) (m x k, no padding) ends exactly where an inaccessible page begins, so any read
        // past its last element crashes the test.
        let m = 61, n = 150
        try withFloatsBeforeAGuardPage(count: m * k) { a in
            for i in 0..<m * k { a[i] = Float(i % 7) - 3 }
            let b = (0..<k * n).map { Float($0 % 5) - 2 }
            var c = [Float](repeating: 0, count: m * n)
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    gemmFloat(transposeA: false, transposeB: false, m: m, n: n, k: k, a, lda: k, pb.baseAddress!, ldb: n,
                              pc.baseAddress!, ldc: n, accumulate: false)
                }
            }
            let i = m - 1, j = n - 1
            var expected: Float = 0
            for p in 0..<k { expected += a[i * k + p] * b[p * n + j] }
            #expect(c[i * n + j] == expected)
        }
    }

    @Test func randomShapes() {
        var rng = SplitMix(state: 42)
        for trial in 0..<40 {
            let c = Case(m: rng.int(1...70), n: rng.int(1...70), k: rng.int(1...90),
                         transposeA: rng.bool(), transposeB: rng.bool(), accumulate: rng.bool(),
                         padA: rng.int(0...3), padB: rng.int(0...3), padC: rng.int(0...3))
            expectCorrect(c, seed: UInt64(trial))
        }
    }

    @Test(arguments: transposes)
    func multithreaded(transposeA: Bool, transposeB: Bool) {
        // Above the threading threshold, split by columns (n >= m) and by rows (m > n), with
        // uneven slabs.
        expectCorrect(Case(m: 100, n: 200, k: 210, transposeA: transposeA, transposeB: transposeB,
                           accumulate: true, padA: 1, padB: 1, padC: 1))
        expectCorrect(Case(m: 250, n: 70, k: 240, transposeA: transposeA, transposeB: transposeB))
        // Fewer column panels than threads: the columns split in half panels (16 + 16, 16 + 4).
        expectCorrect(Case(m: 9, n: 32, k: 30000, transposeA: transposeA, transposeB: transposeB,
                           accumulate: true, padA: 1, padB: 2, padC: 1))
        expectCorrect(Case(m: 5, n: 20, k: 90000, transposeA: transposeA, transposeB: transposeB))
    }

    /// Reading op(A) in place and from packed panels give the same bits, on the register-tile
    /// and cache-block edges, both strides, one thread and several, both scalar types.
    @Test(arguments: transposes)
    func packedAndInPlaceAGiveTheSameBits(transposeA: Bool, transposeB: Bool) {
        defer { gemmAReading.store(0, ordering: .relaxed) }
        for (m, n, k) in [(12, 32, 7), (13, 33, 29), (25, 17, 257), (11, 70, 300), (100, 200, 210), (250, 70, 240)] {
            for accumulate in [false, true] {
                let c = Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                             accumulate: accumulate, padA: 1, padB: 2, padC: 1)
                for reading in [1, 2] {
                    gemmAReading.store(reading, ordering: .relaxed)
                    #expect(failure(Float.self, c, seed: 3) == nil && failure(Double.self, c, seed: 3) == nil,
                            "reading \(reading == 1 ? "packed" : "in place"), \(c)")
                }
                let (f, d) = (Operands<Float>(c, seed: 5), Operands<Double>(c, seed: 5))
                gemmAReading.store(1, ordering: .relaxed)
                let packed = (f.product(c).map(\.bitPattern), d.product(c).map(\.bitPattern))
                gemmAReading.store(2, ordering: .relaxed)
                let inPlace = (f.product(c).map(\.bitPattern), d.product(c).map(\.bitPattern))
                #expect(packed.0 == inPlace.0 && packed.1 == inPlace.1, "\(c)")
            }
        }
    }

    /// Two threads give the bits of one: each element of C is summed by one thread, over the
    /// same kc blocks in the same order, whether the columns or the rows are split.
    @Test(arguments: transposes)
    func twoThreadsGiveTheBitsOfOne(transposeA: Bool, transposeB: Bool) {
        let saved = Parallelism.maxThreads
        defer { Parallelism.maxThreads = saved }
        for (m, n, k) in [(100, 200, 300), (250, 70, 240), (9, 32, 30000), (100, 512, 3072 / 4)] {
            for accumulate in [false, true] {
                let c = Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                             accumulate: accumulate, padA: 1, padB: 2, padC: 1)
                let (f, d) = (Operands<Float>(c, seed: 7), Operands<Double>(c, seed: 7))
                Parallelism.maxThreads = 1
                let one = (f.product(c).map(\.bitPattern), d.product(c).map(\.bitPattern))
                Parallelism.maxThreads = 2
                let two = (f.product(c).map(\.bitPattern), d.product(c).map(\.bitPattern))
                #expect(one.0 == two.0 && one.1 == two.1, "\(c)")
            }
        }
    }

    @Test func singleThreadLimitGivesTheSameProduct() {
        let c = Case(m: 128, n: 128, k: 256)
        let threads = Parallelism.maxThreads
        Parallelism.maxThreads = 1
        defer { Parallelism.maxThreads = threads }
        #expect(Parallelism.maxThreads == 1)
        expectCorrect(c)
    }
}

/// Every instruction set's kernel (AVX-512, AVX2 + FMA, baseline: whichever this CPU has) on the
/// register-tile and cache-block edges, chosen the way the first GEMM call chooses, by cpuid.
/// Selecting a kernel is process-wide, so the kernels are tried in a child process (an exit
/// test): in this one, the other suites' exact comparisons, running at the same time, got the
/// baseline's bits (it has no fused multiply-add) now and then, and PatchesAndProductTests failed.
@Suite struct GEMMInstructionSetTests {
    @Test func everyKernelThisCPUCanRunGivesTheNaiveProduct() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            var failures: [String] = []
            var isa = ADJOINT_ISA_BASELINE
            while isa.rawValue <= adjoint_isa_detected().rawValue {
                guard adjoint_isa_select(isa) == 1, adjoint_isa_selected() == isa else {
                    failures.append("instruction set \(isa.rawValue) could not be selected")
                    break
                }
                // Row edges of 1, 2, 4, 6, 8 and 11 rows reach every edge tile (4, 8 or 12 rows on
                // AVX-512; one or two 6-row halves on AVX2).
                for (m, n, k) in [(12, 32, 7), (13, 33, 29), (25, 17, 257), (50, 70, 300), (1, 100, 40), (100, 1, 3),
                                  (100, 70, 30), (18, 33, 20), (20, 33, 29), (23, 40, 50)] {
                    for (transposeA, transposeB) in GEMMTests.transposes {
                        // op(A) packed (1) and read in place (2).
                        for accumulate in [false, true] { for reading in [1, 2] {
                            gemmAReading.store(reading, ordering: .relaxed)
                            let c = Case(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                                         accumulate: accumulate, padA: 1, padC: 2)
                            let found = [failure(Float.self, c, seed: 1), failure(Double.self, c, seed: 1)].compactMap { $0 }
                            failures += found.map { "instruction set \(isa.rawValue), A reading \(reading): \($0)" }
                        } }
                    }
                }
                isa = adjoint_isa(rawValue: isa.rawValue + 1)
            }
            if !failures.isEmpty { fatalError(failures.joined(separator: "\n")) }
        }
        let errors = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func aKernelTheCPULacksIsRefused() {
        let beyond = adjoint_isa(rawValue: ADJOINT_ISA_AVX512.rawValue + 1)
        let before = adjoint_isa_selected()
        #expect(adjoint_isa_select(beyond) == 0)
        #expect(adjoint_isa_selected() == before)
    }
}
