/// One GRU step as PyTorch's `nn.GRUCell`: gates `r, z, n` (in that order) with
/// `r = σ(x W_ir + b_ir + h W_hr + b_hr)`, `z = σ(x W_iz + b_iz + h W_hz + b_hz)`,
/// `n = tanh(x W_in + b_in + r * (h W_hn + b_hn))` and `h' = (1 - z) * n + z * h`.
///
/// The weights are stored `(in, out)` like `Linear`'s, the transpose of PyTorch's:
/// `weightInputHidden` is `weight_ih.T` `(F, 3H)`, `weightHiddenHidden` is `weight_hh.T`
/// `(H, 3H)`, and the biases are `bias_ih` and `bias_hh`. Every weight and bias starts
/// `U(-1/sqrt(H), 1/sqrt(H))`, as PyTorch.
public final class GRUCell<Scalar: TensorScalar>: RecurrentCell<Scalar> {
    /// A cell from `inputSize` features to `hiddenSize`, drawn from `rng`.
    public init(inputSize: Int, hiddenSize: Int, rng: inout SeededGenerator) {
        super.init(name: "GRUCell", inputSize: inputSize, hiddenSize: hiddenSize, gates: 3, rng: &rng)
    }

    /// A cell drawn from `DefaultRandom`.
    public convenience init(inputSize: Int, hiddenSize: Int) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng)
    }

    /// The hidden state `(N, H)` after input `x` `(N, F)` from `hidden` `(N, H)`, zeros when nil.
    public func callAsFunction(_ x: Variable<Scalar>, hidden: Variable<Scalar>?,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable<Scalar> {
        withSourceLocation(file: file, line: line) {
            check(x.shape.count == 2 && x.shape[1] == inputSize,
                  "GRUCell: input of shape \(describe(x.shape)) must be (N, \(inputSize))")
            let size = [x.shape[0], hiddenSize]
            if let hidden {
                check(hidden.shape == size, "GRUCell: hidden state of shape \(describe(hidden.shape)) must be \(describe(size)) for input \(describe(x.shape))")
            }
            return step(x.matmul(weightInputHidden) + biasInputHidden, hidden ?? Variable(constant: .zeros(size)))
        }
    }

    /// The hidden state after `x` `(N, F)` from zeros.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { callAsFunction(x, hidden: nil) }

    /// One step from the input side's gate pre-activations `x W_ih + b_ih` `(N, 3H)`: the fused
    /// `gruCell` after the hidden side's product.
    func step(_ inputGates: Variable<Scalar>, _ hidden: Variable<Scalar>) -> Variable<Scalar> {
        inputGates.gruCell(hiddenGates: hidden.matmul(weightHiddenHidden) + biasHiddenHidden, hidden: hidden)
    }
}

/// A stack of GRU layers over a batch-first sequence, as PyTorch's `nn.GRU(input_size,
/// hidden_size, num_layers, batch_first=True)`: input `(N, T, F)`, output `(N, T, H)` (the last
/// layer's hidden state at every step) and the final hidden state `(layers, N, H)`. Layer `l`
/// is `cells[l]`, so PyTorch's `weight_ih_l0` is `cells.0.weightInputHidden` transposed (see
/// `GRUCell`). Each layer projects its whole input sequence in one matmul and loops over time
/// only for the recurrent part.
///
/// ```swift
/// let gru = GRU<Float>(inputSize: 64, hiddenSize: 128, layers: 2)
/// let x = Variable(Tensor<Float>.zeros([32, 16, 64]))   // (N, T, F)
/// let (output, hidden) = gru(x)                         // (32, 16, 128), (2, 32, 128)
/// ```
public final class GRU<Scalar: TensorScalar>: Module<Scalar> {
    /// The layers, bottom first.
    public let cells: [GRUCell<Scalar>]

    /// `layers` stacked layers from `inputSize` features to `hiddenSize`, drawn from `rng`.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, rng: inout SeededGenerator) {
        check(layers > 0, "GRU: layers must be positive, got \(layers)")
        cells = (0..<layers).map { GRUCell(inputSize: $0 == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize, rng: &rng) }
        super.init()
    }

    /// Layers drawn from `DefaultRandom`.
    public convenience init(inputSize: Int, hiddenSize: Int, layers: Int = 1) {
        var rng = DefaultRandom.draw { SeededGenerator(seed: $0.next()) }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, rng: &rng)
    }

    /// The output sequence `(N, T, H)` and the final hidden state `(layers, N, H)` after `x`
    /// `(N, T, F)`, starting from `hidden` (zeros when nil).
    public func callAsFunction(_ x: Variable<Scalar>, hidden: Variable<Scalar>? = nil, file: StaticString = #fileID,
                               line: UInt = #line) -> (output: Variable<Scalar>, hidden: Variable<Scalar>) {
        withSourceLocation(file: file, line: line) {
            let (n, h) = (x.shape.first ?? 0, cells[0].hiddenSize)
            checkSequence("GRU", x, states: [hidden], inputSize: cells[0].inputSize, hiddenSize: h, layers: cells.count)
            var sequence = x
            var finals: [Variable<Scalar>] = []
            for (layer, cell) in cells.enumerated() {
                var current = layerState(hidden, layer: layer, batch: n, hiddenSize: h)
                var outputs: [Variable<Scalar>] = []
                for inputGates in (sequence.matmul(cell.weightInputHidden) + cell.biasInputHidden).unbind(alongAxis: 1) {
                    current = cell.step(inputGates, current)
                    outputs.append(current)
                }
                sequence = Variable.stack(outputs, axis: 1)
                finals.append(current)
            }
            return (sequence, Variable.stack(finals))
        }
    }

    /// The output sequence from a zero state, so the layer fits in a `Sequential`.
    override public func forward(_ x: Variable<Scalar>) -> Variable<Scalar> { callAsFunction(x, hidden: nil).output }
}
