// An LSTM layer's recurrence over a whole sequence as fused nodes, as PyTorch runs `nn.LSTM`:
// the forward steps through time with one matrix product and one `lstmCellForward` pass per
// step, and the backward walks back with one pass and one product per step and takes the
// hidden weights' gradient in one product over all steps. Per step, the composition records
// a slice, a matrix product, an add, a cell's nodes and their gradients, and sums the weights'
// gradient step by step; this records two nodes. Inside `Fusion.with(false)` it is that
// composition (`unbind`, then `lstmCell` per step, then `stack`).

/// What the forward of a fused LSTM sequence keeps for its backward, time-major.
final class LSTMSequenceRun<S: TensorScalar>: @unchecked Sendable {
    /// `[tanh(i/2), tanh(f/2), tanh g, tanh(o/2)]` of each step, `(T, N, 4H)`.
    let activations: Tensor<S>
    /// `tanh c_t` of each step, `(T, N, H)`.
    let tanhCells: Tensor<S>
    /// `c_0 ... c_T`, `(T + 1, N, H)`: the initial state first.
    let cells: Tensor<S>
    /// `h_0 ... h_T`, `(T + 1, N, H)`: the initial state first.
    let hiddens: Tensor<S>

    /// Steps `projected` `(N, T, 4H)` through time from `hidden` and `cell` `(N, H)` with the
    /// hidden weights `weight` `(H, 4H)`, writing the hidden states to `output` `(N, T, H)`.
    /// Each step's gates are the composition's `x_t + h_{t−1} @ W`, with its bits.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    init(_ projected: Tensor<S>, weight: Tensor<S>, hidden: Tensor<S>, cell: Tensor<S>, output: Tensor<S>) {
        let (n, t, h) = (projected.shape[0], projected.shape[1], hidden.shape[1])
        activations = Tensor(uninitializedShape: [t, n, 4 * h])
        tanhCells = Tensor(uninitializedShape: [t, n, h])
        (cells, hiddens) = (Tensor(uninitializedShape: [t + 1, n, h]), Tensor(uninitializedShape: [t + 1, n, h]))
        let (product, gates) = (Tensor<S>(uninitializedShape: [n, 4 * h]), Tensor<S>(uninitializedShape: [n, 4 * h]))
        withElements([projected, weight, hidden, cell, activations, tanhCells, cells, hiddens, product, gates, output]) { p in
            let (x, w, act, tanhCell, c, hs, y, a, out) = (p[0], p[1], p[4], p[5], p[6], p[7], p[8], p[9], p[10])
            c.update(from: p[3], count: n * h)
            hs.update(from: p[2], count: n * h)
            let blocks = recurrentRowBlocks(n)
            parallelFor(blocks.count) { b in
                let (r0, m) = (blocks[b].lowerBound, blocks[b].count)
                for step in 0..<t {
                    let (state, next) = (step * n * h + r0 * h, (step + 1) * n * h + r0 * h)
                    S._gemm(transposeA: false, transposeB: false, m: m, n: 4 * h, k: h, hs + state, lda: h, w, ldb: 4 * h,
                            y + r0 * 4 * h, ldc: 4 * h, accumulate: false)
                    for r in blocks[b] {
                        let (xr, yr, ar) = (x + (r * t + step) * 4 * h, y + r * 4 * h, a + r * 4 * h)
                        for j in 0..<(4 * h) { ar[j] = xr[j] + yr[j] }
                    }
                    lstmCellForward(a + r0 * 4 * h, c + state, rows: m, hiddenSize: h, activations: act + (step * n + r0) * 4 * h,
                                    cell: c + next, tanhCell: tanhCell + state, hidden: hs + next)
                    for r in blocks[b] { (out + (r * t + step) * h).update(from: hs + (step + 1) * n * h + r * h, count: h) }
                }
            }
        }
    }

    /// The gradients of the projected gates `(N, T, 4H)`, the hidden weights, and the initial
    /// hidden and cell states, from the gradients of the output sequence and of the final cell
    /// state (nil: zero).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func gradients(weight: Tensor<S>, gradOutput: Tensor<S>?, gradCell: Tensor<S>?) -> [Tensor<S>] {
        let (t, n, h) = (tanhCells.shape[0], tanhCells.shape[1], tanhCells.shape[2])
        let (gradProjected, gradWeight) = (Tensor<S>(uninitializedShape: [n, t, 4 * h]), Tensor<S>(uninitializedShape: [h, 4 * h]))
        let gradGates = Tensor<S>(uninitializedShape: [t, n, 4 * h])
        // The cell state's gradient is updated in place, so a copy of the one given.
        let (gradHidden, gradC, stepGrad) = (Tensor<S>.zeros([n, h]), gradCell.map { $0 + 0 } ?? .zeros([n, h]), Tensor<S>.zeros([n, h]))
        let upstream = gradOutput ?? .zeros([n, t, h])
        withElements([activations, tanhCells, cells, hiddens, weight, upstream, gradProjected, gradWeight, gradGates,
                      gradHidden, gradC, stepGrad]) { p in
            let (act, tanhCell, c, hs, w, g, gp, gw, gg, gh, gc, sg) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                                                                      p[9], p[10], p[11])
            let blocks = recurrentRowBlocks(n)
            parallelFor(blocks.count) { b in
                let (r0, m) = (blocks[b].lowerBound, blocks[b].count)
                for step in (0..<t).reversed() {
                    for r in blocks[b] {
                        let (from, ghr, sgr) = (g + (r * t + step) * h, gh + r * h, sg + r * h)
                        for j in 0..<h { sgr[j] = ghr[j] + from[j] }
                    }
                    let (stepGates, state) = (gg + (step * n + r0) * 4 * h, step * n * h + r0 * h)
                    lstmStepBackward(sg + r0 * h, gradCell: gc + r0 * h, activations: act + (step * n + r0) * 4 * h,
                                     tanhCell: tanhCell + state, c + state, rows: m, hiddenSize: h, gradGates: stepGates)
                    S._gemm(transposeA: false, transposeB: true, m: m, n: h, k: 4 * h, stepGates, lda: 4 * h, w, ldb: 4 * h,
                            gh + r0 * h, ldc: h, accumulate: false)
                    for r in blocks[b] { (gp + (r * t + step) * 4 * h).update(from: gg + (step * n + r) * 4 * h, count: 4 * h) }
                }
            }
            S._gemm(transposeA: true, transposeB: false, m: h, n: 4 * h, k: t * n, hs, lda: h, gg, ldb: 4 * h,
                    gw, ldc: 4 * h, accumulate: false)
        }
        return [gradProjected, gradWeight, gradHidden, gradC]
    }
}

/// The blocks of rows of a batch of `rows` that step through time on their own (rows do not
/// mix in a recurrence): two halves from 16 rows, so the two cores share a sequence, fixed by
/// the shape so that the bits do not depend on the core count.
func recurrentRowBlocks(_ rows: Int) -> [Range<Int>] {
    rows >= 16 ? [0..<(rows / 2), (rows / 2)..<rows] : [0..<rows]
}

extension Variable {
    /// An LSTM layer's recurrence: from the projected gate pre-activations `self` `(N, T, 4H)`
    /// (`x_t W_ih + b_ih + b_hh`, blocks `i, f, g, o`), the hidden weights `weightHiddenHidden`
    /// `(H, 4H)` and the initial states `hidden` and `cell` `(N, H)`, each step's gates
    /// `x_t + h_{t−1} W_hh` go through `lstmCell`. Returns the hidden states `(N, T, H)` and the
    /// final states. Fused nodes `lstmSequence` (the output) and `lstmSequenceCell` (the final
    /// cell state) by default, with the composition's bits; the composition inside
    /// `Fusion.with(false)`.
    ///
    /// ```swift
    /// let projected = Variable(Tensor<Float>.zeros([2, 5, 12])), w = Variable(Tensor<Float>.zeros([3, 12]))
    /// let zeros = Variable(constant: Tensor<Float>.zeros([2, 3]))
    /// let (output, hidden, cell) = projected.lstmSequence(weightHiddenHidden: w, hidden: zeros, cell: zeros)   // (2, 5, 3), (2, 3), (2, 3)
    /// ```
    public func lstmSequence(weightHiddenHidden weight: Variable, hidden: Variable, cell: Variable, file: StaticString = #fileID,
                             line: UInt = #line) -> (output: Variable, hidden: Variable, cell: Variable) {
        let (n, h) = (hidden.shape.first ?? 0, hidden.shape.last ?? 0), t = shape.count == 3 ? shape[1] : 0
        check(shape.count == 3 && t > 0 && shape == [n, t, 4 * h] && weight.shape == [h, 4 * h] && hidden.shape.count == 2
              && cell.shape == hidden.shape,
              "lstmSequence: gates of shape \(describe(shape)) must be (N, T > 0, 4H) for weights \(describe(weight.shape)) (H, 4H) and states \(describe(hidden.shape)) and \(describe(cell.shape)) (N, H)")
        guard Fusion.isEnabled else {
            var (state, outputs) = ((hidden: hidden, cell: cell), [Variable]())
            for inputGates in unbind(alongAxis: 1) {
                state = (inputGates + state.hidden.matmul(weight)).lstmCell(cell: state.cell)
                outputs.append(state.hidden)
            }
            return (Variable.stack(outputs, axis: 1), state.hidden, state.cell)
        }
        let output = Tensor<Scalar>(uninitializedShape: [n, t, h])
        let run = LSTMSequenceRun(value, weight: weight.value, hidden: hidden.value, cell: cell.value, output: output)
        let call = CodeLocation(fileID: file, line: line)
        // The pullback of each node: the kernels', or the composition's, differentiable again.
        func pullback(_ out: Variable, _ gradOutput: Variable?, _ gradCell: Variable?) -> Gradients {
            let inputs = (0..<4).map { out.inputs[$0] }
            if GradMode.isEnabled {
                let grads = Variable.lstmSequenceGradients(inputs, gradOutput: gradOutput, gradCell: gradCell)
                return Gradients(contentsOf: zip(inputs, grads).map { input, grad in input.needing(grad) })
            }
            let grads = run.gradients(weight: inputs[1].value, gradOutput: gradOutput?.value, gradCell: gradCell?.value)
            return Gradients(contentsOf: zip(inputs, grads).map { input, grad in input.needing(Variable(constant: grad)) })
        }
        let inputs = NodeList(contentsOf: [self, weight, hidden, cell])
        let sequence = Variable.record(.lstmSequence, output, inputs, reads: .everything, at: call) { pullback($0, $1, nil) }
        let finalCell = run.cells.slice(t..<(t + 1)).reshaped([n, h])
        let lastCell = Variable.record(.lstmSequenceCell, finalCell, NodeList(contentsOf: [self, weight, hidden, cell]),
                                       reads: .everything, at: call) { pullback($0, nil, $1) }
        return (sequence, sequence.slice((t - 1)..<t, alongAxis: 1).reshaped([n, h]), lastCell)
    }

    /// The gradients of `lstmSequence`'s inputs (projected gates, hidden weights, initial hidden
    /// and cell states) written with `Variable` operations, so a recorded backward pass
    /// differentiates them again: the steps replayed, then back through time with the
    /// derivatives of `lstmCell` and `lstmHidden`. `gradOutput` and `gradCell` are the output's
    /// and the final cell state's gradients (nil: zero).
    static func lstmSequenceGradients(_ inputs: [Variable], gradOutput: Variable?, gradCell: Variable?) -> [Variable] {
        let (projected, weight, h) = (inputs[0], inputs[1], inputs[2].shape[1])
        var (hidden, cell) = (inputs[2], inputs[3])
        var steps: [(gates: Variable, hidden: Variable, cell: Variable, tanhNext: Variable)] = []
        for inputGates in projected.unbind(alongAxis: 1) {
            let gates = inputGates + hidden.matmul(weight)
            let next = gates.lstmCell(cell: cell)
            steps.append((gates, hidden, cell, next.cell.tanh()))
            (hidden, cell) = next
        }
        let zeros = Variable(constant: .zeros(hidden.shape)), upstream = gradOutput?.unbind(alongAxis: 1)
        var (gradHidden, gradC, gradWeight, gradGates) = (zeros, gradCell ?? zeros, Variable(constant: .zeros(weight.shape)), [Variable]())
        for (t, step) in steps.enumerated().reversed() {
            let gh = upstream.map { gradHidden + $0[t] } ?? gradHidden
            let block = { (k: Int) in step.gates.slice((k * h)..<((k + 1) * h), alongAxis: 1) }
            let (inputGate, forgetGate, candidate, outputGate) = (block(0).sigmoid(), block(1).sigmoid(), block(2).tanh(), block(3).sigmoid())
            let gc = gradC + gh * outputGate * (1 - step.tanhNext * step.tanhNext)
            let stepGates = Variable.concatenate([gc * candidate * inputGate * (1 - inputGate), gc * step.cell * forgetGate * (1 - forgetGate),
                                                  gc * inputGate * (1 - candidate * candidate),
                                                  gh * step.tanhNext * outputGate * (1 - outputGate)], alongAxis: 1)
            gradC = gc * forgetGate
            gradHidden = stepGates.matmul(weight, transposeOther: true)
            gradWeight = gradWeight + step.hidden.matmul(stepGates, transposeSelf: true)
            gradGates.insert(stepGates, at: 0)
        }
        return [Variable.stack(gradGates, axis: 1), gradWeight, gradHidden, gradC]
    }

    /// The slices of size 1 along `axis`, without that axis, as PyTorch's `unbind`: `axis` is
    /// moved first and the result cut by halves. A slice's gradient is as large as what it was
    /// sliced from, so `count` slices of the whole would cost `count` whole-size gradients in
    /// the backward pass; halving repeatedly costs log2(count).
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.zeros([32, 16, 512]))
    /// let steps = x.unbind(alongAxis: 1)   // 16 of (32, 512)
    /// ```
    public func unbind(alongAxis axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let axis = axis < 0 ? axis + shape.count : axis
        check(axis >= 0 && axis < shape.count, "unbind: axis \(axis) is out of range for shape \(describe(shape))")
        var partShape = shape
        partShape.remove(at: axis)
        return withSourceLocation(file: file, line: line) {
            let front = axis == 0 ? self : permuted([axis] + (0..<shape.count).filter { $0 != axis })
            return halves(front).map { $0.reshaped(partShape) }
        }
    }
}

/// `x` split along its first axis into parts of size 1, by halves.
private func halves<S>(_ x: Variable<S>) -> [Variable<S>] {
    let count = x.shape[0]
    if count == 1 { return [x] }
    return halves(x.slice(0..<(count / 2))) + halves(x.slice((count / 2)..<count))
}
