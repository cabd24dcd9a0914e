// Fused kernels of a bias add and its activation: the sum and the activation in one pass, each
// chunk's activation taken by the same `_unary` kernel while the chunk is in cache (so the
// forward has the composition's bits), and the backward's input and bias gradients in one
// pass, the bias's partial sums kept per chunk and added in chunk order.

/// `out = op(x + bias)` for the row-major `x` of `count` elements whose last axis has
/// `columns`, with `op` `.maximum` at 0 (ReLU) or `.tanh`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasActivationForward<S: TensorScalar>(_ x: UnsafePointer<S>, bias: UnsafePointer<S>, count: Int, columns: Int,
                                            _ op: UnaryOp, _ out: UnsafeMutablePointer<S>) {
    inChunks(count, unit: elementwiseChunk) { range in
        var c = range.lowerBound % columns
        for i in range {
            out[i] = x[i] + bias[c]
            c += 1
            if c == columns { c = 0 }
        }
        S._unary(op, out + range.lowerBound, out + range.lowerBound, count: range.count, parameter: 0)
    }
}

/// From the output `y` of `biasActivationForward` and its gradient `g`: `gx = g ⊙ op'(y)`
/// (`[y > 0]` for ReLU, `1 − y²` for tanh) into `gx`, and its sums over the rows into `gbias`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasActivationBackward<S: TensorScalar>(_ g: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int, columns: Int,
                                             _ op: UnaryOp, gx: UnsafeMutablePointer<S>, gbias: UnsafeMutablePointer<S>) {
    let chunks = Swift.max(1, (count + elementwiseChunk - 1) / elementwiseChunk)
    let partial = UnsafeMutablePointer<S>.allocate(capacity: chunks * columns)
    defer { partial.deallocate() }
    parallelFor(chunks) { k in
        let sums = partial + k * columns
        sums.initialize(repeating: 0, count: columns)
        let range = k * elementwiseChunk ..< Swift.min(count, (k + 1) * elementwiseChunk)
        // One loop per activation, so that its derivative inlines into it.
        @inline(__always) func sweep(_ derivative: (S, S) -> S) {
            var c = range.lowerBound % columns
            for i in range {
                let d = derivative(g[i], y[i])
                gx[i] = d
                sums[c] += d
                c += 1
                if c == columns { c = 0 }
            }
        }
        if op == .tanh { sweep { g, y in g * (1 - y * y) } } else { sweep { g, y in g * (y > 0 ? 1 : 0) } }
    }
    gbias.initialize(repeating: 0, count: columns)
    for k in 0..<chunks {
        for c in 0..<columns { gbias[c] += partial[k * columns + c] }
    }
}
