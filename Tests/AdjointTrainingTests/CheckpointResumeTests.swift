import Foundation
import Testing
@testable import AdjointTraining

/// A whole training state survives a checkpoint: training 2 epochs equals training 1, saving,
/// loading into fresh objects and training 1 more, bit for bit. A checkpoint that does not fit,
/// or holds a bad value, is refused and changes nothing.
@Suite struct CheckpointResumeTests {
    let train: Dataset, validation: Dataset

    init() {
        var rng = SeededGenerator(seed: 11)
        let classes = (0..<4).map(String.init)
        let x = Tensor<Float>.randn([240, 12], using: &rng)
        let y = (0..<240).map { _ in rng.nextInt(below: 4) }
        let xVal = Tensor<Float>.randn([40, 12], using: &rng)
        let yVal = (0..<40).map { _ in rng.nextInt(below: 4) }
        train = Dataset(images: x, labels: y, classNames: classes)
        validation = Dataset(images: xVal, labels: yVal, classNames: classes)
    }

    /// A model with every kind of state: batch-norm buffers, dropout generators, Adam moments.
    /// With `cosine`, the learning rate follows a cosine and a weight decay follows the rate.
    func makeRun(cosine: Bool = false) -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
        let model = FullyConnectedNet<Float>(hiddenSizes: [16, 16], inputSize: 12, classes: 4, dropout: 0.8,
                                             useBatchNorm: true, weightScale: 0.1, seed: 3)
        let optimizer = Adam(model.parameters, learningRate: 1e-2)
        optimizer.decoupledDecay = cosine ? 1e-3 : 0
        let trainer = Trainer(model: model, optimizer: optimizer,
                              configuration: .init(batchSize: 32, schedule: cosine ? .cosine(iterations: 16) : .perEpoch(0.9),
                                                   trainAccuracySamples: 100, seed: 5))
        return (model, optimizer, trainer)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-\(UUID().uuidString).safetensors")
    }

    /// The generator states of a model's dropout layers, by path.
    func generators(_ model: Module<Float>) -> [String: [UInt64]] {
        Dictionary(uniqueKeysWithValues: model.namedRandomSources.map { ($0.path, $0.source.generator.state) })
    }

    @Test(arguments: [false, true])
    func resumingContinuesBitForBit(cosine: Bool) throws {
        let (straight, straightOptimizer, straightTrainer) = makeRun(cosine: cosine)
        try straightTrainer.fit(epochs: 2, train: train, validation: validation)

        let (first, firstOptimizer, firstTrainer) = makeRun(cosine: cosine)
        try firstTrainer.fit(epochs: 1, train: train, validation: validation)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: first, optimizer: firstOptimizer, trainer: firstTrainer, to: url)

        let (resumed, resumedOptimizer, resumedTrainer) = makeRun(cosine: cosine)
        try Checkpoint.load(from: url, into: resumed, optimizer: resumedOptimizer, trainer: resumedTrainer)
        #expect(resumed.state == first.state)
        #expect(resumedOptimizer.state == firstOptimizer.state)
        #expect(resumedTrainer.state == firstTrainer.state)
        #expect(generators(resumed) == generators(first))
        try resumedTrainer.fit(epochs: 1, train: train, validation: validation)

        for ((path, a), (_, b)) in zip(straight.namedParameters, resumed.namedParameters) {
            #expect(a.value.scalars == b.value.scalars, "parameter \(path) differs after resuming")
        }
        for ((path, a), (_, b)) in zip(straight.namedBuffers, resumed.namedBuffers) {
            #expect(a.value.scalars == b.value.scalars, "buffer \(path) differs after resuming")
        }
        #expect(generators(straight) == generators(resumed))
        #expect(straightOptimizer.state == resumedOptimizer.state)
        #expect(straightTrainer.history == resumedTrainer.history)
        #expect(straightTrainer.state == resumedTrainer.state)
        #expect(straightTrainer.epoch == 2 && resumedTrainer.epoch == 2)
        #expect(straightOptimizer.decoupledDecay == resumedOptimizer.decoupledDecay)
    }

    @Test func tensorsAreNamedByPath() throws {
        let (model, optimizer, trainer) = makeRun()
        try trainer.fit(epochs: 1, train: train, validation: validation)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, metadata: ["note": "first epoch"], to: url)
        let file = try SafeTensors.read(from: url)
        let paths = model.namedParameters.map(\.path) + model.namedBuffers.map(\.path)
        let slots = model.namedParameters.flatMap { p in ["m", "v"].map { "optimizer/\(p.path).\($0)" } }
        let best = paths.map { "best/" + $0 }
        #expect(Set(file.names) == Set(paths + slots + ["optimizer/learning_rate"] + best))
        #expect(file.metadata["format"] == Checkpoint.format && Checkpoint.format == "adjoint-checkpoint-2")
        #expect(file.metadata["note"] == "first epoch")
        #expect(file.metadata["optimizer.step"] == "8" && file.metadata["trainer.epoch"] == "1")
        #expect(file.metadata["rng.layers.3.random"] != nil && file.metadata["rng.layers.7.random"] != nil)
        #expect(try file.tensor(named: "layers.0.weight", as: Float.self) == model.state["layers.0.weight"])
        #expect(try file.tensor(named: "optimizer/learning_rate", as: Float.self).scalar == optimizer.learningRate)
        // A model alone: only its own tensors.
        try Checkpoint.save(model: model, to: url)
        #expect(Set(try SafeTensors.read(from: url).names) == Set(paths))
    }

    @Test func aMismatchedCheckpointLoadsNothing() throws {
        let (model, optimizer, trainer) = makeRun()
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, to: url)

        // A model with a different hidden size: the first layer's tensors have the wrong shape
        // (they are checked in path order, so the bias is named first).
        let other = FullyConnectedNet<Float>(hiddenSizes: [8, 16], inputSize: 12, classes: 4, useBatchNorm: true, seed: 9)
        let before = other.state
        let error = #expect(throws: CheckpointError.self) { try Checkpoint.load(from: url, into: other) }
        #expect(error?.problem == .format(.shapeMismatch(tensor: "layers.0.bias", expected: [8], found: [16])))
        #expect(error?.description.contains("layers.0.bias") == true && error?.description.contains("[8]") == true)
        #expect(other.state == before, "a failed load changed the model")

        // A Double model reading Float tensors: a dtype error, not a conversion.
        let double = FullyConnectedNet<Double>(hiddenSizes: [16, 16], inputSize: 12, classes: 4, useBatchNorm: true, seed: 3)
        #expect { try Checkpoint.load(from: url, into: double) } throws: { "\($0)".contains("F32") }

        // A truncated file.
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
        #expect { try Checkpoint.load(from: url, into: model) } throws: { $0 is CheckpointError }
    }

    /// A valid checkpoint rewritten with one thing changed, for the refusal tests.
    enum Damage: String, CaseIterable {
        case nonFiniteParameter, nonFiniteBuffer, nonFiniteSlot, nonFiniteBest, nonFiniteLearningRate
        case missingSlot, straySlot, unknownFormat, missingFormat
        case zeroTrainerGenerator, zeroDropoutGenerator
        case negativeEpoch, negativeIteration, negativeStep, badAccuracy

        /// What the refusal's message must name.
        var mention: String {
            switch self {
            case .nonFiniteParameter: "layers.4.weight"
            case .nonFiniteBuffer: "layers.1.runningVariance"
            case .nonFiniteSlot: "optimizer/layers.0.bias.v"
            case .nonFiniteBest: "best/layers.8.bias"
            case .nonFiniteLearningRate: "optimizer/learning_rate"
            case .missingSlot: "optimizer/layers.4.weight.v"
            case .straySlot: "optimizer/layers.4.weight.velocity"
            case .unknownFormat: "adjoint-checkpoint-1"
            case .missingFormat: "\"format\""
            case .zeroTrainerGenerator: "trainer.rng"
            case .zeroDropoutGenerator: "rng.layers.7.random"
            case .negativeEpoch: "trainer.epoch"
            case .negativeIteration: "trainer.iteration"
            case .negativeStep: "optimizer.step"
            case .badAccuracy: "trainer.best_validation_accuracy"
            }
        }

        func apply(_ tensors: inout [(name: String, tensor: StoredTensor)], _ metadata: inout [String: String]) {
            func poison(_ name: String) {
                let i = tensors.firstIndex { $0.name == name }!
                guard case var .float(t) = tensors[i].tensor else { fatalError("\(name) is not F32") }
                t.withUnsafeMutableBufferPointer { $0[$0.count - 1] = .nan }
                tensors[i].tensor = .float(t)
            }
            switch self {
            case .nonFiniteParameter: poison("layers.4.weight")
            case .nonFiniteBuffer: poison("layers.1.runningVariance")
            case .nonFiniteSlot: poison("optimizer/layers.0.bias.v")
            case .nonFiniteBest: poison("best/layers.8.bias")
            case .nonFiniteLearningRate: tensors[tensors.firstIndex { $0.name == "optimizer/learning_rate" }!].tensor = .float(Tensor(.infinity))
            case .missingSlot: tensors.removeAll { $0.name == "optimizer/layers.4.weight.v" }
            case .straySlot: tensors.append(("optimizer/layers.4.weight.velocity", .float(.zeros([16, 16]))))
            case .unknownFormat: metadata["format"] = "adjoint-checkpoint-1"
            case .missingFormat: metadata["format"] = nil
            case .zeroTrainerGenerator: metadata["trainer.rng"] = "0,0,0,0"
            case .zeroDropoutGenerator: metadata["rng.layers.7.random"] = "0,0,0,0"
            case .negativeEpoch: metadata["trainer.epoch"] = "-1"
            case .negativeIteration: metadata["trainer.iteration"] = "-8"
            case .negativeStep: metadata["optimizer.step"] = "-1"
            case .badAccuracy: metadata["trainer.best_validation_accuracy"] = "nan"
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedCheckpointIsRefusedAndChangesNothing(damage: Damage) throws {
        let (trained, trainedOptimizer, trainedTrainer) = makeRun()
        try trainedTrainer.fit(epochs: 1, train: train, validation: validation)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: trained, optimizer: trainedOptimizer, trainer: trainedTrainer, to: url)
        let file = try SafeTensors.read(from: url)
        var tensors = file.tensors, metadata = file.metadata
        damage.apply(&tensors, &metadata)
        try SafeTensors.write(tensors, metadata: metadata, to: url)

        // A fresh run, trained differently so that any part of the checkpoint loaded would show.
        let (model, optimizer, trainer) = makeRun()
        try trainer.fit(epochs: 1, train: validation, validation: validation)
        let before = (model.state, optimizer.state, trainer.state, generators(model))
        #expect(before.0 != trained.state && before.3 != generators(trained))
        #expect { try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer) } throws: { error in
            print("\(damage): \(error)")
            return error is CheckpointError && "\(error)".contains(damage.mention)
        }
        #expect(model.state == before.0)
        #expect(optimizer.state == before.1)
        #expect(trainer.state == before.2)
        #expect(generators(model) == before.3)

        // The undamaged file loads.
        try Checkpoint.save(model: trained, optimizer: trainedOptimizer, trainer: trainedTrainer, to: url)
        try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer)
        #expect(model.state == trained.state && trainer.state == trainedTrainer.state)
    }
}
