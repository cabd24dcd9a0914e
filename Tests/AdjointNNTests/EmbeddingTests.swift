import Testing
@testable import AdjointNN

// Embedding against its definition: the forward pass a row lookup written as a loop, the
// weight's gradient a scatter-add loop (repeated ids summed) and centred differences; the
// IndexTensor forms of the losses against their [Int] forms.

@Suite struct EmbeddingTests {
    @Test func lookupMatchesAPlainLoop() {
        var rng = SeededGenerator(seed: 11)
        let embed = Embedding<Double>(count: 7, dimension: 3, rng: &rng)
        let ids = IndexTensor([[4, 0, 6, 4], [1, 1, 2, 6]])
        let out = embed(ids)
        #expect(out.shape == [2, 4, 3])
        for n in 0..<2 {
            for t in 0..<4 {
                for j in 0..<3 { #expect(out.value[n, t, j] == embed.weight.value[ids[n, t], j]) }
            }
        }
        #expect(embed.count == 7 && embed.dimension == 3)
        #expect(embed.namedParameters.map(\.path) == ["weight"])
    }

    @Test func weightStartsStandardNormalAndSeeded() {
        var rng = SeededGenerator(seed: 12)
        let w = Embedding<Double>(count: 200, dimension: 50, rng: &rng).weight.value
        var again = SeededGenerator(seed: 12)
        #expect(Embedding<Double>(count: 200, dimension: 50, rng: &again).weight.value == w)
        let n = Double(w.count), mean = w.scalars.reduce(0, +) / n
        let variance = w.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        // 10,000 draws: the mean's standard error is 0.01, the variance's about 0.014.
        #expect(abs(mean) < 0.05 && abs(variance - 1) < 0.07)
    }

    @Test func gradientIsAScatterAddOfRepeatedIds() {
        var rng = SeededGenerator(seed: 13)
        let embed = Embedding<Double>(count: 5, dimension: 4, rng: &rng)
        let ids = IndexTensor([[3, 1, 3], [0, 3, 1]])
        let upstream = Tensor<Double>.randn([2, 3, 4], using: &rng)
        let grad = gradients(of: embed(ids), wrt: [embed.weight], seed: upstream)[0].value
        var expected = Tensor<Double>.zeros([5, 4])
        for n in 0..<2 {
            for t in 0..<3 {
                for j in 0..<4 { expected[ids[n, t], j] += upstream[n, t, j] }
            }
        }
        #expect(grad == expected)
        #expect(grad[2, 0] == 0 && grad[4, 3] == 0)   // ids never looked up
    }

    @Test func gradientMatchesCentredDifferences() {
        var rng = SeededGenerator(seed: 14)
        let embed = Embedding<Double>(count: 6, dimension: 3, rng: &rng)
        let ids = IndexTensor([5, 0, 5, 2, 5, 1], shape: [3, 2])
        let comparison = compareGradients(of: { embed(ids).tanh() }, wrt: embed.namedParameters, seed: 15)
        #expect(comparison.tape["weight"]?.shape == [6, 3])
        #expect(comparison.report("Embedding") < 1e-7)
    }

    @Test func givenWeightIsUsedAsIs() {
        let embed = Embedding(weight: Tensor<Double>([[0, 1], [1, 0], [1, 1]]))
        #expect(embed(IndexTensor([2, 0])).value == Tensor([[1, 1], [0, 1]]))
    }

    @Test func indexTensorLabelsGiveTheSameLosses() {
        var rng = SeededGenerator(seed: 16)
        let scores = Variable(Tensor<Double>.randn([2, 3, 5], using: &rng))
        let labels = [[4, -100, 0], [2, 2, -100]]
        let fromRows = softmaxCrossEntropy(scores, labels: labels, ignoreIndex: -100, labelSmoothing: 0.1)
        let fromIndices = softmaxCrossEntropy(scores, labels: IndexTensor(labels), ignoreIndex: -100, labelSmoothing: 0.1)
        #expect(fromIndices.value == fromRows.value)
        let flat = Variable(Tensor<Double>.randn([4, 5], using: &rng)).logSoftmax(alongAxis: -1)
        #expect(nll(flat, labels: IndexTensor([1, 0, 4, 3]), reduction: .none).value
            == nll(flat, labels: [1, 0, 4, 3], reduction: .none).value)
        #expect(softmaxCrossEntropy(flat, labels: IndexTensor([1, 0, 4, 3])).value
            == softmaxCrossEntropy(flat, labels: [1, 0, 4, 3]).value)
    }

    @Test func anIdOutsideTheTableStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Embedding<Double>(count: 4, dimension: 2, rng: &rng)(IndexTensor([[1, 4]]))
        }
        #expect(LayerAndLossExits.standardError(result).contains("Embedding: id 4 is outside 0..<4 (count 4) in ids of shape [1, 2]"))
    }

    @Test func labelsOfAnotherShapeStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(Variable(constant: Tensor<Double>.zeros([2, 3, 4])), labels: IndexTensor([0, 1, 2, 3, 0, 1], shape: [3, 2]))
        }
        #expect(LayerAndLossExits.standardError(result).contains("softmaxCrossEntropy: labels of shape [3, 2] do not fit scores of shape [2, 3, 4]; expected [2, 3]"))
    }
}
