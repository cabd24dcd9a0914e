import Foundation
import Testing
@testable import AdjointTraining

/// A model trained by the Trainer with its first layer frozen: that layer's bytes do not move,
/// the checkpoint still holds it (the same tensors as unfrozen), Adam keeps and saves no
/// moments for it, the other layer trains, and the checkpoint loads back.
@Suite struct FrozenLayerCheckpointTests {
    let train: Dataset, validation: Dataset

    init() {
        var rng = SeededGenerator(seed: 41)
        let classes = (0..<4).map(String.init)
        train = Dataset(images: Tensor<Float>.randn([96, 12], using: &rng),
                        labels: (0..<96).map { _ in rng.nextInt(below: 4) }, classNames: classes)
        validation = Dataset(images: Tensor<Float>.randn([32, 12], using: &rng),
                             labels: (0..<32).map { _ in rng.nextInt(below: 4) }, classNames: classes)
    }

    static func model(seed: UInt64) -> Sequential<Float> {
        var rng = SeededGenerator(seed: seed)
        return Sequential([Linear(12, 16, rng: &rng), ReLU(), Linear(16, 4, rng: &rng)])
    }

    static func bits(_ tensor: Tensor<Float>) -> [UInt32] { tensor.scalars.map(\.bitPattern) }

    @Test func aFrozenLayerIsSavedUntrainedAndWithoutOptimizerState() throws {
        let model = Self.model(seed: 42)
        let unfrozenPaths = Set(model.state.keys)
        model.freeze(paths: ["layers.0"])
        #expect(Set(model.state.keys) == unfrozenPaths)
        let before = model.state
        let adam = Adam(model.parameters, learningRate: 1e-2)
        let trainer = Trainer(model: model, optimizer: adam,
                              configuration: .init(batchSize: 16, trainAccuracySamples: 32, restoreBest: false, seed: 7))
        try trainer.fit(epochs: 2, train: train, validation: validation)

        for path in ["layers.0.weight", "layers.0.bias"] { #expect(Self.bits(model.state[path]!) == Self.bits(before[path]!)) }
        for path in ["layers.2.weight", "layers.2.bias"] { #expect(model.state[path]! != before[path]!) }
        #expect(adam.stepCount == 12 && adam.state.slots.map(\.isEmpty) == [true, true, false, false])

        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("frozen.safetensors")
        try Checkpoint.save(model: model, optimizer: adam, trainer: trainer, to: url)
        let file = try SafeTensors.open(url)
        let names = Set(file.names)
        #expect(unfrozenPaths.isSubset(of: names))
        #expect(!names.contains { $0.hasPrefix("optimizer/layers.0.") })
        #expect(names.isSuperset(of: ["optimizer/layers.2.weight.m", "optimizer/layers.2.weight.v", "optimizer/layers.2.bias.m"]))
        let saved = try file.tensor(named: "layers.0.weight", as: Float.self, shape: [12, 16])
        #expect(Self.bits(saved) == Self.bits(before["layers.0.weight"]!))

        let copy = Self.model(seed: 43)
        copy.freeze(paths: ["layers.0"])
        let copyAdam = Adam(copy.parameters, learningRate: 1e-2)
        try Checkpoint.load(from: url, into: copy, optimizer: copyAdam)
        #expect(copy.state == model.state)
        #expect(copyAdam.state == adam.state)
    }
}
