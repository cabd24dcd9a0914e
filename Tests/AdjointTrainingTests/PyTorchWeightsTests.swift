import Foundation
import Testing
@testable import AdjointTraining

/// State_dicts PyTorch wrote (Fixtures/make_torch_weights.py) load into Adjoint's layers and
/// reproduce PyTorch's eval-mode outputs: to 1e-10 in Double, 1e-5 in Float.
@Suite struct PyTorchWeightsTests {
    let io: SafeTensorsFile

    init() throws {
        io = try SafeTensors.read(from: pyTorchFixture("torch_layers_io.safetensors"))
    }

    /// Each layer's largest difference from PyTorch's `output` (or `output32`).
    func differences<S>(_ model: TorchLayers<S>, expected suffix: String) throws -> [String: Double] {
        model.eval()
        var result: [String: Double] = [:]
        for name in TorchLayers<S>.layerNames {
            let x = Tensor<S>(try io.tensor(named: "\(name).input", as: Double.self))
            let expected = Tensor<S>(try io.tensor(named: "\(name).\(suffix)", as: Double.self))
            let output = model.output(name, x)
            #expect(output.shape == expected.shape, "\(name)")
            result[name] = output.shape == expected.shape ? maxDifference(output, expected) : .infinity
        }
        return result
    }

    @Test func everyLayerInDoubleMatchesPyTorchTo1e10() throws {
        let model = TorchLayers<Double>()
        let skipped = try model.loadPyTorchStateDict(from: pyTorchFixture("torch_layers_f64.safetensors"),
                                                     keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)
        #expect(skipped == PyTorchIncompatibleKeys(missing: [], unexpected: []))
        for (name, difference) in try differences(model, expected: "output") {
            #expect(difference <= 1e-10, "\(name): \(difference)")
        }
    }

    @Test func everyLayerInFloatMatchesPyTorchTo1e5() throws {
        let model = TorchLayers<Float>()
        try model.loadPyTorchStateDict(from: pyTorchFixture("torch_layers_f32.safetensors"),
                                       keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)
        for (name, difference) in try differences(model, expected: "output32") {
            #expect(difference <= 1e-5, "\(name): \(difference)")
        }
    }

    /// The fixture's inputs and outputs are not all tiny, so a wrong layout would show.
    @Test func randomWeightsDoNotMatch() throws {
        let model = TorchLayers<Double>()
        for (name, difference) in try differences(model, expected: "output") {
            #expect(difference > 1e-3, "\(name): \(difference)")
        }
    }

    @Test func float32WeightsLoadExactlyIntoADoubleModel() throws {
        let url = pyTorchFixture("torch_layers_f32.safetensors")
        let single = TorchLayers<Float>(), double = TorchLayers<Double>()
        try single.loadPyTorchStateDict(from: url, keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)
        try double.loadPyTorchStateDict(from: url, keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)
        for (path, value) in single.state { #expect(Tensor<Double>(value) == double.state[path], "\(path)") }
    }

    @Test func leNetMatchesPyTorchWithItsFlattenedMap() throws {
        let lenetIO = try SafeTensors.read(from: pyTorchFixture("lenet_io.safetensors"))
        let images = try lenetIO.tensor(named: "input", as: Float.self).permuted([0, 2, 3, 1])
        let expected = try lenetIO.tensor(named: "output", as: Float.self)
        let model = LeNet<Float>()
        try model.loadPyTorchStateDict(from: pyTorchFixture("lenet_f32.safetensors"),
                                       flattenedMaps: ["fc1": FlattenedMap(channels: 16, height: 5, width: 5)])
        let scores = withoutGradients { model(images).value }
        #expect(maxDifference(scores, expected) <= 1e-5)

        // Without the map, fc1's columns read the NHWC map as if it were NCHW.
        try model.loadPyTorchStateDict(from: pyTorchFixture("lenet_f32.safetensors"))
        #expect(maxDifference(withoutGradients { model(images).value }, expected) > 1e-3)
    }

    @Test func keysAreNamedByLayerType() {
        let model = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 2, kernel: 3), BatchNorm2D(channels: 2),
                                       GRU(inputSize: 2, hiddenSize: 3), MultiheadAttention(embedDim: 4, heads: 2)])
        #expect(model.pyTorchStateDictShapes.map(\.key) == [
            "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
            "2.weight_ih_l0", "2.weight_hh_l0", "2.bias_ih_l0", "2.bias_hh_l0",
            "3.in_proj_weight", "3.in_proj_bias", "3.out_proj.weight", "3.out_proj.bias",
        ])
        #expect(model.pyTorchStateDictShapes.map(\.shape) == [
            [2, 1, 3, 3], [2], [2], [2], [2], [2], [9, 2], [9, 3], [9], [9], [12, 4], [12], [4, 4], [4],
        ])
    }

    @Test func aTableMapsWholeKeysAndPrefixesBothWays() {
        let mapping: PyTorchKeyMapping = ["features.0": "conv1", "classifier.weight": "fc.weight"]
        #expect(mapping.modelKey(forFile: "features.0.weight") == "conv1.weight")
        #expect(mapping.modelKey(forFile: "features.01.weight") == "features.01.weight")
        #expect(mapping.modelKey(forFile: "classifier.weight") == "fc.weight")
        #expect(mapping.modelKey(forFile: "classifier.bias") == "classifier.bias")
        #expect(mapping.fileKey(forModel: "conv1.bias") == "features.0.bias")
        #expect(mapping.fileKey(forModel: "fc.weight") == "classifier.weight")
    }
}

/// `Sequential.flattenedMaps(inputShape:)` finds the maps its linears take flattened without
/// changing the model.
@Suite struct FlattenedMapInferenceTests {
    @Test func theFixturesSequentialNeedsNoMapByHand() throws {
        let model = TorchLayers<Double>()
        let maps = model.seq.flattenedMaps(inputShape: [1, 8, 8, 1])
        #expect(maps == ["4": FlattenedMap(channels: 2, height: 3, width: 3)])
        try model.loadPyTorchStateDict(from: pyTorchFixture("torch_layers_f64.safetensors"), keyMapping: torchLayersMapping,
                                       flattenedMaps: Dictionary(uniqueKeysWithValues: maps.map { ("seq." + $0.key, $0.value) }))
        let io = try SafeTensors.read(from: pyTorchFixture("torch_layers_io.safetensors"))
        let output = model.output("seq", try io.tensor(named: "seq.input", as: Double.self))
        #expect(maxDifference(output, try io.tensor(named: "seq.output", as: Double.self)) <= 1e-10)
    }

    @Test func mapsReachALinearDirectlyOrThroughOtherLayers() {
        let net = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 3, kernel: 3), BatchNorm2D(channels: 3), Linear(3 * 4 * 4, 5),
                                     ReLU(), Linear(5, 2)])
        let tail = Sequential<Float>([Flatten(), Dropout(probability: 0.5), Linear(12, 2), Linear(2, 2)])
        let onLastAxis = Sequential<Float>([Linear(3, 4)])
        #expect(net.flattenedMaps(inputShape: [2, 6, 6, 1]) == ["2": FlattenedMap(channels: 3, height: 4, width: 4)])
        #expect(tail.flattenedMaps(inputShape: [2, 2, 2, 3]) == ["2": FlattenedMap(channels: 3, height: 2, width: 2)])
        #expect(onLastAxis.flattenedMaps(inputShape: [2, 5, 5, 3]).isEmpty)
    }

    @Test func theModelIsUnchanged() {
        let net = Sequential<Float>([BatchNorm2D(channels: 3), Flatten(), Linear(12, 2)])
        let bn = net.layers[0] as! BatchNorm<Float>
        let before = net.state
        _ = net.flattenedMaps(inputShape: [2, 2, 2, 3])
        #expect(net.state == before && net.isTraining && bn.isTraining)
        net.eval()
        bn.train()
        _ = net.flattenedMaps(inputShape: [2, 2, 2, 3])
        #expect(!net.isTraining && bn.isTraining && net.state == before)
    }
}
