// Fused kernels of a bias add and its activation: the sum and the activation in one pass, each
// block's activation taken by the same `_unary` kernel while the block is in cache (so the
// forward has the composition's bits), and the backward's input and bias gradients in one
// pass, the bias's partial sums kept per block of rows and added in block order.

/// Rows per block of a `(rows, columns)` matrix: about `elementwiseChunk` elements.
func biasActivationBlockRows(columns: Int) -> Int { Swift.max(1, elementwiseChunk / Swift.max(columns, 1)) }

/// `out = op(x + bias)` for the row-major `(rows, columns)` `x`, with `op` `.maximum` at 0
/// (ReLU) or `.tanh`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasActivationForward<S: TensorScalar>(_ x: UnsafePointer<S>, bias: UnsafePointer<S>, rows: Int, columns: Int,
                                            _ op: UnaryOp, _ out: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: biasActivationBlockRows(columns: columns)) { range in
        for r in range {
            let (row, result) = (x + r * columns, out + r * columns)
            for c in 0..<columns { result[c] = row[c] + bias[c] }
        }
        let start = range.lowerBound * columns
        S._unary(op, out + start, out + start, count: range.count * columns, parameter: 0)
    }
}

/// From the output `y` of `biasActivationForward` and its gradient `g`: `gx = g ⊙ op'(y)`
/// (`[y > 0]` for ReLU, `1 − y²` for tanh) into `gx`, and its sums over the rows into `gbias`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasActivationBackward<S: TensorScalar>(_ g: UnsafePointer<S>, _ y: UnsafePointer<S>, rows: Int, columns: Int,
                                             _ op: UnaryOp, gx: UnsafeMutablePointer<S>, gbias: UnsafeMutablePointer<S>) {
    let blockRows = biasActivationBlockRows(columns: columns)
    let blocks = Swift.max(1, (rows + blockRows - 1) / blockRows)
    let partial = UnsafeMutablePointer<S>.allocate(capacity: blocks * columns)
    defer { partial.deallocate() }
    parallelFor(blocks) { b in
        let sums = partial + b * columns
        sums.initialize(repeating: 0, count: columns)
        // One loop per activation, so that its derivative inlines into it.
        @inline(__always) func sweep(_ derivative: (S, S) -> S) {
            for r in b * blockRows ..< Swift.min(rows, (b + 1) * blockRows) {
                let (gr, yr, out) = (g + r * columns, y + r * columns, gx + r * columns)
                for c in 0..<columns {
                    let d = derivative(gr[c], yr[c])
                    out[c] = d
                    sums[c] += d
                }
            }
        }
        if op == .tanh { sweep { g, y in g * (1 - y * y) } } else { sweep { g, y in g * (y > 0 ? 1 : 0) } }
    }
    gbias.initialize(repeating: 0, count: columns)
    for b in 0..<blocks {
        for c in 0..<columns { gbias[c] += partial[b * columns + c] }
    }
}
