// Fused kernels of one LSTM or GRU step: the gates' nonlinearities and the state update in one
// pass forward and one backward, where the composition makes a pass per primitive. A sigmoid
// is taken as the composition's `tanh(a / 2) / 2 + 1 / 2` by the same `_unary` tanh kernel, so
// the forward has the composition's bits; the backward keeps those tanh values (`t`, with
// σ'(a) = (1 − t²) / 4). Blocks of rows are fixed by the shape, so every result is the same on
// any number of threads.

/// Rows per block of a `(rows, width)` matrix of gates: about `elementwiseChunk` elements.
func recurrentBlockRows(width: Int) -> Int { Swift.max(1, elementwiseChunk / Swift.max(width, 1)) }

/// The sigmoid of `a` from `t = tanh(a / 2)`, as the composition rounds it.
@inline(__always) func sigmoidFromHalfTanh<S: TensorScalar>(_ t: S) -> S { t * 0.5 + 0.5 }

/// The gradient of `a` through `σ(a)` from the gradient `g` of σ and `t = tanh(a / 2)`, in the
/// order of the composition's pullbacks (`addConstant`, `scale`, `tanh`, `scale`).
@inline(__always) func sigmoidBackward<S: TensorScalar>(_ g: S, halfTanh t: S) -> S { g * 0.5 * (1 - t * t) * 0.5 }

/// One LSTM step for the row-major pre-activations `gates` `(rows, 4H)` (blocks `i, f, g, o`)
/// and cell state `c` `(rows, H)`: `activations` gets `[tanh(i/2), tanh(f/2), tanh g, tanh(o/2)]`,
/// `cell` gets `c' = σ(f) c + σ(i) tanh g`, `tanhCell` gets `tanh c'` and `hidden` `σ(o) tanh c'`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmCellForward<S: TensorScalar>(_ gates: UnsafePointer<S>, _ c: UnsafePointer<S>, rows: Int, hiddenSize h: Int,
                                      activations: UnsafeMutablePointer<S>, cell: UnsafeMutablePointer<S>,
                                      tanhCell: UnsafeMutablePointer<S>, hidden: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 4 * h)) { range in
        for r in range {
            let (a, t) = (gates + r * 4 * h, activations + r * 4 * h)
            for j in 0..<(2 * h) { t[j] = a[j] * 0.5 }
            for j in (2 * h)..<(3 * h) { t[j] = a[j] }
            for j in (3 * h)..<(4 * h) { t[j] = a[j] * 0.5 }
        }
        let (start, count) = (range.lowerBound, range.count)
        S._unary(.tanh, activations + start * 4 * h, activations + start * 4 * h, count: count * 4 * h, parameter: 0)
        for r in range {
            let (t, cr, out) = (activations + r * 4 * h, c + r * h, cell + r * h)
            for j in 0..<h {
                let (inputGate, forgetGate) = (sigmoidFromHalfTanh(t[j]), sigmoidFromHalfTanh(t[h + j]))
                out[j] = forgetGate * cr[j] + inputGate * t[2 * h + j]
            }
        }
        S._unary(.tanh, cell + start * h, tanhCell + start * h, count: count * h, parameter: 0)
        for r in range {
            let (t, tc, out) = (activations + r * 4 * h + 3 * h, tanhCell + r * h, hidden + r * h)
            for j in 0..<h { out[j] = sigmoidFromHalfTanh(t[j]) * tc[j] }
        }
    }
}

/// The backward of `lstmCellForward`'s `c'`: from its gradient `gradCell` `(rows, H)`, the
/// gates' gradient `(rows, 4H)` (zero in the `o` block, which `c'` does not read) and `c`'s.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmCellBackward<S: TensorScalar>(_ gradCell: UnsafePointer<S>, activations: UnsafePointer<S>, _ c: UnsafePointer<S>,
                                       rows: Int, hiddenSize h: Int, gradGates: UnsafeMutablePointer<S>,
                                       gradC: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 4 * h)) { range in
        for r in range {
            let (g, t, cr) = (gradCell + r * h, activations + r * 4 * h, c + r * h)
            let (out, outC) = (gradGates + r * 4 * h, gradC + r * h)
            for j in 0..<h {
                let (ti, tf, tg) = (t[j], t[h + j], t[2 * h + j])
                let (inputGate, forgetGate) = (sigmoidFromHalfTanh(ti), sigmoidFromHalfTanh(tf))
                out[j] = sigmoidBackward(g[j] * tg, halfTanh: ti)
                out[h + j] = sigmoidBackward(g[j] * cr[j], halfTanh: tf)
                out[2 * h + j] = g[j] * inputGate * (1 - tg * tg)
                out[3 * h + j] = 0
                outC[j] = g[j] * forgetGate
            }
        }
    }
}

/// The backward of `lstmCellForward`'s `h'`: from its gradient `gradHidden` `(rows, H)`, the
/// gates' gradient `(rows, 4H)` (only the `o` block is not zero) and `c'`'s.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmHiddenBackward<S: TensorScalar>(_ gradHidden: UnsafePointer<S>, activations: UnsafePointer<S>,
                                         tanhCell: UnsafePointer<S>, rows: Int, hiddenSize h: Int,
                                         gradGates: UnsafeMutablePointer<S>, gradCell: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 4 * h)) { range in
        for r in range {
            let (g, to, tc) = (gradHidden + r * h, activations + r * 4 * h + 3 * h, tanhCell + r * h)
            let (out, outC) = (gradGates + r * 4 * h, gradCell + r * h)
            out.initialize(repeating: 0, count: 3 * h)
            for j in 0..<h {
                out[3 * h + j] = sigmoidBackward(g[j] * tc[j], halfTanh: to[j])
                outC[j] = g[j] * sigmoidFromHalfTanh(to[j]) * (1 - tc[j] * tc[j])
            }
        }
    }
}

/// One GRU step for the row-major input-side and hidden-side pre-activations `inputGates` and
/// `hiddenGates` `(rows, 3H)` (blocks `r, z, n`, each side's bias included) and hidden state `h`
/// `(rows, H)`: `activations` gets `[tanh(r/2), tanh(z/2), n]` with `n = tanh(x_n + σ(r) h_n)`
/// and `hidden` gets `h' = n + σ(z) (h − n)`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func gruCellForward<S: TensorScalar>(_ inputGates: UnsafePointer<S>, _ hiddenGates: UnsafePointer<S>, _ state: UnsafePointer<S>,
                                     rows: Int, hiddenSize h: Int, activations: UnsafeMutablePointer<S>,
                                     hidden: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 3 * h)) { range in
        for r in range {
            let (x, y, t) = (inputGates + r * 3 * h, hiddenGates + r * 3 * h, activations + r * 3 * h)
            for j in 0..<(2 * h) { t[j] = (x[j] + y[j]) * 0.5 }
            S._unary(.tanh, t, t, count: 2 * h, parameter: 0)
            for j in 0..<h { t[2 * h + j] = x[2 * h + j] + sigmoidFromHalfTanh(t[j]) * y[2 * h + j] }
            S._unary(.tanh, t + 2 * h, t + 2 * h, count: h, parameter: 0)
            let (hr, out) = (state + r * h, hidden + r * h)
            for j in 0..<h {
                let n = t[2 * h + j]
                out[j] = n + sigmoidFromHalfTanh(t[h + j]) * (hr[j] - n)
            }
        }
    }
}

/// The backward of `gruCellForward`: from the gradient `gradHidden` of `h'` `(rows, H)`, the
/// gradients of `inputGates`, `hiddenGates` `(rows, 3H)` and `h`.
@_specialize(where S == Float)
@_specialize(where S == Double)
func gruCellBackward<S: TensorScalar>(_ gradHidden: UnsafePointer<S>, activations: UnsafePointer<S>,
                                      hiddenGates: UnsafePointer<S>, _ state: UnsafePointer<S>, rows: Int, hiddenSize h: Int,
                                      gradInputGates: UnsafeMutablePointer<S>, gradHiddenGates: UnsafeMutablePointer<S>,
                                      gradState: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 3 * h)) { range in
        for r in range {
            let (g, t, y, hr) = (gradHidden + r * h, activations + r * 3 * h, hiddenGates + r * 3 * h, state + r * h)
            let (gx, gy, gh) = (gradInputGates + r * 3 * h, gradHiddenGates + r * 3 * h, gradState + r * h)
            for j in 0..<h {
                let (tr, tz, n) = (t[j], t[h + j], t[2 * h + j])
                let (reset, update) = (sigmoidFromHalfTanh(tr), sigmoidFromHalfTanh(tz))
                let gn = (g[j] - g[j] * update) * (1 - n * n)
                let (gr, gz) = (sigmoidBackward(gn * y[2 * h + j], halfTanh: tr), sigmoidBackward(g[j] * (hr[j] - n), halfTanh: tz))
                (gx[j], gx[h + j], gx[2 * h + j]) = (gr, gz, gn)
                (gy[j], gy[h + j], gy[2 * h + j]) = (gr, gz, gn * reset)
                gh[j] = g[j] * update
            }
        }
    }
}

/// One step of an LSTM sequence's backward: from the gradients `gradHidden` of `h'` and
/// `gradCell` of `c'` (from later steps) `(rows, H)`, the gates' gradient `(rows, 4H)`, and
/// `c`'s into `gradCell` in place: `lstmHiddenBackward` and `lstmCellBackward` in one pass.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmStepBackward<S: TensorScalar>(_ gradHidden: UnsafePointer<S>, gradCell: UnsafeMutablePointer<S>,
                                       activations: UnsafePointer<S>, tanhCell: UnsafePointer<S>, _ c: UnsafePointer<S>,
                                       rows: Int, hiddenSize h: Int, gradGates: UnsafeMutablePointer<S>) {
    inChunks(rows, unit: recurrentBlockRows(width: 4 * h)) { range in
        for r in range {
            let (gh, gc, t, tc, cr) = (gradHidden + r * h, gradCell + r * h, activations + r * 4 * h, tanhCell + r * h, c + r * h)
            let out = gradGates + r * 4 * h
            for j in 0..<h {
                let (ti, tf, tg, to) = (t[j], t[h + j], t[2 * h + j], t[3 * h + j])
                let (inputGate, forgetGate) = (sigmoidFromHalfTanh(ti), sigmoidFromHalfTanh(tf))
                let g = gc[j] + gh[j] * sigmoidFromHalfTanh(to) * (1 - tc[j] * tc[j])
                out[j] = sigmoidBackward(g * tg, halfTanh: ti)
                out[h + j] = sigmoidBackward(g * cr[j], halfTanh: tf)
                out[2 * h + j] = g * inputGate * (1 - tg * tg)
                out[3 * h + j] = sigmoidBackward(gh[j] * tc[j], halfTanh: to)
                gc[j] = g * forgetGate
            }
        }
    }
}
