import Foundation
import Testing
@testable import AdjointTraining

/// An optimiser of several parameter groups keeps each group's rate and decay through a
/// checkpoint; a checkpoint from before groups (one rate, no decays) still loads.
@Suite struct CheckpointParameterGroupTests {
    static func model(seed: UInt64) -> Sequential<Float> {
        var rng = SeededGenerator(seed: seed)
        return Sequential<Float>([Linear(3, 5, rng: &rng), LayerNorm(5), Linear(5, 2, rng: &rng)])
    }

    /// SGD with momentum over the model's decay and no-decay groups, after three steps with
    /// rates and decays of its own.
    static func trained() -> (Sequential<Float>, SGD<Float>) {
        let model = model(seed: 1)
        let optimizer = SGD(model.weightDecayGroups(5e-4), learningRate: 0.1, momentum: 0.9)
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Float>.randn([8, 3], using: &rng)
        for _ in 0..<3 {
            optimizer.zeroGrad()
            softmaxCrossEntropy(model(Variable(x)), labels: [0, 1, 0, 1, 1, 0, 0, 1]).backward()
            optimizer.step()
        }
        optimizer.parameterGroups[1].learningRate = 0.02
        optimizer.parameterGroups[0].weightDecay = 1e-3
        return (model, optimizer)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-\(UUID().uuidString).safetensors")
    }

    @Test func eachGroupsSettingsRoundTrip() throws {
        let (model, optimizer) = Self.trained()
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, to: url)
        let file = try SafeTensors.read(from: url)
        #expect(try file.tensor(named: "optimizer/learning_rate", as: Float.self) == Tensor([0.1, 0.02]))
        #expect(try file.tensor(named: "optimizer/weight_decay", as: Float.self) == Tensor([1e-3, 0]))

        let fresh = Self.model(seed: 3)
        let resumed = SGD(fresh.weightDecayGroups(0.5), learningRate: 1, momentum: 0.9)
        try Checkpoint.load(from: url, into: fresh, optimizer: resumed)
        #expect(resumed.state == optimizer.state)
        #expect(fresh.state == model.state)
    }

    /// Without decays, a checkpoint holds what it held before groups (one scalar rate), and
    /// loading it sets the decay to 0.
    @Test func aCheckpointWithoutDecaysHoldsWhatItDidBeforeGroups() throws {
        let model = Self.model(seed: 1)
        let optimizer = Adam(model.parameters, learningRate: 1e-3)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, to: url)
        let file = try SafeTensors.read(from: url)
        #expect(file.names.filter { !$0.hasSuffix(".m") && !$0.hasSuffix(".v") && $0.hasPrefix("optimizer/") } == ["optimizer/learning_rate"])
        #expect(try file.tensor(named: "optimizer/learning_rate", as: Float.self).shape == [])

        let fresh = Self.model(seed: 4)
        let loading = Adam(fresh.parameters, learningRate: 1, weightDecay: 0.03)
        try Checkpoint.load(from: url, into: fresh, optimizer: loading)
        #expect(loading.learningRate == 1e-3 && loading.weightDecay == 0)
    }

    @Test func aCheckpointOfOneGroupIsRefusedByTwo() throws {
        let model = Self.model(seed: 1)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: SGD(model.parameters, learningRate: 0.1), to: url)
        let grouped = SGD(model.weightDecayGroups(5e-4), learningRate: 0.3)
        #expect { try Checkpoint.load(from: url, into: model, optimizer: grouped) } throws: { error in
            print("one group into two: \(error)")
            return error is CheckpointError && "\(error)".contains("optimizer/learning_rate")
        }
        #expect(grouped.parameterGroups.map(\.learningRate) == [0.3, 0.3])
    }
}
