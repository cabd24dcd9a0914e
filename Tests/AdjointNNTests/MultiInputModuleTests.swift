import Testing
@testable import AdjointNN

// Modules of other inputs than one Variable: each defines its own callAsFunction (ids, two
// inputs, a mask) and leaves forward(_:) alone. Their parameters, modes and state are found
// from their properties as for any module, and a model built of them trains.

/// The mean over time of `x` `(N, T, D)` at the positions where `mask` `(N, T)` is 1.
final class MaskedMean: Module<Double> {
    func callAsFunction(_ x: Variable<Double>, mask: Tensor<Double>) -> Variable<Double> {
        let (n, t) = (x.shape[0], x.shape[1])
        let weights = Variable(constant: mask.reshaped([n, t, 1]))
        let counts = Variable(constant: mask.sum(alongAxes: [1]).reshaped([n, 1]))
        return (x * weights).sum(alongAxes: [1]) / counts
    }
}

/// Token ids embedded and features mapped to the same width, summed: a module of two inputs.
final class TokensAndFeatures: Module<Double> {
    let embed: Embedding<Double>
    let project: Linear<Double>

    init(vocabulary: Int, features: Int, width: Int, rng: inout SeededGenerator) {
        embed = Embedding(count: vocabulary, dimension: width, rng: &rng)
        project = Linear(features, width, rng: &rng)
        super.init()
    }

    /// `(N, T, width)`: each token's vector plus its sequence's projected features.
    func callAsFunction(_ ids: IndexTensor, features: Variable<Double>) -> Variable<Double> {
        let projected = project(features)
        return embed(ids) + projected.reshaped([projected.shape[0], 1, projected.shape[1]])
    }
}

/// Class scores of padded token sequences with per-sequence features.
final class SequenceClassifier: Module<Double> {
    let inputs: TokensAndFeatures
    let pool = MaskedMean()
    let dropout = Dropout<Double>(probability: 0.25, seed: 3)
    let head: Linear<Double>

    init(rng: inout SeededGenerator) {
        inputs = TokensAndFeatures(vocabulary: 9, features: 2, width: 4, rng: &rng)
        head = Linear(4, 3, rng: &rng)
        super.init()
    }

    func callAsFunction(_ ids: IndexTensor, features: Tensor<Double>, mask: Tensor<Double>) -> Variable<Double> {
        head(dropout(pool(inputs(ids, features: Variable(constant: features)), mask: mask).tanh()))
    }
}

@Suite struct MultiInputModuleTests {
    let ids = IndexTensor([[1, 4, 0, 0], [7, 2, 8, 3], [5, 5, 0, 0]])
    let mask = Tensor<Double>([[1, 1, 0, 0], [1, 1, 1, 1], [1, 1, 0, 0]])
    let features = Tensor<Double>([[0.5, -1], [1, 0.25], [-0.5, 0.5]])
    let labels = IndexTensor([2, 0, 1])

    @Test func partsAreFoundFromProperties() {
        var rng = SeededGenerator(seed: 21)
        let model = SequenceClassifier(rng: &rng)
        let paths = ["inputs.embed.weight", "inputs.project.weight", "inputs.project.bias", "head.weight", "head.bias"]
        #expect(model.namedParameters.map(\.path) == paths)
        #expect(Set(model.state.keys) == Set(paths))
        #expect(model.namedRandomSources.map(\.path) == ["dropout.random"])
        model.eval()
        #expect(model.namedModules.allSatisfy { !$0.module.isTraining })
        model.train()
        #expect(model.namedModules.allSatisfy { $0.module.isTraining })
    }

    @Test func maskedPositionsDoNotChangeTheScores() {
        var rng = SeededGenerator(seed: 22)
        let model = SequenceClassifier(rng: &rng)
        model.eval()
        let other = IndexTensor([[1, 4, 6, 2], [7, 2, 8, 3], [5, 5, 8, 1]])   // only padded ids differ
        #expect(model(ids, features: features, mask: mask).value == model(other, features: features, mask: mask).value)
        #expect(model(ids, features: features, mask: mask).shape == [3, 3])
    }

    @Test func gradientsOfAllInputsMatchCentredDifferences() {
        var rng = SeededGenerator(seed: 23)
        let model = SequenceClassifier(rng: &rng)
        model.eval()
        let comparison = compareGradients(of: { softmaxCrossEntropy(model(ids, features: features, mask: mask), labels: labels) },
                                          wrt: model.namedParameters)
        #expect(comparison.report("SequenceClassifier") < 1e-7)
    }

    @Test func aFewSGDStepsLowerTheLossAndStateRoundTrips() throws {
        var rng = SeededGenerator(seed: 24)
        let model = SequenceClassifier(rng: &rng)
        model.eval()   // no dropout, so the losses of successive steps compare
        let sgd = SGD(model.parameters, learningRate: 0.5)
        func loss() -> Variable<Double> { softmaxCrossEntropy(model(ids, features: features, mask: mask), labels: labels) }
        let start = loss().value.scalar
        for _ in 0..<20 {
            sgd.zeroGrad()
            loss().backward()
            sgd.step()
        }
        let end = loss().value.scalar
        #expect(end < 0.5 * start, "loss \(start) -> \(end)")
        var again = SeededGenerator(seed: 99)
        let copy = SequenceClassifier(rng: &again)
        copy.eval()
        try copy.load(model.state)
        #expect(copy(ids, features: features, mask: mask).value == model(ids, features: features, mask: mask).value)
    }

    @Test func callingItWithOneVariableStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = SequenceClassifier(rng: &rng)(Tensor<Double>.zeros([3, 4]))
        }
        #expect(LayerAndLossExits.standardError(result).contains("SequenceClassifier does not override forward(_:): it takes other inputs, so call it with those (its own callAsFunction), not with one Variable or in a Sequential"))
    }
}
