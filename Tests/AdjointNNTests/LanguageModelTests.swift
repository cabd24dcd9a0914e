import Testing
@testable import AdjointNN

// GPT and the LSTM language model: causal (a later id never changes an earlier position's
// scores), their parts named from structure, gradients against centred differences.

@Suite struct LanguageModels {
    @Test func gptAndLSTMScoresDependOnEarlierIdsOnly() {
        let gpt = GPT<Double>(vocabulary: 7, context: 5, width: 8, layers: 2, heads: 2, seed: 1)
        let lstm = LSTMLanguageModel<Double>(vocabulary: 7, embedding: 4, hiddenSize: 6, seed: 1)
        for model in [{ gpt($0) }, { lstm($0) }] as [(IndexTensor) -> Variable<Double>] {
            let a = model(IndexTensor([[0, 3, 1, 4, 2]])).value, b = model(IndexTensor([[0, 3, 1, 6, 5]])).value
            #expect(a.shape == [1, 5, 7])
            for t in 0..<5 {
                let same = (0..<7).allSatisfy { a[0, t, $0] == b[0, t, $0] }
                #expect(same == (t < 3), "position \(t)")
            }
        }
    }

    @Test func partsAreNamedFromStructure() {
        let gpt = GPT<Float>(vocabulary: 5, context: 4, width: 8, layers: 2, heads: 2)
        let paths = gpt.namedParameters.map(\.path)
        #expect(paths.prefix(3) == ["tokens.weight", "positions.weight", "blocks.0.norm1.gamma"])
        #expect(paths.contains("blocks.1.attention.inProjectionWeight") && paths.last == "head.bias")
        #expect(LSTMLanguageModel<Float>(vocabulary: 5, embedding: 3, hiddenSize: 4).namedParameters.map(\.path)
                == ["embedding.weight", "lstm.cells.0.weightInputHidden", "lstm.cells.0.weightHiddenHidden",
                    "lstm.cells.0.biasInputHidden", "lstm.cells.0.biasHiddenHidden", "head.weight", "head.bias"])
    }

    @Test func gptGradientsMatchCentredDifferences() {
        let gpt = GPT<Double>(vocabulary: 5, context: 4, width: 4, layers: 1, heads: 2, seed: 3)
        let ids = IndexTensor([[0, 2, 4, 1], [3, 3, 0, 2]])
        let comparison = compareGradients(of: { softmaxCrossEntropy(gpt(ids), labels: [[2, 4, 1, 0], [3, 0, 2, 1]]) },
                                          wrt: gpt.namedParameters)
        #expect(comparison.report("GPT") < 1e-6)
    }
}
