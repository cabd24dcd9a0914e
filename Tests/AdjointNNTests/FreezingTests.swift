import Testing
@testable import AdjointNN

// Freezing: frozen parameters stay listed and saved, take no gradient, and no optimiser moves
// them or keeps state for them; the rest of the model trains as before.

@Suite struct FreezingTests {
    static func model(seed: UInt64) -> Sequential<Double> {
        var rng = SeededGenerator(seed: seed)
        return Sequential([Linear(4, 6, rng: &rng), ReLU(), Linear(6, 3, rng: &rng)])
    }

    @Test func pathsSelectParametersAndSubmodules() {
        let net = Self.model(seed: 31)
        let all = ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]
        net.freeze(paths: ["layers.0"])
        #expect(net.namedParameters.map(\.path) == all)
        #expect(net.namedTrainableParameters.map(\.path) == ["layers.2.weight", "layers.2.bias"])
        #expect(net.parameters.map(\.isFrozen) == [true, true, false, false])
        net.unfreeze(paths: ["layers.0.bias"])
        #expect(net.namedTrainableParameters.map(\.path) == ["layers.0.bias", "layers.2.weight", "layers.2.bias"])
        net.freeze()
        #expect(net.trainableParameters.isEmpty && net.namedParameters.map(\.path) == all)
        net.layers[2].unfreeze()
        #expect(net.namedTrainableParameters.map(\.path) == ["layers.2.weight", "layers.2.bias"])
        net.unfreeze()
        #expect(net.trainableParameters.count == 4)
        #expect(Set(net.state.keys) == Set(all))
    }

    @Test func aPathPrefixCountsOnlyUpToADot() {
        var rng = SeededGenerator(seed: 30)
        let net = Sequential<Double>((0..<11).map { _ in Linear(1, 1, rng: &rng) })
        net.freeze(paths: ["layers.1"])
        #expect(net.namedParameters.filter(\.variable.isFrozen).map(\.path) == ["layers.1.weight", "layers.1.bias"])
    }

    @Test func aFrozenLayerIsNotTrainedAndGetsNoOptimizerState() {
        let net = Self.model(seed: 32)
        net.freeze(paths: ["layers.0"])
        let frozen = net.parameters[0...1].map { $0.value.scalars.map(\.bitPattern) }
        let trainedBefore = net.parameters[2...3].map(\.value)
        // Built from every parameter, as existing code does: the optimiser skips the frozen.
        let adam = Adam(net.parameters, learningRate: 1e-2, weightDecay: 1e-3)
        var rng = SeededGenerator(seed: 33)
        let x = Tensor<Double>.randn([8, 4], using: &rng)
        let labels = IndexTensor([0, 1, 2, 0, 1, 2, 0, 1])
        for _ in 0..<5 {
            adam.zeroGrad()
            softmaxCrossEntropy(net(x), labels: labels).backward()
            #expect(net.parameters[0].grad == nil && net.parameters[1].grad == nil)
            adam.step()
        }
        #expect(net.parameters[0...1].map { $0.value.scalars.map(\.bitPattern) } == frozen)
        #expect(zip(net.parameters[2...3], trainedBefore).allSatisfy { $0.value != $1 })
        #expect(adam.state.slots.map(\.isEmpty) == [true, true, false, false])
    }

    @Test func aGradientFromBeforeFreezingIsNotApplied() {
        let net = Self.model(seed: 34)
        let sgd = SGD(net.parameters, learningRate: 0.1)
        softmaxCrossEntropy(net(Tensor<Double>.ones([2, 4])), labels: IndexTensor([0, 2])).backward()
        net.freeze(paths: ["layers.2.weight"])
        let before = net.parameters[2].value
        #expect(net.parameters[2].grad != nil)
        sgd.step()
        #expect(net.parameters[2].value == before)
    }

    @Test func anOptimizerOfTheTrainableParametersMatchesOneOfAll() {
        let (a, b) = (Self.model(seed: 35), Self.model(seed: 35))
        a.freeze(paths: ["layers.2.bias"])
        b.freeze(paths: ["layers.2.bias"])
        let (optA, optB) = (Adam(a.parameters, learningRate: 1e-2), Adam(b.trainableParameters, learningRate: 1e-2))
        #expect(optB.parameters.count == 3)
        let x = Tensor<Double>([[1, 0, -1, 2], [0.5, 0.5, 0, -1]])
        for (net, opt) in [(a, optA), (b, optB)] {
            for _ in 0..<3 {
                opt.zeroGrad()
                softmaxCrossEntropy(net(x), labels: IndexTensor([1, 2])).backward()
                opt.step()
            }
        }
        #expect(flatParameters(a) == flatParameters(b))
    }

    @Test func aPathThatNamesNoParameterStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            FreezingTests.model(seed: 0).freeze(paths: ["layers.1"])
        }
        #expect(LayerAndLossExits.standardError(result).contains("freeze: no parameter of Sequential<Double> at or below \"layers.1\"; its parameters are [\"layers.0.weight\", \"layers.0.bias\", \"layers.2.weight\", \"layers.2.bias\"]"))
    }
}
