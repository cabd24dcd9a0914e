import Testing
@testable import AdjointNN

// Every layer with parameters can start from PyTorch's default distribution: Linear and the
// convolutions with `initialization: .pytorch` (Initialisations), the others by default.

@Suite struct PyTorchDefaultInits {
    /// PyTorch's recurrent layers draw every weight and bias `U(-1/sqrt(H), 1/sqrt(H))`.
    @Test func recurrentCellsDrawFromTheHiddenSize() {
        var rng = SeededGenerator(seed: 21)
        let lstm = LSTM<Double>(inputSize: 30, hiddenSize: 100, layers: 2, rng: &rng)
        let gru = GRU<Double>(inputSize: 30, hiddenSize: 100, rng: &rng)
        let cells: [RecurrentCell<Double>] = lstm.cells + gru.cells
        for cell in cells {
            for parameter in cell.parameters {
                TorchInitFunctions.expectUniform(parameter.value, bound: 0.1)
            }
        }
    }

    @Test func embeddingIsStandardNormal() {
        var rng = SeededGenerator(seed: 22)
        TorchInitFunctions.expectNormal(Embedding<Double>(count: 1000, dimension: 64, rng: &rng).weight.value, std: 1)
    }

    /// `in_proj_weight` Xavier uniform over fans (E, 3E), its bias and `out_proj.bias` zero,
    /// `out_proj.weight` a Linear's default.
    @Test func multiheadAttentionAsPyTorchResetsIt() {
        var rng = SeededGenerator(seed: 23)
        let attention = MultiheadAttention<Double>(embedDim: 128, heads: 4, rng: &rng)
        TorchInitFunctions.expectUniform(attention.inProjectionWeight.value, bound: (6.0 / 512).squareRoot())
        #expect(attention.inProjectionBias.value == .zeros([384]))
        TorchInitFunctions.expectUniform(attention.outProjection.weight.value, bound: 1 / 128.0.squareRoot())
        #expect(attention.outProjection.bias.value == .zeros([128]))
    }

    /// The feed-forward layers are Linear's default, weight and bias; the norms start at ones and zeros.
    @Test func transformerBlockFeedForwardAndNorms() {
        var rng = SeededGenerator(seed: 24)
        let block = TransformerBlock<Double>(width: 64, heads: 4, rng: &rng)
        for (layer, fanIn) in [(block.expand, 64.0), (block.contract, 256)] {
            let bound = 1 / fanIn.squareRoot()
            TorchInitFunctions.expectUniform(layer.weight.value, bound: bound)
            TorchInitFunctions.expectUniform(layer.bias.value, bound: bound)
        }
        for norm in [block.norm1, block.norm2] {
            #expect(norm.gamma.value == .ones([64]) && norm.beta.value == .zeros([64]))
        }
    }

    /// Weight 1 and bias 0, as PyTorch's `reset_parameters`.
    @Test func normalisationLayersStartAtOnesAndZeros() {
        let batch = BatchNorm<Double>(6), group = GroupNorm<Double>(groups: 2, channels: 6), layer = LayerNorm<Double>(6)
        for (gamma, beta) in [(batch.gamma, batch.beta), (group.gamma, group.beta), (layer.gamma, layer.beta)] {
            #expect(gamma.value == .ones([6]) && beta.value == .zeros([6]))
        }
    }
}
