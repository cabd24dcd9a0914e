import Foundation
import Testing
@testable import AdjointTraining

/// What `savePyTorchStateDict` writes is PyTorch's state_dict: its keys, shapes, layouts and
/// values, which load back into a fresh model unchanged.
@Suite struct PyTorchWeightsRoundTripTests {
    @Test func savedFileIsTheStateDictPyTorchWrote() throws {
        let fixture = pyTorchFixture("torch_layers_f64.safetensors")
        let model = TorchLayers<Double>()
        try model.loadPyTorchStateDict(from: fixture, keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)
        let url = try makeTemporaryDirectory().appendingPathComponent("saved.safetensors")
        try model.savePyTorchStateDict(to: url, keyMapping: torchLayersMapping, flattenedMaps: torchLayersFlattened)

        let pyTorch = try SafeTensors.openWidening(fixture), saved = try SafeTensors.read(from: url)
        // PyTorch reads a BatchNorm without num_batches_tracked as a file from before it had one.
        #expect(Set(saved.names) == Set(pyTorch.names.filter { !$0.hasSuffix("num_batches_tracked") }))
        for name in saved.names {
            let value = try saved.tensor(named: name, as: Double.self)
            #expect(value == (try pyTorch.widenedTensor(named: name)), "\(name)")
        }
        #expect(saved.metadata == ["format": "pt"])
    }

    @Test func savedFileLoadsIntoAFreshModelUnchanged() throws {
        var rng = SeededGenerator(seed: 5)
        let model = TorchLayers<Float>()
        // Running statistics other than zero, so the buffers' round trip shows.
        for buffer in model.namedBuffers.map(\.buffer) { buffer.value = .randn(buffer.value.shape, using: &rng) }
        let url = try makeTemporaryDirectory().appendingPathComponent("saved.safetensors")
        try model.savePyTorchStateDict(to: url, flattenedMaps: torchLayersFlattened)
        let fresh = TorchLayers<Float>()
        #expect(fresh.state != model.state)
        try fresh.loadPyTorchStateDict(from: url, flattenedMaps: torchLayersFlattened)
        #expect(fresh.state == model.state)
    }

    @Test func sixteenBitFloatsLoadExactly() throws {
        // F16: 1.5, -2, 65504 (the largest), 2^-24 (the smallest subnormal); BF16: 1.5, -2, 3.25, 2^-126.
        let half: [UInt16] = [0x3E00, 0xC000, 0x7BFF, 0x0001], brain: [UInt16] = [0x3FC0, 0xC000, 0x4050, 0x0080]
        let bytes = { (bits: [UInt16]) in bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        let url = try makeTemporaryDirectory().appendingPathComponent("half.safetensors")
        try writeRawSafeTensors([("0.weight", "F16", [2, 2], bytes(half)), ("0.bias", "BF16", [2], bytes(Array(brain.prefix(2)))),
                                 ("1.weight", "BF16", [2, 2], bytes(brain)), ("1.bias", "F16", [2], bytes(Array(half.prefix(2))))],
                                to: url)
        let model = Sequential<Float>([Linear(2, 2), Linear(2, 2)])
        try model.loadPyTorchStateDict(from: url)
        let first = model.layers[0] as! Linear<Float>, second = model.layers[1] as! Linear<Float>
        // PyTorch's (out, in) rows are Adjoint's columns.
        #expect(first.weight.value.scalars == [1.5, 65504, -2, 0x1p-24])
        #expect(second.weight.value.scalars == [1.5, 3.25, -2, 0x1p-126])
        #expect(first.bias.value.scalars == [1.5, -2] && second.bias.value.scalars == [1.5, -2])
    }
}
