import Foundation
import Testing
@testable import AdjointNN

/// A whole training state survives a checkpoint: training 2 epochs equals training 1, saving,
/// loading into fresh objects and training 1 more, bit for bit.
@Suite struct CheckpointResumeTests {
    let x: Tensor<Float>, y: [Int], xVal: Tensor<Float>, yVal: [Int]

    init() {
        var rng = SeededGenerator(seed: 11)
        x = .randn([240, 12], using: &rng)
        y = (0..<240).map { _ in rng.nextInt(below: 4) }
        xVal = .randn([40, 12], using: &rng)
        yVal = (0..<40).map { _ in rng.nextInt(below: 4) }
    }

    /// A model with every kind of state: batch-norm buffers, dropout generators, Adam moments.
    func makeRun() throws -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
        let model = try FullyConnectedNet<Float>(hiddenSizes: [16, 16], inputSize: 12, classes: 4, dropout: 0.8,
                                                 useBatchNorm: true, weightScale: 0.1, seed: 3)
        let optimizer = Adam(model.parameters, learningRate: 1e-2)
        let trainer = Trainer(model: model, optimizer: optimizer,
                              configuration: .init(batchSize: 32, schedule: .perEpoch(0.9), trainAccuracySamples: 100, seed: 5))
        return (model, optimizer, trainer)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-\(UUID().uuidString).safetensors")
    }

    @Test func resumingContinuesBitForBit() throws {
        let (straight, _, straightTrainer) = try makeRun()
        straightTrainer.fit(epochs: 2, train: (x, y), validation: (xVal, yVal))

        let (first, firstOptimizer, firstTrainer) = try makeRun()
        firstTrainer.fit(epochs: 1, train: (x, y), validation: (xVal, yVal))
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: first, optimizer: firstOptimizer, trainer: firstTrainer, to: url)

        let (resumed, resumedOptimizer, resumedTrainer) = try makeRun()
        try Checkpoint.load(from: url, into: resumed, optimizer: resumedOptimizer, trainer: resumedTrainer)
        resumedTrainer.fit(epochs: 1, train: (x, y), validation: (xVal, yVal))

        for ((name, a), (_, b)) in zip(straight.parameters, resumed.parameters) {
            #expect(a.value.scalars == b.value.scalars, "parameter \(name) differs after resuming")
        }
        for ((name, a), (_, b)) in zip(straight.buffers, resumed.buffers) {
            #expect(a.scalars == b.scalars, "buffer \(name) differs after resuming")
        }
        #expect(straightTrainer.history == resumedTrainer.history)
        #expect(straightTrainer.epoch == 2 && resumedTrainer.epoch == 2)
    }

    @Test func aMismatchedCheckpointLoadsNothing() throws {
        let (model, optimizer, trainer) = try makeRun()
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, to: url)

        // A model with a different hidden size: W1 has the wrong shape.
        let other = try FullyConnectedNet<Float>(hiddenSizes: [8, 16], inputSize: 12, classes: 4, useBatchNorm: true, seed: 9)
        let before = other.parameters.map(\.variable.value)
        #expect {
            try Checkpoint.load(from: url, into: other)
        } throws: { error in
            "\(error)".contains("W1") && "\(error)".contains("[12, 8]")
        }
        #expect(other.parameters.map(\.variable.value) == before, "a failed load changed the model")

        // A Double model reading Float tensors: a dtype error, not a conversion.
        let double = try FullyConnectedNet<Double>(hiddenSizes: [16, 16], inputSize: 12, classes: 4, useBatchNorm: true, seed: 3)
        #expect { try Checkpoint.load(from: url, into: double) } throws: { "\($0)".contains("F32") }

        // A truncated file.
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
        #expect { try Checkpoint.load(from: url, into: model) } throws: { $0 is CheckpointError }
    }
}
