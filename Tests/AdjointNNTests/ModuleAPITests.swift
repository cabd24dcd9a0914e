import Testing
@testable import AdjointNN

// Parameter names, lookup and assignment errors, training mode, closures as models.

@Suite struct ModuleAPI {
    @Test func modelParameterPaths() throws {
        #expect(TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2).namedParameters.map(\.path)
                == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        #expect(TinyNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2).namedParameters.map(\.path)
                == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        let plain = FullyConnectedNet<Double>(hiddenSizes: [5, 6], inputSize: 4, classes: 3)
        #expect(plain.namedParameters.map(\.path)
                == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias"])
        #expect(plain.namedBuffers.isEmpty && plain.namedRandomSources.isEmpty)
        let normalised = FullyConnectedNet<Double>(hiddenSizes: [5, 6], inputSize: 4, classes: 3, dropout: 0.5,
                                                   useBatchNorm: true)
        #expect(normalised.namedParameters.map(\.path)
                == ["layers.0.weight", "layers.0.bias", "layers.1.gamma", "layers.1.beta",
                    "layers.4.weight", "layers.4.bias", "layers.5.gamma", "layers.5.beta",
                    "layers.8.weight", "layers.8.bias"])
        #expect(normalised.namedBuffers.map(\.path)
                == ["layers.1.runningMean", "layers.1.runningVariance", "layers.5.runningMean", "layers.5.runningVariance"])
        #expect(normalised.namedRandomSources.map(\.path) == ["layers.3.random", "layers.7.random"])
        let dropoutNet = DropoutNet<Double>(keepProbability: 0.5)
        #expect(dropoutNet.namedParameters.map(\.path)
                == ["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.6.weight", "layers.6.bias"])
        #expect(dropoutNet.namedRandomSources.map(\.path) == ["layers.2.random", "layers.5.random"])
        let cnn = SmallConvolutionalNetwork<Double>(height: 8, width: 8, channels: 1, classes: 3, filters: (2, 3), hiddenSize: 4)
        #expect(cnn.namedParameters.map(\.path)
                == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
    }

    @Test func parametersAreTheModelsOwnVariables() {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2)
        let expected = [net.fc1.weight, net.fc1.bias, net.fc2.weight, net.fc2.bias]
        #expect(net.parameters.count == 4)
        #expect(zip(net.parameters, expected).allSatisfy { $0 === $1 })
        #expect(net.weights.count == 2 && net.weights[0] === net.fc1.weight && net.weights[1] === net.fc2.weight)
        #expect(net.parameterCount == 4 * 3 + 3 + 3 * 2 + 2)
        let fc = FullyConnectedNet<Double>(hiddenSizes: [5], inputSize: 4, classes: 3, useBatchNorm: true)
        #expect(fc.weights.map(\.shape) == [[4, 5], [5, 3]])
        #expect(fc.modules(of: Linear<Double>.self).count == 2)
        #expect(fc.modules(of: BatchNorm<Double>.self).first?.gamma === fc.namedParameters[2].variable)
        // BatchNorm's gamma and beta count as parameters, its running statistics do not.
        #expect(fc.parameterCount == (4 * 5 + 5) + (5 + 5) + (5 * 3 + 3))
    }

    @Test func childrenAndNamedModules() {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2)
        #expect(net.children.map(\.name) == ["fc1", "fc2"])
        #expect(net.children[0].module === net.fc1)
        let fc = FullyConnectedNet<Double>(hiddenSizes: [3], inputSize: 4, classes: 2, dropout: 0.5, useBatchNorm: true)
        #expect(fc.children.map(\.name) == ["layers.0", "layers.1", "layers.2", "layers.3", "layers.4"])
        var rng = SeededGenerator(seed: 5)
        let block = Sequential<Double>([Sequential([Linear(2, 2, rng: &rng), ReLU()]), Linear(2, 1, rng: &rng)])
        #expect(block.namedModules.map(\.path) == ["layers.0", "layers.0.layers.0", "layers.0.layers.1", "layers.1"])
        #expect(block.namedParameters.map(\.path)
                == ["layers.0.layers.0.weight", "layers.0.layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(block.modules(of: Linear<Double>.self).count == 2)
        #expect(block.modules(of: Sequential<Double>.self).first === block)
    }

    /// A module written by hand: parameters, buffers, generators and submodules are found from
    /// its stored properties, in arrays, dictionaries (by sorted key) and optionals; constants
    /// (variables that do not require gradients) and other values are not parameters.
    final class Custom: Module<Double> {
        /// A layer of zeros (no generator: see `defaultRandomMakesLayerDrawsReproducible`).
        static func linear(_ inputs: Int, _ outputs: Int) -> Linear<Double> {
            Linear(weight: .zeros([inputs, outputs]), bias: .zeros([outputs]))
        }

        let scale = Variable(Tensor<Double>([2]))
        let constant = Variable(constant: Tensor<Double>([1, 2, 3]))
        let count = Buffer<Double>(.zeros([1]))
        let noise = RandomSource(seed: 1)
        let blocks: [Linear<Double>] = [linear(3, 2), linear(2, 2)]
        let heads: [String: Linear<Double>] = ["second": linear(2, 1), "first": linear(2, 4)]
        let missing: Linear<Double>? = nil
        let present: Linear<Double>? = linear(1, 1)
        let label = "not a part"

        override func forward(_ x: Variable<Double>) -> Variable<Double> { blocks.reduce(x) { $1($0) } * scale }
    }

    final class Derived: Module<Double> {
        let inner = Custom()
        let extra = Variable(Tensor<Double>.zeros([2]))
    }

    @Test func partsAreFoundFromStoredProperties() {
        let model = Custom()
        #expect(model.namedParameters.map(\.path)
                == ["scale", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
                    "heads.first.weight", "heads.first.bias", "heads.second.weight", "heads.second.bias",
                    "present.weight", "present.bias"])
        #expect(model.namedBuffers.map(\.path) == ["count"])
        #expect(model.namedBuffers.first?.buffer === model.count)
        #expect(model.namedRandomSources.map(\.path) == ["noise"])
        #expect(model.children.map(\.name) == ["blocks.0", "blocks.1", "heads.first", "heads.second", "present"])
        #expect(Set(model.state.keys) == Set(model.namedParameters.map(\.path) + ["count"]))
        let derived = Derived()
        #expect(derived.namedParameters.map(\.path).first == "inner.scale")
        #expect(derived.namedParameters.map(\.path).last == "extra")
        #expect(derived.namedParameters.count == model.namedParameters.count + 1)
        #expect(derived.namedBuffers.map(\.path) == ["inner.count"])
    }

    /// The only test that draws from the shared `DefaultRandom` (tests run in parallel: every
    /// other test builds its layers from its own generator or from given weights).
    @Test func defaultRandomMakesLayerDrawsReproducible() {
        DefaultRandom.seed(42)
        let a = Linear<Double>(5, 4), b = Linear<Double>(5, 4)
        DefaultRandom.seed(42)
        let c = Linear<Double>(5, 4)
        #expect(a.weight.value == c.weight.value)
        #expect(a.weight.value != b.weight.value)
    }

    @Test func shapesFollowTheConventions() {
        let net = FullyConnectedNet<Double>(hiddenSizes: [5], inputSize: 12, classes: 3, useBatchNorm: true)
        let state = net.state
        #expect(state["layers.0.weight"]?.shape == [12, 5])
        #expect(state["layers.0.bias"]?.shape == [5])
        #expect(state["layers.1.gamma"] == .ones([5]))
        #expect(state["layers.1.beta"] == .zeros([5]))
        #expect(state["layers.1.runningMean"] == .zeros([5]))
        #expect(state["layers.3.bias"] == .zeros([3]))
        #expect(state.count == 8)
        // An image batch is flattened by the net.
        #expect(net(Tensor<Double>.zeros([2, 2, 3, 2])).shape == [2, 3])
    }

    @Test func unknownPathListsTheAvailableOnes() {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2)
        let error = #expect(throws: NNError.self) { try net.load(["fc3.weight": .zeros([3, 2])], strict: false) }
        #expect(error == .unknownParameter("fc3.weight", available: ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]))
        #expect(error?.description == "no parameter or buffer at \"fc3.weight\"; the model has: fc1.bias, fc1.weight, fc2.bias, fc2.weight")
        #expect(net.state["fc3.weight"] == nil)
    }

    @Test func loadChecksPathsShapesAndCompleteness() throws {
        let net = FullyConnectedNet<Double>(hiddenSizes: [3], inputSize: 4, classes: 2, useBatchNorm: true)
        let unknown = #expect(throws: NNError.self) { try net.load(["layers.9.gamma": .zeros([3])], strict: false) }
        #expect(unknown == .unknownParameter("layers.9.gamma", available: [
            "layers.0.bias", "layers.0.weight", "layers.1.beta", "layers.1.gamma", "layers.1.runningMean",
            "layers.1.runningVariance", "layers.3.bias", "layers.3.weight",
        ]))
        let wrongShape = #expect(throws: NNError.self) { try net.load(["layers.0.weight": .zeros([3, 4])], strict: false) }
        #expect(wrongShape == .shapeMismatch("layers.0.weight", expected: [4, 3], got: [3, 4]))
        #expect(wrongShape?.description == "layers.0.weight: expected shape [4, 3], got [3, 4]")
        #expect(throws: NNError.shapeMismatch("layers.1.runningVariance", expected: [3], got: [4])) {
            try net.load(["layers.1.runningVariance": .zeros([4])], strict: false)
        }
        // Strict by default: every parameter and buffer must be given.
        let missing = #expect(throws: NNError.self) { try net.load(["layers.0.weight": .ones([4, 3])]) }
        #expect(missing == .missingParameter("layers.0.bias"))
        #expect(missing?.description == "no value given for \"layers.0.bias\"")
        // Nothing was assigned by the failed loads, not even the keys that fitted.
        #expect(net.state["layers.0.weight"] != .ones([4, 3]))

        try net.load(["layers.1.runningMean": Tensor([1, 2, 3])], strict: false)
        #expect(net.namedBuffers.first { $0.path == "layers.1.runningMean" }?.buffer.value.scalars == [1, 2, 3])
        try net.load(["layers.0.weight": .ones([4, 3])], strict: false)
        #expect(net.modules(of: Linear<Double>.self)[0].weight.value == .ones([4, 3]))
    }

    @Test func stateRoundTripsBetweenModels() throws {
        let source = FullyConnectedNet<Double>(hiddenSizes: [5], inputSize: 4, classes: 3, useBatchNorm: true, seed: 1)
        var rng = SeededGenerator(seed: 99)
        _ = source(Tensor<Double>.randn([6, 4], using: &rng))   // moves the running statistics
        let target = FullyConnectedNet<Double>(hiddenSizes: [5], inputSize: 4, classes: 3, useBatchNorm: true, seed: 2)
        #expect(flatParameters(source) != flatParameters(target))
        try target.load(source.state)
        #expect(target.state == source.state)
        source.eval(); target.eval()
        let x = Tensor<Double>([[1, 2, 3, 4], [-1, 0, 1, 0.5]])
        #expect(source(x).value == target(x).value)
        // The state is a copy: changing it does not change the model.
        var copy = source.state
        copy["layers.0.bias"] = .ones([5])
        #expect(source.state["layers.0.bias"] != .ones([5]))
    }

    @Test func gradientsAreReadFromTheParameters() {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2, weightScale: 0.5)
        #expect(net.fc1.weight.grad == nil)
        softmaxCrossEntropy(net(Tensor<Double>.ones([2, 4])), labels: [0, 1]).backward()
        #expect(net.fc2.bias.grad?.shape == [2])
        #expect(net.namedParameters.allSatisfy { $0.variable.grad?.shape == $0.variable.shape })
        net.zeroGrad()
        #expect(net.fc2.bias.grad == nil)
        #expect(net.parameters.allSatisfy { $0.grad == nil })
    }

    static func descendants<S>(_ module: Module<S>) -> [Module<S>] {
        [module] + module.children.flatMap { descendants($0.module) }
    }

    @Test func trainAndEvalReachEveryChild() {
        let net = FullyConnectedNet<Double>(hiddenSizes: [3, 3], inputSize: 4, classes: 2, dropout: 0.5, useBatchNorm: true)
        let all = Self.descendants(net)
        #expect(all.count > 8)
        #expect(all.count == net.namedModules.count + 1)
        #expect(all.allSatisfy { $0.isTraining })
        net.eval()
        #expect(all.allSatisfy { !$0.isTraining })
        net.train()
        #expect(all.allSatisfy { $0.isTraining })
    }

    @Test func closureModel() {
        let w = Variable(Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])), b = Variable(Tensor<Double>([0.5, -0.5]))
        let model = ClosureModel(parameters: ["w": w, "b": b]) { x in x.matmul(w) + b }
        #expect(model.namedParameters.map(\.path) == ["b", "w"])
        #expect(model.parameters[0] === b && model.parameters[1] === w)
        #expect(Set(model.state.keys) == ["b", "w"])
        let out = model(Tensor<Double>([1, 0, -1], shape: [1, 3]))
        #expect(out.value.scalars == [-3.5, -4.5])
        out.sum().backward()
        #expect(w.grad?.scalars == [1, 1, 0, 0, -1, -1])
        #expect(b.grad?.scalars == [1, 1])
        model.zeroGrad()
        #expect(w.grad == nil && b.grad == nil)
    }

    @Test func sequentialAppliesLayersInOrder() {
        var rng = SeededGenerator(seed: 1)
        let fc = Linear<Double>(3, 2, rng: &rng)
        fc.weight.value = Tensor([1, -1, 1, -1, 1, -1], shape: [3, 2])
        let block = Sequential<Double>([fc, ReLU()])
        #expect(block(Tensor<Double>([1, 2, 3], shape: [1, 3])).value.scalars == [6, 0])
        #expect(block.namedParameters.map(\.path) == ["layers.0.weight", "layers.0.bias"])
    }

    @Test func linearAndConvolutionFromGivenWeights() {
        let fc = Linear(weight: Tensor<Double>([[1, 0], [0, 1], [1, 1]]), bias: Tensor<Double>([0, 0.5]))
        #expect(fc(Tensor<Double>([[1, 2, 3]])).value.scalars == [4, 5.5])
        let conv = Conv2D(weight: Tensor<Double>([1, 0, -1], shape: [1, 3, 1, 1]), bias: .zeros([1]))
        #expect(conv.namedParameters.map(\.path) == ["weight", "bias"])
        let image = Tensor<Double>([[[[1], [2], [4], [8]]]])   // (1, 1, 4, 1)
        #expect(conv(image).value.scalars == [-3, -6])
    }
}
