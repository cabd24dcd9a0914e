/// How two operands of a broadcasting binary operation map onto its output.
///
/// Axes are coalesced (adjacent axes that broadcast the same way are merged), so the kernel's
/// innermost loop is as long as possible and usually runs with unit or zero strides.
public struct BroadcastLayout: Sendable {
    /// The output's coalesced axis sizes, outermost first; never empty.
    public let sizes: [Int]
    /// Element strides of each operand per coalesced axis: 0 where the operand is broadcast.
    public let aStrides: [Int]
    public let bStrides: [Int]
    /// The number of output elements.
    public let count: Int

    /// The layout for operands of shapes `a` and `b`, whose broadcast shape is `out`.
    init(a: [Int], b: [Int], out: [Int]) {
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
        self.sizes = sizes
        self.aStrides = aStrides
        self.bStrides = bStrides
        self.count = out.reduce(1, *)
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
