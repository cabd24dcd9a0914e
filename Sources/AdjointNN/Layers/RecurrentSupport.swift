// What the LSTM and GRU share: their cells' parameters and PyTorch's initialisation and the
// per-layer view of a stacked state.

/// What `LSTMCell` and `GRUCell` hold: the input's and the hidden state's weights and biases
/// for their gates (`G` blocks of `H`: 4 for the LSTM, 3 for the GRU), each drawn
/// `U(-1/sqrt(H), 1/sqrt(H))` as PyTorch's recurrent layers do.
public class RecurrentCell<Scalar: TensorScalar>: Module<Scalar> {
    /// The input's weights for the gates, `(F, G x H)`.
    public let weightInputHidden: Variable<Scalar>
    /// The hidden state's weights for the gates, `(H, G x H)`.
    public let weightHiddenHidden: Variable<Scalar>
    /// The input-side bias, `(G x H,)`.
    public let biasInputHidden: Variable<Scalar>
    /// The hidden-side bias, `(G x H,)`.
    public let biasHiddenHidden: Variable<Scalar>

    /// The size `F` of an input.
    public var inputSize: Int { weightInputHidden.shape[0] }
    /// The size `H` of the hidden state.
    public var hiddenSize: Int { weightHiddenHidden.shape[0] }

    init(name: String, inputSize: Int, hiddenSize: Int, gates: Int, rng: inout SeededGenerator) {
        check(inputSize > 0 && hiddenSize > 0, "\(name): sizes must be positive, got \(inputSize) -> \(hiddenSize)")
        let bound = 1 / Scalar(hiddenSize).squareRoot()
        func uniform(_ shape: [Int]) -> Variable<Scalar> {
            Variable(Tensor.uniform(shape, low: -bound, high: bound, using: &rng))
        }
        weightInputHidden = uniform([inputSize, gates * hiddenSize])
        weightHiddenHidden = uniform([hiddenSize, gates * hiddenSize])
        biasInputHidden = uniform([gates * hiddenSize])
        biasHiddenHidden = uniform([gates * hiddenSize])
        super.init()
    }
}

/// Layer `layer`'s `(N, H)` part of a `(layers, N, H)` state, or zeros without one.
func layerState<S>(_ state: Variable<S>?, layer: Int, batch: Int, hiddenSize: Int) -> Variable<S> {
    guard let state else { return Variable(constant: .zeros([batch, hiddenSize])) }
    return state.slice(layer..<(layer + 1)).reshaped([batch, hiddenSize])
}

/// Stops with a message naming `layer` unless `x` is `(N, T, inputSize)` with `T > 0` and each
/// given state is `(layers, N, hiddenSize)`.
func checkSequence<S>(_ layer: String, _ x: Variable<S>, states: [Variable<S>?], inputSize: Int, hiddenSize: Int, layers: Int) {
    check(x.shape.count == 3 && x.shape[1] > 0 && x.shape[2] == inputSize,
          "\(layer): input of shape \(describe(x.shape)) must be (N, T, \(inputSize)) with T > 0")
    for state in states.compactMap({ $0 }) {
        check(state.shape == [layers, x.shape[0], hiddenSize],
              "\(layer): state of shape \(describe(state.shape)) must be \(describe([layers, x.shape[0], hiddenSize])) for input \(describe(x.shape))")
    }
}
