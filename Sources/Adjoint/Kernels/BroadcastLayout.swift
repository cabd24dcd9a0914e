/// How two operands of a broadcasting binary operation map onto its output.
///
/// Axes are coalesced (adjacent axes that broadcast the same way are merged), so the kernel's
/// innermost loop is as long as possible and usually runs with unit or zero strides.
///
/// ```swift
/// // Built by `Tensor.elementwise` for each call; kernels read it:
/// // (100, 512) + (512,) coalesces to sizes [100, 512] with b strides [0, 1].
/// ```
public struct BroadcastLayout: Sendable {
    /// The common cases, which need no per-axis bookkeeping (and no array allocations).
    ///
    /// ```swift excerpt
    /// if layout.pattern == .scalarB { for i in 0..<layout.count { out[i] = a[i] * b[0] } }
    /// ```
    public enum Pattern: Sendable {
        /// Both operands have the output's elements in the same order.
        case same
        /// `b` (or `a`) is a single element.
        case scalarB, scalarA
        /// Anything else: walk `sizes` with the operands' strides.
        case general
    }
    /// Which of the common cases this is, or `.general`.
    public let pattern: Pattern
    /// The output's coalesced axis sizes, outermost first (`.general` only).
    public let sizes: [Int]
    /// Element strides of each operand per coalesced axis: 0 where the operand is broadcast.
    public let aStrides: [Int]
    /// The same for `b`: `(100, 512) + (512,)` gives `[0, 1]`.
    public let bStrides: [Int]
    /// The number of output elements.
    public let count: Int

    /// The layout for operands of shapes `a` and `b`, whose broadcast shape is `out`.
    init(a: [Int], b: [Int], out: [Int]) {
        let count = out.reduce(1, *)
        // The common cases need no per-axis bookkeeping (and no array allocations).
        if a == b || (a.reduce(1, *) == count && b.reduce(1, *) == count) {
            self.init(.same, sizes: [], aStrides: [], bStrides: [], count: count)
            return
        }
        if b.allSatisfy({ $0 == 1 }) {
            self.init(.scalarB, sizes: [], aStrides: [], bStrides: [], count: count)
            return
        }
        if a.allSatisfy({ $0 == 1 }) {
            self.init(.scalarA, sizes: [], aStrides: [], bStrides: [], count: count)
            return
        }
        let rank = out.count
        var sizes: [Int] = []
        var aStrides: [Int] = []
        var bStrides: [Int] = []
        // Strides of each operand in the output's rank, 0 on broadcast axes.
        func strides(_ shape: [Int]) -> [Int] {
            var result = [Int](repeating: 0, count: rank)
            var step = 1
            for axis in (0..<rank).reversed() {
                let k = axis - (rank - shape.count)
                if k >= 0 && shape[k] != 1 {
                    result[axis] = step
                    step *= shape[k]
                }
            }
            return result
        }
        let sa = strides(a), sb = strides(b)
        for axis in 0..<rank where out[axis] != 1 {
            if let last = sizes.indices.last,
               aStrides[last] == sa[axis] * out[axis], bStrides[last] == sb[axis] * out[axis] {
                // The previous axis continues this one in both operands: merge them.
                sizes[last] *= out[axis]
                aStrides[last] = sa[axis]
                bStrides[last] = sb[axis]
            } else {
                sizes.append(out[axis])
                aStrides.append(sa[axis])
                bStrides.append(sb[axis])
            }
        }
        if sizes.isEmpty { sizes = [1]; aStrides = [0]; bStrides = [0] }
        self.init(.general, sizes: sizes, aStrides: aStrides, bStrides: bStrides, count: count)
    }

    private init(_ pattern: Pattern, sizes: [Int], aStrides: [Int], bStrides: [Int], count: Int) {
        self.pattern = pattern
        self.sizes = sizes
        self.aStrides = aStrides
        self.bStrides = bStrides
        self.count = count
    }
}

/// The NumPy broadcast of two shapes, or nil when they are incompatible.
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    if a == b { return a }
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
        let x = axis - (rank - a.count) >= 0 ? a[axis - (rank - a.count)] : 1
        let y = axis - (rank - b.count) >= 0 ? b[axis - (rank - b.count)] : 1
        if x == y || y == 1 { out[axis] = x } else if x == 1 { out[axis] = y } else { return nil }
    }
    return out
}
