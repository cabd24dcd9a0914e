import Testing
@testable import AdjointNN

// Parameter names, lookup and assignment errors, training mode, closures as models.

@Suite struct ModuleAPI {
    @Test func modelParameterNames() throws {
        #expect(TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2).parameterNames == ["W1", "b1", "W2", "b2"])
        #expect(TinyNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2).parameterNames == ["fc1_w", "fc1_b", "fc2_w", "fc2_b"])
        let plain = try FullyConnectedNet<Double>(hiddenSizes: [5, 6], inputSize: 4, classes: 3)
        #expect(plain.parameterNames == ["W1", "b1", "W2", "b2", "W3", "b3"])
        let normalised = try FullyConnectedNet<Double>(hiddenSizes: [5, 6], inputSize: 4, classes: 3, dropout: 0.5,
                                                       useBatchNorm: true)
        #expect(normalised.parameterNames == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"])
        #expect(normalised.buffers.map(\.name) == ["running_mean1", "running_var1", "running_mean2", "running_var2"])
        #expect(normalised.randomSources.map(\.name) == ["dropout1", "dropout2"])
        let dropoutNet = try DropoutNet<Double>(keepProbability: 0.5)
        #expect(dropoutNet.parameterNames == ["fc1_w", "fc1_b", "fc2_w", "fc2_b", "fc3_w", "fc3_b"])
    }

    @Test func shapesFollowTheConventions() throws {
        let net = try FullyConnectedNet<Double>(hiddenSizes: [5], inputSize: 12, classes: 3, useBatchNorm: true)
        #expect(try net.parameter(named: "W1").shape == [12, 5])
        #expect(try net.parameter(named: "b1").shape == [5])
        #expect(try net.parameter(named: "gamma1").value == .ones([5]))
        #expect(try net.parameter(named: "beta1").value == .zeros([5]))
        #expect(try net.parameter(named: "b2").value == .zeros([3]))
        // An image batch is flattened by the net.
        #expect(net(Tensor<Double>.zeros([2, 2, 3, 2])).shape == [2, 3])
    }

    @Test func unknownParameterListsTheAvailableNames() {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2)
        let error = #expect(throws: NNError.self) { try net.parameter(named: "W3") }
        #expect(error == .unknownParameter("W3", available: ["W1", "b1", "W2", "b2"]))
        #expect(error?.description == "no parameter named \"W3\"; the model has: W1, b1, W2, b2")
        #expect(throws: NNError.unknownParameter("W3", available: ["W1", "b1", "W2", "b2"])) {
            try net.gradient(named: "W3")
        }
    }

    @Test func assignChecksNameAndShape() throws {
        let net = try FullyConnectedNet<Double>(hiddenSizes: [3], inputSize: 4, classes: 2, useBatchNorm: true)
        let unknown = #expect(throws: NNError.self) { try net.assign(.zeros([3]), to: "gamma9") }
        #expect(unknown == .unknownParameter("gamma9", available: ["W1", "b1", "gamma1", "beta1", "W2", "b2",
                                                                   "running_mean1", "running_var1"]))
        let wrongShape = #expect(throws: NNError.self) { try net.assign(.zeros([3, 4]), to: "W1") }
        #expect(wrongShape == .shapeMismatch("assign to \"W1\"", expected: [4, 3], got: [3, 4]))
        #expect(wrongShape?.description == "assign to \"W1\": expected shape [4, 3], got [3, 4]")
        #expect(throws: NNError.shapeMismatch("assign to \"running_var1\"", expected: [3], got: [4])) {
            try net.assign(.zeros([4]), to: "running_var1")
        }
        try net.assign(Tensor([1, 2, 3]), to: "running_mean1")
        #expect(net.buffers.first { $0.name == "running_mean1" }?.tensor.scalars == [1, 2, 3])
        try net.assign(.ones([4, 3]), to: "W1")
        #expect(try net.parameter(named: "W1").value == .ones([4, 3]))
    }

    @Test func gradientsAreReadByName() throws {
        let net = TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2, weightScale: 0.5)
        #expect(try net.gradient(named: "W1") == nil)
        net.loss(Variable(constant: .ones([2, 4])), labels: [0, 1]).backward()
        #expect(try net.gradient(named: "b2")?.shape == [2])
        net.zeroGrad()
        #expect(try net.gradient(named: "b2") == nil)
    }

    static func descendants<S>(_ module: Module<S>) -> [Module<S>] {
        [module] + module.children.flatMap { descendants($0) }
    }

    @Test func trainAndEvalReachEveryChild() throws {
        let net = try FullyConnectedNet<Double>(hiddenSizes: [3, 3], inputSize: 4, classes: 2, dropout: 0.5, useBatchNorm: true)
        let all = Self.descendants(net)
        #expect(all.count > 8)
        #expect(all.allSatisfy { $0.isTraining })
        net.eval()
        #expect(all.allSatisfy { !$0.isTraining })
        net.train()
        #expect(all.allSatisfy { $0.isTraining })
    }

    @Test func closureModel() throws {
        let w = Variable(Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])), b = Variable(Tensor<Double>([0.5, -0.5]))
        let model = ClosureModel(parameters: [("w", w), ("b", b)]) { x in x.matmul(w) + b }
        #expect(model.parameterNames == ["w", "b"])
        let out = model(Tensor<Double>([1, 0, -1], shape: [1, 3]))
        #expect(out.value.scalars == [-3.5, -4.5])
        out.sum().backward()
        #expect(try model.gradient(named: "w")?.scalars == [1, 1, 0, 0, -1, -1])
        #expect(try model.gradient(named: "b")?.scalars == [1, 1])
    }

    @Test func sequentialAppliesLayersInOrder() {
        var rng = SeededGenerator(seed: 1)
        let fc = Linear<Double>(3, 2, name: "fc", rng: &rng)
        fc.weight.value = Tensor([1, -1, 1, -1, 1, -1], shape: [3, 2])
        let block = Sequential<Double>([fc, ReLU()])
        #expect(block(Tensor<Double>([1, 2, 3], shape: [1, 3])).value.scalars == [6, 0])
        #expect(block.parameterNames == ["fc_w", "fc_b"])
    }
}

@Suite struct Initialisations {
    static func sampleStd(_ t: Tensor<Double>) -> Double { t.variance().sqrt().scalar }

    @Test func normal() {
        var rng = SeededGenerator(seed: 1)
        let w: Tensor<Double> = Initialization.normal(std: 0.05).weights(fanIn: 300, fanOut: 200, using: &rng)
        print("normal(0.05) sample std \(Self.sampleStd(w)), mean \(w.mean().scalar)")
        #expect(w.shape == [300, 200])
        #expect(abs(Self.sampleStd(w) / 0.05 - 1) < 0.01)
        #expect(abs(w.mean().scalar) < 0.05 * 0.01)
    }

    @Test func kaiming() {
        var rng = SeededGenerator(seed: 2)
        let w: Tensor<Double> = Initialization.kaiming.weights(fanIn: 300, fanOut: 200, using: &rng)
        let expected = (2.0 / 300).squareRoot()
        print("kaiming sample std \(Self.sampleStd(w)), expected \(expected)")
        #expect(abs(Self.sampleStd(w) / expected - 1) < 0.01)
    }

    @Test func xavier() {
        var rng = SeededGenerator(seed: 3)
        let w: Tensor<Double> = Initialization.xavier.weights(fanIn: 300, fanOut: 200, using: &rng)
        let bound = (6.0 / 500).squareRoot()
        let (low, high) = (w.min().scalar, w.max().scalar)
        print("xavier range [\(low), \(high)], bound \(bound), std \(Self.sampleStd(w))")
        #expect(low >= -bound && high < bound)
        #expect(low < -0.99 * bound && high > 0.99 * bound)
        #expect(abs(Self.sampleStd(w) / (bound / 3.0.squareRoot()) - 1) < 0.01)
    }

    @Test func linearUsesItsInitialisationAndZeroBias() {
        var rng = SeededGenerator(seed: 4)
        let fc = Linear<Double>(400, 100, name: "fc", initialization: .kaiming, rng: &rng)
        #expect(abs(Self.sampleStd(fc.weight.value) / (2.0 / 400).squareRoot() - 1) < 0.02)
        #expect(fc.bias.value == .zeros([100]))
    }

    @Test func theSeedReproducesAModel() {
        #expect(flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9))
                == flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9)))
        #expect(flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 9))
                != flatParameters(TinyNet<Double>(inputSize: 5, hiddenSize: 4, classes: 3, seed: 10)))
    }
}
