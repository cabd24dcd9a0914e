// One LSTM or GRU step after its matrix products: fused nodes whose forward and backward are the
// kernels of RecurrentCellKernels.swift, or inside `Fusion.with(false)` the composition of
// primitives the layers recorded before. The LSTM's two results are two nodes (the tape's
// nodes have one output each), `lstmCell` for `c'` and `lstmHidden` for `h'`, sharing the
// activations the forward computed once. A fused pullback runs its kernel when the backward
// pass is not recorded, and otherwise the same derivative written with `Variable` operations,
// so it differentiates again.

extension Variable {
    /// One LSTM step from the gate pre-activations `self` `(N, 4H)` (blocks `i, f, g, o`, as
    /// PyTorch's `LSTMCell`) and the cell state `cell` `(N, H)`: `c' = σ(f) c + σ(i) tanh g` and
    /// `h' = σ(o) tanh c'`. Two fused nodes (`lstmCell`, `lstmHidden`) computed in one pass,
    /// with the composition's bits; the composition inside `Fusion.with(false)`.
    ///
    /// ```swift
    /// let gates = Variable(Tensor<Float>.zeros([2, 12])), c = Variable(Tensor<Float>.ones([2, 3]))
    /// let (h, next) = gates.lstmCell(cell: c)   // next.value: 0.5 everywhere, h: 0.5 tanh 0.5
    /// ```
    public func lstmCell(cell: Variable, file: StaticString = #fileID, line: UInt = #line) -> (hidden: Variable, cell: Variable) {
        let (rows, h) = (cell.shape.first ?? 0, cell.shape.last ?? 0)
        check(cell.shape.count == 2 && shape == [rows, 4 * h],
              "lstmCell: gates of shape \(describe(shape)) must be (N, 4H) for a cell state of shape \(describe(cell.shape)) (N, H)")
        guard Fusion.isEnabled else {
            // One sigmoid over all four blocks records fewer nodes than three; g's part goes unused.
            let sigmoids = sigmoid()
            let next = sigmoids.slice(h..<(2 * h), alongAxis: 1) * cell
                + sigmoids.slice(0..<h, alongAxis: 1) * slice((2 * h)..<(3 * h), alongAxis: 1).tanh()
            return (sigmoids.slice((3 * h)..<(4 * h), alongAxis: 1) * next.tanh(), next)
        }
        let activations = Tensor<Scalar>(uninitializedShape: shape)
        let (nextCell, tanhCell, hidden) = (Tensor<Scalar>(uninitializedShape: cell.shape),
                                            Tensor<Scalar>(uninitializedShape: cell.shape), Tensor<Scalar>(uninitializedShape: cell.shape))
        withElements([value, cell.value, activations, nextCell, tanhCell, hidden]) {
            lstmCellForward($0[0], $0[1], rows: rows, hiddenSize: h, activations: $0[2], cell: $0[3], tanhCell: $0[4], hidden: $0[5])
        }
        let call = CodeLocation(fileID: file, line: line)
        let next = Variable.record(.lstmCell, nextCell, self, cell, reads: [.first, .second], at: call) { out, g in
            let (gates, c) = (out.inputs[0], out.inputs[1])
            if GradMode.isEnabled {
                let (inputGate, forgetGate) = (gates.slice(0..<h, alongAxis: 1).sigmoid(), gates.slice(h..<(2 * h), alongAxis: 1).sigmoid())
                let candidate = gates.slice((2 * h)..<(3 * h), alongAxis: 1).tanh()
                let gradGates = Variable.concatenate([g * candidate * inputGate * (1 - inputGate), g * c * forgetGate * (1 - forgetGate),
                                                      g * inputGate * (1 - candidate * candidate), Variable(constant: .zeros([rows, h]))],
                                                     alongAxis: 1)
                return Gradients(gates.needing(gradGates), c.needing(g * forgetGate))
            }
            let (gradGates, gradC) = (Tensor<Scalar>(uninitializedShape: gates.shape), Tensor<Scalar>(uninitializedShape: c.shape))
            withElements([g.value, activations, c.value, gradGates, gradC]) {
                lstmCellBackward($0[0], activations: $0[1], $0[2], rows: rows, hiddenSize: h, gradGates: $0[3], gradC: $0[4])
            }
            return Gradients(gates.needing(Variable(constant: gradGates)), c.needing(Variable(constant: gradC)))
        }
        let output = Variable.record(.lstmHidden, hidden, self, next, reads: [.first, .second], at: call) { out, g in
            let (gates, c) = (out.inputs[0], out.inputs[1])
            if GradMode.isEnabled {
                let (outputGate, tanhC) = (gates.slice((3 * h)..<(4 * h), alongAxis: 1).sigmoid(), c.tanh())
                let gradGates = Variable.concatenate([Variable(constant: .zeros([rows, 3 * h])), g * tanhC * outputGate * (1 - outputGate)],
                                                     alongAxis: 1)
                return Gradients(gates.needing(gradGates), c.needing(g * outputGate * (1 - tanhC * tanhC)))
            }
            let (gradGates, gradC) = (Tensor<Scalar>(uninitializedShape: gates.shape), Tensor<Scalar>(uninitializedShape: c.shape))
            withElements([g.value, activations, tanhCell, gradGates, gradC]) {
                lstmHiddenBackward($0[0], activations: $0[1], tanhCell: $0[2], rows: rows, hiddenSize: h, gradGates: $0[3], gradCell: $0[4])
            }
            return Gradients(gates.needing(Variable(constant: gradGates)), c.needing(Variable(constant: gradC)))
        }
        return (output, next)
    }

    /// One GRU step from the input side's gate pre-activations `self` `(N, 3H)` (blocks
    /// `r, z, n`, as PyTorch's `GRUCell`, with `b_ih`), the hidden side's `hiddenGates` (with
    /// `b_hh`) and the hidden state `hidden` `(N, H)`: `n = tanh(x_n + σ(r) h_n)` and
    /// `h' = (1 − σ(z)) n + σ(z) h`. One fused node (`gruCell`) with the composition's bits; the
    /// composition inside `Fusion.with(false)`.
    ///
    /// ```swift
    /// let x = Variable(Tensor<Float>.zeros([2, 9])), y = Variable(Tensor<Float>.zeros([2, 9]))
    /// let next = x.gruCell(hiddenGates: y, hidden: Variable(Tensor<Float>.ones([2, 3])))   // 0.5 everywhere
    /// ```
    public func gruCell(hiddenGates: Variable, hidden: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let (rows, h) = (hidden.shape.first ?? 0, hidden.shape.last ?? 0)
        check(hidden.shape.count == 2 && shape == [rows, 3 * h] && hiddenGates.shape == shape,
              "gruCell: gates of shapes \(describe(shape)) and \(describe(hiddenGates.shape)) must be (N, 3H) for a hidden state of shape \(describe(hidden.shape)) (N, H)")
        guard Fusion.isEnabled else {
            let resetAndUpdate = (slice(0..<(2 * h), alongAxis: 1) + hiddenGates.slice(0..<(2 * h), alongAxis: 1)).sigmoid()
            let reset = resetAndUpdate.slice(0..<h, alongAxis: 1), update = resetAndUpdate.slice(h..<(2 * h), alongAxis: 1)
            let candidate = (slice((2 * h)..<(3 * h), alongAxis: 1) + reset * hiddenGates.slice((2 * h)..<(3 * h), alongAxis: 1)).tanh()
            // (1 - z) n + z h, with one multiplication fewer.
            return candidate + update * (hidden - candidate)
        }
        let (activations, output) = (Tensor<Scalar>(uninitializedShape: shape), Tensor<Scalar>(uninitializedShape: hidden.shape))
        withElements([value, hiddenGates.value, hidden.value, activations, output]) {
            gruCellForward($0[0], $0[1], $0[2], rows: rows, hiddenSize: h, activations: $0[3], hidden: $0[4])
        }
        // The state first and the hidden side's gates second: those are what the pullback reads.
        return Variable.record(.gruCell, output, NodeList(contentsOf: [hidden, hiddenGates, self]), reads: [.first, .second],
                               at: CodeLocation(fileID: file, line: line)) { out, g in
            let (state, hiddenGates, inputGates) = (out.inputs[0], out.inputs[1], out.inputs[2])
            if GradMode.isEnabled {
                let pre = inputGates.slice(0..<(2 * h), alongAxis: 1) + hiddenGates.slice(0..<(2 * h), alongAxis: 1)
                let (reset, update) = (pre.slice(0..<h, alongAxis: 1).sigmoid(), pre.slice(h..<(2 * h), alongAxis: 1).sigmoid())
                let hiddenCandidate = hiddenGates.slice((2 * h)..<(3 * h), alongAxis: 1)
                let candidate = (inputGates.slice((2 * h)..<(3 * h), alongAxis: 1) + reset * hiddenCandidate).tanh()
                let gradCandidate = (g - g * update) * (1 - candidate * candidate)
                let gradReset = gradCandidate * hiddenCandidate * reset * (1 - reset)
                let gradUpdate = g * (state - candidate) * update * (1 - update)
                return Gradients(contentsOf: [state.needing(g * update),
                                              hiddenGates.needing(Variable.concatenate([gradReset, gradUpdate, gradCandidate * reset], alongAxis: 1)),
                                              inputGates.needing(Variable.concatenate([gradReset, gradUpdate, gradCandidate], alongAxis: 1))])
            }
            let (gradInput, gradHidden) = (Tensor<Scalar>(uninitializedShape: inputGates.shape), Tensor<Scalar>(uninitializedShape: hiddenGates.shape))
            let gradState = Tensor<Scalar>(uninitializedShape: state.shape)
            withElements([g.value, activations, hiddenGates.value, state.value, gradInput, gradHidden, gradState]) {
                gruCellBackward($0[0], activations: $0[1], hiddenGates: $0[2], $0[3], rows: rows, hiddenSize: h,
                                gradInputGates: $0[4], gradHiddenGates: $0[5], gradState: $0[6])
            }
            return Gradients(contentsOf: [state.needing(Variable(constant: gradState)), hiddenGates.needing(Variable(constant: gradHidden)),
                                          inputGates.needing(Variable(constant: gradInput))])
        }
    }
}
