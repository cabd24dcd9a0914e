/// The hidden and cell state of an `LSTMCell` `(N, H)` or an `LSTM` `(layers, N, H)`, as
/// PyTorch's `(h, c)`.
public struct LSTMState<Scalar: TensorScalar> {
    /// The hidden state `h`.
    public var hidden: Variable<Scalar>
    /// The cell state `c`.
    public var cell: Variable<Scalar>

    /// A state from its hidden and cell parts.
    public init(hidden: Variable<Scalar>, cell: Variable<Scalar>) {
        self.hidden = hidden
        self.cell = cell
    }
}

/// One LSTM step as PyTorch's `nn.LSTMCell`: gates `i, f, g, o` (in that order) from
/// `x @ weightInputHidden + biasInputHidden + h @ weightHiddenHidden + biasHiddenHidden`,
/// `c' = σ(f) c + σ(i) tanh(g)` and `h' = σ(o) tanh(c')`.
///
/// The weights are stored `(in, out)` like `Linear`'s, the transpose of PyTorch's:
/// `weightInputHidden` is `weight_ih.T` `(F, 4H)`, `weightHiddenHidden` is `weight_hh.T`
/// `(H, 4H)`, and the biases are `bias_ih` and `bias_hh`. Every weight and bias starts
/// `U(-1/sqrt(H), 1/sqrt(H))`, as PyTorch.
public final class LSTMCell<Scalar: TensorScalar>: RecurrentCell<Scalar> {
    /// A cell from `inputSize` features to `hiddenSize`, drawn from `rng`.
    public init(inputSize: Int, hiddenSize: Int, rng: inout SeededGenerator) {
        super.init(name: "LSTMCell", inputSize: inputSize, hiddenSize: hiddenSize, gates: 4, rng: &rng)
    }

    /// A cell drawn from `DefaultRandom`.
    public convenience init(inputSize: Int, hiddenSize: Int) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng)
    }

    /// The state after input `x` `(N, F)` from `state` `(N, H)` each, zeros when nil.
    public func callAsFunction(_ x: Variable<Scalar>, state: LSTMState<Scalar>? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> LSTMState<Scalar> {
        withSourceLocation(file: file, line: line) {
            check(x.shape.count == 2 && x.shape[1] == inputSize,
                  "LSTMCell: input of shape \(describe(x.shape)) must be (N, \(inputSize))")
            let size = [x.shape[0], hiddenSize]
            if let state {
                check(state.hidden.shape == size && state.cell.shape == size,
                      "LSTMCell: state of shapes \(describe(state.hidden.shape)) and \(describe(state.cell.shape)) must be \(describe(size)) for input \(describe(x.shape))")
            }
            let zeros = Variable<Scalar>(constant: .zeros(size))
            return step(x.matmul(weightInputHidden) + (biasInputHidden + biasHiddenHidden),
                        state ?? LSTMState(hidden: zeros, cell: zeros))
        }
    }

    /// The hidden state after `x` `(N, F)` from zeros, so the cell fits in a `Sequential`.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { callAsFunction(x, state: nil).hidden }

    /// One step from the input side's gate pre-activations `(N, 4H)`, both biases included:
    /// the fused `lstmCell` after the hidden side's product.
    func step(_ inputGates: Variable<Scalar>, _ state: LSTMState<Scalar>) -> LSTMState<Scalar> {
        let (hidden, cell) = (inputGates + state.hidden.matmul(weightHiddenHidden)).lstmCell(cell: state.cell)
        return LSTMState(hidden: hidden, cell: cell)
    }
}

/// A stack of LSTM layers over a batch-first sequence, as PyTorch's `nn.LSTM(input_size,
/// hidden_size, num_layers, batch_first=True)`: input `(N, T, F)`, output `(N, T, H)` (the last
/// layer's hidden state at every step) and the final state `(layers, N, H)`. Layer `l` is
/// `cells[l]`, so PyTorch's `weight_ih_l0` is `cells.0.weightInputHidden` transposed (see
/// `LSTMCell`). Each layer projects its whole input sequence in one matmul and loops over time
/// only for the recurrent part, in the fused `lstmSequence`.
///
/// ```swift
/// let lstm = LSTM<Float>(inputSize: 64, hiddenSize: 128)
/// let x = Variable(Tensor<Float>.zeros([32, 16, 64]))   // (N, T, F)
/// let (output, state) = lstm(x)                         // (32, 16, 128); state.hidden, state.cell (1, 32, 128)
/// ```
public final class LSTM<Scalar: TensorScalar>: Module<Scalar> {
    /// The layers, bottom first.
    public let cells: [LSTMCell<Scalar>]

    /// `layers` stacked layers from `inputSize` features to `hiddenSize`, drawn from `rng`.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, rng: inout SeededGenerator) {
        check(layers > 0, "LSTM: layers must be positive, got \(layers)")
        cells = (0..<layers).map { LSTMCell(inputSize: $0 == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize, rng: &rng) }
        super.init()
    }

    /// Layers drawn from `DefaultRandom`.
    public convenience init(inputSize: Int, hiddenSize: Int, layers: Int = 1) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, rng: &rng)
    }

    /// The output sequence `(N, T, H)` and the final state `(layers, N, H)` after `x` `(N, T, F)`,
    /// starting from `state` (zeros when nil).
    public func callAsFunction(_ x: Variable<Scalar>, state: LSTMState<Scalar>? = nil, file: StaticString = #fileID,
                               line: UInt = #line) -> (output: Variable<Scalar>, state: LSTMState<Scalar>) {
        withSourceLocation(file: file, line: line) {
            let (n, h) = (x.shape.first ?? 0, cells[0].hiddenSize)
            checkSequence("LSTM", x, states: [state?.hidden, state?.cell], inputSize: cells[0].inputSize, hiddenSize: h,
                          layers: cells.count)
            var sequence = x
            var finals: [LSTMState<Scalar>] = []
            for (layer, cell) in cells.enumerated() {
                let current = LSTMState(hidden: layerState(state?.hidden, layer: layer, batch: n, hiddenSize: h),
                                        cell: layerState(state?.cell, layer: layer, batch: n, hiddenSize: h))
                let projected = sequence.matmul(cell.weightInputHidden) + (cell.biasInputHidden + cell.biasHiddenHidden)
                let result = projected.lstmSequence(weightHiddenHidden: cell.weightHiddenHidden, hidden: current.hidden, cell: current.cell)
                sequence = result.output
                finals.append(LSTMState(hidden: result.hidden, cell: result.cell))
            }
            return (sequence, LSTMState(hidden: Variable.stack(finals.map(\.hidden)), cell: Variable.stack(finals.map(\.cell))))
        }
    }

    /// The output sequence from a zero state, so the layer fits in a `Sequential`.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { callAsFunction(x, state: nil).output }
}
