import Foundation
import Testing
@testable import AdjointNN

// The LSTM and GRU cells against their equations written as plain loops, the layers against
// their cells stepped by hand, and gradients against centred differences (float64).

/// `x @ w + b` for one sample: `x` `(F)`, `w` `(F, G)` row-major, `b` `(G)`.
func affine(_ x: [Double], _ w: Tensor<Double>, _ b: Tensor<Double>) -> [Double] {
    let g = w.shape[1]
    return (0..<g).map { j in x.indices.reduce(b.scalars[j]) { $0 + x[$1] * w.scalars[$1 * g + j] } }
}

func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

@Suite struct RecurrentDefinition {
    static func sample(_ t: Tensor<Double>, _ n: Int) -> [Double] {
        let width = t.shape[1]
        return Array(t.scalars[(n * width)..<((n + 1) * width)])
    }

    @Test func lstmCellMatchesEquations() {
        var rng = SeededGenerator(seed: 41)
        let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 4, rng: &rng)
        let (x, h0, c0) = (Tensor<Double>.randn([2, 3], using: &rng), Tensor<Double>.randn([2, 4], using: &rng), Tensor<Double>.randn([2, 4], using: &rng))
        let state = cell(Variable(x), state: LSTMState(hidden: Variable(h0), cell: Variable(c0)))
        var (hidden, cellState) = ([Double](), [Double]())
        for n in 0..<2 {
            let a = zip(affine(Self.sample(x, n), cell.weightInputHidden.value, cell.biasInputHidden.value),
                        affine(Self.sample(h0, n), cell.weightHiddenHidden.value, cell.biasHiddenHidden.value)).map { $0 + $1 }
            for j in 0..<4 {   // PyTorch's gate order: i, f, g, o
                let c = sigmoid(a[4 + j]) * c0.scalars[n * 4 + j] + sigmoid(a[j]) * Foundation.tanh(a[8 + j])
                cellState.append(c)
                hidden.append(sigmoid(a[12 + j]) * Foundation.tanh(c))
            }
        }
        #expect(scaledDifference(state.hidden.value, Tensor(hidden, shape: [2, 4])) < 1e-14)
        #expect(scaledDifference(state.cell.value, Tensor(cellState, shape: [2, 4])) < 1e-14)
    }

    @Test func gruCellMatchesEquations() {
        var rng = SeededGenerator(seed: 42)
        let cell = GRUCell<Double>(inputSize: 3, hiddenSize: 4, rng: &rng)
        let (x, h0) = (Tensor<Double>.randn([2, 3], using: &rng), Tensor<Double>.randn([2, 4], using: &rng))
        let next = cell(Variable(x), hidden: Variable(h0)).value
        var expected = [Double]()
        for n in 0..<2 {
            let i = affine(Self.sample(x, n), cell.weightInputHidden.value, cell.biasInputHidden.value)
            let h = affine(Self.sample(h0, n), cell.weightHiddenHidden.value, cell.biasHiddenHidden.value)
            for j in 0..<4 {   // PyTorch's gate order: r, z, n
                let (r, z) = (sigmoid(i[j] + h[j]), sigmoid(i[4 + j] + h[4 + j]))
                let candidate = Foundation.tanh(i[8 + j] + r * h[8 + j])
                expected.append((1 - z) * candidate + z * h0.scalars[n * 4 + j])
            }
        }
        #expect(scaledDifference(next, Tensor(expected, shape: [2, 4])) < 1e-14)
    }

    @Test func layersAreTheirCellsSteppedOverTime() {
        var rng = SeededGenerator(seed: 43)
        let (lstm, gru) = (LSTM<Double>(inputSize: 3, hiddenSize: 4, layers: 2, rng: &rng), GRU<Double>(inputSize: 3, hiddenSize: 4, layers: 2, rng: &rng))
        let x = Variable(Tensor<Double>.randn([2, 5, 3], using: &rng))
        let steps = (0..<5).map { x.slice($0..<($0 + 1), alongAxis: 1).reshaped([2, 3]) }
        var lstmInputs = steps, gruInputs = steps
        var lstmFinal = [LSTMState<Double>](), gruFinal = [Variable<Double>]()
        for layer in 0..<2 {
            var state: LSTMState<Double>? = nil, hidden: Variable<Double>? = nil
            lstmInputs = lstmInputs.map { state = lstm.cells[layer]($0, state: state); return state!.hidden }
            gruInputs = gruInputs.map { hidden = gru.cells[layer]($0, hidden: hidden); return hidden! }
            lstmFinal.append(state!)
            gruFinal.append(hidden!)
        }
        let (lstmOutput, lstmState) = lstm(x)
        let (gruOutput, gruHidden) = gru(x)
        #expect(scaledDifference(lstmOutput.value, Variable.stack(lstmInputs, axis: 1).value) < 1e-14)
        #expect(scaledDifference(lstmState.hidden.value, Variable.stack(lstmFinal.map(\.hidden)).value) < 1e-14)
        #expect(scaledDifference(lstmState.cell.value, Variable.stack(lstmFinal.map(\.cell)).value) < 1e-14)
        #expect(scaledDifference(gruOutput.value, Variable.stack(gruInputs, axis: 1).value) < 1e-14)
        #expect(scaledDifference(gruHidden.value, Variable.stack(gruFinal).value) < 1e-14)
        #expect(lstm.forward(x).shape == [2, 5, 4] && gru.forward(x).shape == [2, 5, 4])
    }

    @Test func parametersNamedShapedAndDrawnAsPyTorch() {
        var rng = SeededGenerator(seed: 44)
        let lstm = LSTM<Double>(inputSize: 3, hiddenSize: 16, layers: 2, rng: &rng)
        let gru = GRU<Double>(inputSize: 3, hiddenSize: 16, rng: &rng)
        let names = ["weightInputHidden", "weightHiddenHidden", "biasInputHidden", "biasHiddenHidden"]
        #expect(lstm.namedParameters.map(\.path) == ["cells.0.", "cells.1."].flatMap { prefix in names.map { prefix + $0 } })
        #expect(lstm.namedParameters.map(\.variable.shape) == [[3, 64], [16, 64], [64], [64], [16, 64], [16, 64], [64], [64]])
        #expect(gru.namedParameters.map(\.variable.shape) == [[3, 48], [16, 48], [48], [48]])
        // U(-1/4, 1/4): inside the bound, and spread over it.
        let values = (lstm.parameters + gru.parameters).flatMap(\.value.scalars)
        #expect(values.allSatisfy { abs($0) <= 0.25 })
        #expect(values.max()! > 0.24 && values.min()! < -0.24)
    }

    @Test func lstmGradients() {
        var rng = SeededGenerator(seed: 45)
        let lstm = LSTM<Double>(inputSize: 3, hiddenSize: 4, layers: 2, rng: &rng)
        let x = Variable(Tensor<Double>.randn([2, 3, 3], using: &rng))
        let (h0, c0) = (Variable(Tensor<Double>.randn([2, 2, 4], using: &rng)), Variable(Tensor<Double>.randn([2, 2, 4], using: &rng)))
        let comparison = compareGradients(of: {
            let (output, state) = lstm(x, state: LSTMState(hidden: h0, cell: c0))
            return Variable.concatenate([output, state.hidden, state.cell].map { $0.reshaped([-1]) })
        }, wrt: [("x", x), ("h0", h0), ("c0", c0)] + lstm.namedParameters, seed: 46)
        #expect(comparison.report("LSTM 2 layers") < 1e-7)
    }

    @Test func gruGradients() {
        var rng = SeededGenerator(seed: 47)
        let gru = GRU<Double>(inputSize: 3, hiddenSize: 4, layers: 2, rng: &rng)
        let x = Variable(Tensor<Double>.randn([2, 3, 3], using: &rng))
        let h0 = Variable(Tensor<Double>.randn([2, 2, 4], using: &rng))
        let comparison = compareGradients(of: {
            let (output, hidden) = gru(x, hidden: h0)
            return Variable.concatenate([output.reshaped([-1]), hidden.reshaped([-1])])
        }, wrt: [("x", x), ("h0", h0)] + gru.namedParameters, seed: 48)
        #expect(comparison.report("GRU 2 layers") < 1e-7)
    }
}

@Suite struct SequenceLayerExits {
    @Test func lstmInputWithTheWrongFeatures() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = LSTM<Double>(inputSize: 3, hiddenSize: 4, rng: &rng)(Variable(Tensor<Double>.zeros([2, 5, 2])))
        }
        #expect(LayerAndLossExits.standardError(result).contains("LSTM: input of shape [2, 5, 2] must be (N, T, 3) with T > 0"))
    }

    @Test func gruStateOfTheWrongShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = GRU<Double>(inputSize: 3, hiddenSize: 4, rng: &rng)(Variable(Tensor<Double>.zeros([2, 5, 3])), hidden: Variable(Tensor<Double>.zeros([2, 4])))
        }
        #expect(LayerAndLossExits.standardError(result).contains("GRU: state of shape [2, 4] must be [1, 2, 4] for input [2, 5, 3]"))
    }

    @Test func attentionMaskThatDoesNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Variable(Tensor<Double>.zeros([2, 3, 4]))
            _ = scaledDotProductAttention(query: x, key: x, value: x, mask: Tensor<Double>.ones([3, 2]))
        }
        #expect(LayerAndLossExits.standardError(result).contains("scaledDotProductAttention: mask of shape [3, 2] does not broadcast to the scores [2, 3, 3]"))
    }
}
