// Large elementwise operations split into pieces that run on all cores. A CNN step's
// activations (64 x 28 x 28 x 32 floats, 6.4 MB) went through bias adds, ReLUs and their
// gradients on one core while the other waited; small tensors (an MLP's 100 x 512) stay on
// the calling thread, where handing out work would cost more than it saves.

/// Elements below which an elementwise operation runs on the calling thread, and the least
/// work per piece: 64 Ki elements (256 KB of Float), tens of microseconds of work against
/// about a microsecond to hand a piece to a spinning worker.
let elementwiseParallelElements = 1 << 16

/// How many pieces `count` elements split into: none beyond one when small or single-threaded,
/// else up to four per thread so a core slowed by another process does not hold up the rest.
func elementwisePieces(_ count: Int) -> Int {
    Swift.min(count / elementwiseParallelElements, 4 * Parallelism.maxThreads)
}

/// Runs `body` on consecutive ranges covering `0..<count`, in parallel when large.
///
/// ```swift
/// forEachElementRange(n) { r in kernel(x + r.lowerBound, out + r.lowerBound, count: r.count) }
/// ```
func forEachElementRange(_ count: Int, _ body: (Range<Int>) -> Void) {
    let pieces = elementwisePieces(count)
    guard pieces > 1 else { body(0..<count); return }
    parallelFor(pieces) { k in body(count * k / pieces..<count * (k + 1) / pieces) }
}

extension BroadcastLayout {
    /// Runs `body` on pieces of this layout that together cover the output, in parallel when
    /// large: each gets its own layout and its element offsets into `a`, `b` and the output.
    /// `.general` layouts split along their outermost coalesced axis (the rows of a bias add).
    ///
    /// ```swift
    /// layout.forEachPiece { part, da, db, dout in S._binary(op, a + da, b + db, out + dout, part) }
    /// ```
    func forEachPiece(_ body: (_ part: BroadcastLayout, _ aOffset: Int, _ bOffset: Int, _ outOffset: Int) -> Void) {
        switch pattern {
        case .same, .scalarA, .scalarB:
            forEachElementRange(count) { r in
                let part = BroadcastLayout(pattern, sizes: [], aStrides: [], bStrides: [], count: r.count)
                body(part, pattern == .scalarA ? 0 : r.lowerBound, pattern == .scalarB ? 0 : r.lowerBound, r.lowerBound)
            }
        case .general:
            let rows = sizes[0]
            let pieces = Swift.min(elementwisePieces(count), rows)
            guard pieces > 1 else { body(self, 0, 0, 0); return }
            let rowSize = count / rows
            parallelFor(pieces) { k in
                let first = rows * k / pieces, end = rows * (k + 1) / pieces
                var partSizes = sizes
                partSizes[0] = end - first
                let part = BroadcastLayout(.general, sizes: partSizes, aStrides: aStrides, bStrides: bStrides,
                                           count: (end - first) * rowSize)
                body(part, first * aStrides[0], first * bStrides[0], first * rowSize)
            }
        }
    }
}
