import Foundation
import Synchronization

/// Problems with `m * n * k` at most this go to the unpacked kernel: around 16^3 to 24^3 the
/// packed kernel starts to win despite its allocation and packing.
let gemmDirectLimit = 8192

/// Whether `gemm` computes an `m x n x k` product with the unpacked kernel (which sums in
/// another order than the packed one).
@inline(__always)
func gemmIsDirect(m: Int, n: Int, k: Int) -> Bool {
    m == 1 || n == 1 || m * n * k <= gemmDirectLimit
}

/// Problems under this many flops (2mnk, about 160^3) run on the calling thread. Above about
/// 64^3 a second thread pays off when it is already awake, but handing work to a parked
/// worker takes longer than small multiplies can amortise.
let gemmThreadingFlops = 8_000_000

func gemmFloat(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
               _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
               _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
         a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
}

func gemmDouble(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                _ c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
         a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
}

/// Row-major `C (+)= op(A) op(B)`; see `gemmFloat`. Generic, and specialised for `Float` and
/// `Double` by the two concrete entry points above.
@inline(__always)
func gemm<S: GEMMScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         _ a: UnsafePointer<S>, lda: Int, _ b: UnsafePointer<S>, ldb: Int,
                         _ c: UnsafeMutablePointer<S>, ldc: Int, accumulate: Bool,
                         threads maxThreads: Int = Parallelism.maxThreads) {
    if m <= 0 || n <= 0 { return }
    if k <= 0 {
        if !accumulate {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        }
        return
    }
    // Element strides of op(A) and op(B): transposition only swaps them.
    let ars = transposeA ? 1 : lda, acs = transposeA ? lda : 1
    let brs = transposeB ? 1 : ldb, bcs = transposeB ? ldb : 1

    if gemmIsDirect(m: m, n: n, k: k) {
        gemmDirect(m: m, n: n, k: k, a, ars: ars, acs: acs, b, brs: brs, bcs: bcs,
                   c, ldc: ldc, accumulate: accumulate)
        return
    }

    let mr = gemmMR, nr = 2 * S.GEMMVector.scalarCount
    let inPlace = readsAInPlace(S.self, n: n, ars: ars, acs: acs, nr: nr)
    let flops = 2 * m * n * k
    var threads = flops >= gemmThreadingFlops ? maxThreads : 1
    if threads <= 1 {
        gemmPacked(m: m, n: n, k: k, a, ars: ars, acs: acs, b, brs: brs, bcs: bcs,
                   c, ldc: ldc, accumulate: accumulate, readingAInPlace: inPlace)
        return
    }
    // Each thread takes its own slab of C, so threads never wait on each other. Splitting the
    // columns of C would make every thread pack all of op(A) (m x k) again; splitting the rows,
    // all of op(B) (k x n): split the dimension that repeats less.
    let splitColumns = n >= m
    // Columns go in whole panels, or in half panels when there are fewer panels than threads
    // (the first convolution's weight gradient, 9 x 50176 x 32, ran on one core).
    let columnUnit = n >= threads * nr ? nr : nr / 2
    let units = splitColumns ? (n + columnUnit - 1) / columnUnit : (m + mr - 1) / mr
    threads = min(threads, units)
    let unitsPerThread = (units + threads - 1) / threads
    let slabs = (units + unitsPerThread - 1) / unitsPerThread
    // With the columns split, op(A), when it is packed at all, is packed once, by all threads,
    // before the slabs start: for the MLP's 100 x 3072 x 512 layer each thread packing its own
    // copy of A cost about a tenth of its time.
    let paddedM = packedABlocks(S.self, m: m, k: k).paddedM
    let packedA: UnsafeMutablePointer<S>? = splitColumns && !inPlace
        ? UnsafeMutableRawPointer.allocate(byteCount: paddedM * k * MemoryLayout<S>.stride, alignment: 64)
            .bindMemory(to: S.self, capacity: paddedM * k)
        : nil
    defer { packedA?.deallocate() }
    if let packedA {
        prepackA(m: m, k: k, a, ars: ars, acs: acs, into: packedA)
    }
    // The pool hands out slabs to whichever thread asks first, the caller included, so a
    // worker that is slow to wake costs at most the single-threaded time.
    parallelFor(slabs) { t in
        if splitColumns {
            let j0 = t * unitsPerThread * columnUnit, j1 = min(n, j0 + unitsPerThread * columnUnit)
            gemmPacked(m: m, n: j1 - j0, k: k, a, ars: ars, acs: acs, b + j0 * bcs, brs: brs, bcs: bcs,
                       c + j0, ldc: ldc, accumulate: accumulate, readingAInPlace: inPlace, prepackedA: packedA)
        } else {
            let i0 = t * unitsPerThread * mr, i1 = min(m, i0 + unitsPerThread * mr)
            gemmPacked(m: i1 - i0, n: n, k: k, a + i0 * ars, ars: ars, acs: acs, b, brs: brs, bcs: bcs,
                       c + i0 * ldc, ldc: ldc, accumulate: accumulate, readingAInPlace: inPlace)
        }
    }
}

/// How the tiles read op(A): 0 as `readsAInPlace` chooses, 1 always packed, 2 always in place.
/// Tests set it to compare the two ways, which give the same bits.
let gemmAReading = Atomic<Int>(0)

/// Whether the tiles read op(A) where it lies rather than from packed panels. Packing costs a
/// pass over op(A); reading in place costs, for every panel of B, reads spread over memory
/// rows as far apart as the larger stride. Both give the same bits; in place is the cheaper
/// while rows are short (up to 2 KB) or few panels of B read them, packing for long rows that
/// many panels read again.
@inline(__always)
func readsAInPlace<S>(_: S.Type, n: Int, ars: Int, acs: Int, nr: Int) -> Bool {
    let forced = gemmAReading.load(ordering: .relaxed)
    if forced != 0 { return forced == 2 }
    return max(ars, acs) * MemoryLayout<S>.stride <= 2048 || n <= 4 * nr
}

/// Packs all of op(A) in the blocks `gemmPacked` reads, on all cores: the `mb x kb` block at
/// rows `ic`, inner index `pc` goes to `dst + pc * paddedM + ic * kb`.
func prepackA<S: GEMMScalar>(m: Int, k: Int, _ a: UnsafePointer<S>, ars: Int, acs: Int,
                             into dst: UnsafeMutablePointer<S>) {
    let (kc, mc, paddedM) = packedABlocks(S.self, m: m, k: k)
    parallelFor((k + kc - 1) / kc) { block in
        let pc = block * kc, kb = min(kc, k - pc)
        var ic = 0
        while ic < m {
            packA(min(mc, m - ic), kb, a + ic * ars + pc * acs, ars: ars, acs: acs, into: dst + pc * paddedM + ic * kb)
            ic += mc
        }
    }
}

/// The inner-dimension and row blocks (kc, mc) `gemmPacked` cuts op(A), `m x k`, into, and the
/// rows its packed panels pad `m` to; `prepackA` lays A out by the same numbers.
@inline(__always)
func packedABlocks<S: GEMMScalar>(_: S.Type, m: Int, k: Int) -> (kc: Int, mc: Int, paddedM: Int) {
    let mr = gemmMR
    return (blockSize(k, limit: S.gemmBlocking.kc, unit: 1), blockSize(m, limit: S.gemmBlocking.mc, unit: mr),
            (m + mr - 1) / mr * mr)
}

/// Splits `total` into the fewest blocks of at most `limit`, rounded up to a multiple of
/// `unit`, as equal as possible (so 300 with a limit of 256 gives two blocks of 150, not
/// 256 + 44).
@inline(__always)
func blockSize(_ total: Int, limit: Int, unit: Int) -> Int {
    let blocks = (total + limit - 1) / limit
    let size = (total + blocks - 1) / blocks
    return (size + unit - 1) / unit * unit
}

/// Single-threaded, BLIS-style blocked GEMM on packed panels.
///
/// Loops, outermost first: `nc` columns of C, `kc` steps of the inner dimension (pack a
/// `kc x nc` block of op(B)), `mc` rows (pack an `mc x kc` block of op(A)), then register
/// tiles. Packing copies each block into the exact order the micro-kernel reads it, zero-padded
/// to whole tiles, which is also where transposed operands are turned around. With
/// `prepackedA` (from `prepackA`), op(A) is read from there instead of packed again; with
/// `readingAInPlace` (as `readsAInPlace` chose), the tiles read op(A) where it lies (same
/// arithmetic, same bits).
func gemmPacked<S: GEMMScalar>(m: Int, n: Int, k: Int,
                               _ a: UnsafePointer<S>, ars: Int, acs: Int,
                               _ b: UnsafePointer<S>, brs: Int, bcs: Int,
                               _ c: UnsafeMutablePointer<S>, ldc: Int, accumulate: Bool,
                               readingAInPlace inPlace: Bool, prepackedA: UnsafePointer<S>? = nil) {
    let nr = 2 * S.GEMMVector.scalarCount
    let (kc, mc, paddedM) = packedABlocks(S.self, m: m, k: k)
    let nc = blockSize(n, limit: S.gemmBlocking.nc, unit: nr)
    // Room for one packed A block only when op(A) is not packed already or read in place.
    let aElements = prepackedA == nil && !inPlace ? mc * kc : 0
    withUnsafeTemporaryAllocation(byteCount: (aElements + nc * kc) * MemoryLayout<S>.stride, alignment: 64) { raw in
        let packedA = raw.baseAddress!.bindMemory(to: S.self, capacity: aElements + nc * kc)
        let packedB = packedA + aElements
        var jc = 0
        while jc < n {
            let nb = min(nc, n - jc)
            var pc = 0
            while pc < k {
                let kb = min(kc, k - pc)
                packB(kb, nb, b + pc * brs + jc * bcs, brs: brs, bcs: bcs, into: packedB)
                // The first kc block overwrites C unless accumulating; later ones add to it.
                let overwrite = !accumulate && pc == 0
                var ic = 0
                while ic < m {
                    let mb = min(mc, m - ic)
                    if inPlace {
                        S.multiplyStridedBlock(kc: kb, mb: mb, nb: nb, a + ic * ars + pc * acs, ars: ars, acs: acs,
                                               packedB, c + ic * ldc + jc, ldc: ldc, overwrite: overwrite)
                        ic += mc
                        continue
                    }
                    let panels: UnsafePointer<S>
                    if let prepackedA {
                        panels = prepackedA + pc * paddedM + ic * kb
                    } else {
                        packA(mb, kb, a + ic * ars + pc * acs, ars: ars, acs: acs, into: packedA)
                        panels = UnsafePointer(packedA)
                    }
                    S.multiplyPackedBlock(kc: kb, mb: mb, nb: nb, panels, packedB,
                                          c + ic * ldc + jc, ldc: ldc, overwrite: overwrite)
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }
}

/// Packs the `mb x kb` block of op(A) into micro-panels of `gemmMR` rows: panel by panel, `kb`
/// groups of `gemmMR` elements (one column of the panel each), rows past `mb` zero.
@inline(__always)
func packA<S: GEMMScalar>(_ mb: Int, _ kb: Int, _ a: UnsafePointer<S>, ars: Int, acs: Int,
                          into dst: UnsafeMutablePointer<S>) {
    let mr = gemmMR
    if acs == 1 {
        // Rows of op(A) are contiguous (the CNN's patches, the MLP's batch): each panel column
        // gathers one element of 12 rows, turned around in registers by the C packer.
        S.packTransposed(rows: mb, len: kb, a, ld: ars, width: mr, into: dst)
        return
    }
    // op(A) is stored transposed: each panel column is contiguous in memory.
    var i0 = 0
    if ars == 1 {
        // Whole panels, memory row by memory row: each row of the block is read once, front to
        // back, and dealt out to the panels. Panel by panel, every read jumped to another row
        // (12 KB apart in the MLP's weight gradient), which the prefetcher does not follow.
        // Columns are moved as SIMD4 vectors (mr is a multiple of 4): `update(from:count:)`
        // calls memmove for 12 elements, and an element loop compiles to 12 scalar moves.
        let panels = mb / mr, size = MemoryLayout<S>.stride, width = 4 * size
        for p in 0..<kb {
            let row = UnsafeRawPointer(a + p * acs), out = UnsafeMutableRawPointer(dst + p * mr)
            for panel in 0..<panels {
                let from = panel * mr * size, to = panel * mr * kb * size
                for i in 0..<mr / 4 {
                    out.storeBytes(of: row.loadUnaligned(fromByteOffset: from + i * width, as: SIMD4<S>.self),
                                   toByteOffset: to + i * width, as: SIMD4<S>.self)
                }
            }
        }
        i0 = panels * mr
    }
    // The ragged last panel, and strided columns, element by element.
    while i0 < mb {
        let rows = min(mr, mb - i0)
        let panel = dst + i0 * kb
        for p in 0..<kb {
            let src = a + p * acs + i0 * ars
            let d = panel + p * mr
            for i in 0..<rows { d[i] = src[i * ars] }
            for i in rows..<mr { d[i] = 0 }
        }
        i0 += mr
    }
}

/// Packs the `kb x nb` block of op(B) into micro-panels of `2W` columns: panel by panel, `kb`
/// groups of `2W` elements (one row of the panel each), columns past `nb` zero.
@inline(__always)
func packB<S: GEMMScalar>(_ kb: Int, _ nb: Int, _ b: UnsafePointer<S>, brs: Int, bcs: Int,
                          into dst: UnsafeMutablePointer<S>) {
    let w = S.GEMMVector.scalarCount, nr = 2 * w
    if bcs == 1 {
        // Rows of op(B) are contiguous. Whole panels, two vectors per row, row by row: each row
        // of the block is read front to back once. Panel by panel, every read jumped a row ahead
        // (2 KB for the MLP's 3072 x 512 weight), which the prefetcher follows less well.
        let panels = nb / nr
        for p in 0..<kb {
            let src = b + p * brs, d = dst + p * nr
            for panel in 0..<panels {
                let from = src + panel * nr, to = d + panel * nr * kb
                storeVector(loadVector(from), to)
                storeVector(loadVector(from + w), to + w)
            }
        }
        // The ragged last panel.
        let j0 = panels * nr, cols = nb - j0
        guard cols > 0 else { return }
        for p in 0..<kb {
            let src = b + p * brs + j0, d = dst + j0 * kb + p * nr
            if cols == w {
                storeVector(loadVector(src), d)
                storeVector(S.GEMMVector(), d + w)
            } else {
                d.update(from: src, count: cols)
                (d + cols).update(repeating: 0, count: nr - cols)
            }
        }
        return
    }
    // op(B) is stored transposed (so `brs == 1`): panels are turned around in registers by
    // the C packer.
    S.packTransposed(rows: nb, len: kb, b, ld: bcs, width: nr, into: dst)
}
