import Foundation

/// Reads the parts of a checkpoint `Checkpoint.load` restores, each checked, with errors that
/// name the file and the key or tensor.
struct CheckpointReader<S: TensorScalar> {
    let file: SafeTensorsReader

    func bad(_ what: String) -> CheckpointError { CheckpointError(file: file.path, problem: .invalidContent(what)) }

    func metadata(_ key: String) throws -> String {
        guard let value = file.metadata[key] else { throw bad("metadata \"\(key)\" is missing") }
        return value
    }

    func integer(_ key: String) throws -> Int {
        let text = try metadata(key)
        // Bounded, so that counting on from it cannot overflow.
        guard let value = Int(text), (0...Checkpoint.maximumCount).contains(value) else {
            throw bad("metadata \"\(key)\": \(text.debugDescription) is not a count (an integer from 0 to 2^53)")
        }
        return value
    }

    func generator(_ key: String) throws -> SeededGenerator {
        guard let value = Checkpoint.decode(try metadata(key)) else { throw bad("metadata \"\(key)\" is not a generator state") }
        return value
    }

    func finite(_ name: String, shape: [Int]) throws -> Tensor<S> { try Checkpoint.finiteTensor(name, shape: shape, in: file) }

    /// The optimiser's step, groups' learning rates and decays, and slots: every slot of a parameter or none, and
    /// nothing stored for a slot the optimiser does not have.
    func state(of optimizer: Optimizer<S>, in model: Module<S>) throws -> Optimizer<S>.State {
        let paths = try Checkpoint.parameterPaths(of: optimizer, in: model)
        var slots: [[Tensor<S>]] = []
        var expected = Set(["optimizer/learning_rate", "optimizer/weight_decay"])
        for (path, parameter) in zip(paths, optimizer.parameters) {
            let names = optimizer.slotNames.map { "optimizer/\(path).\($0)" }
            expected.formUnion(names)
            let present = names.filter { file.contains($0) }
            guard present.isEmpty || present.count == names.count else {
                throw bad("optimizer state of \"\(path)\" has \(present.joined(separator: ", ")) but not \(names.filter { !file.contains($0) }.joined(separator: ", "))")
            }
            slots.append(try present.map { try finite($0, shape: parameter.shape) })
        }
        if let stray = file.names.first(where: { $0.hasPrefix("optimizer/") && !expected.contains($0) }) {
            throw bad("optimizer state \"\(stray)\" belongs to no slot of a parameter of the optimizer")
        }
        // One setting per group, a scalar for one. No decays is none (checkpoints from before
        // groups had no PyTorch decay either).
        let groups = optimizer.parameterGroups.count, shape = groups == 1 ? [] : [groups]
        let learningRates = try finite("optimizer/learning_rate", shape: shape).scalars
        let weightDecays = file.contains("optimizer/weight_decay")
            ? try finite("optimizer/weight_decay", shape: shape).scalars : Array(repeating: 0, count: groups)
        return .init(stepCount: try integer("optimizer.step"), learningRates: learningRates, weightDecays: weightDecays, slots: slots)
    }

    /// The trainer's counters, history, generator and best parameters; the counters must fit
    /// the history and, given `trainingSamples`, the batches of an epoch.
    func state(of trainer: Trainer<S>, shapes: [String: [Int]], trainingSamples: Int?) throws -> Trainer<S>.State {
        guard let best = Double(try metadata("trainer.best_validation_accuracy")), best >= -1 && best <= 1 else {
            throw bad("metadata \"trainer.best_validation_accuracy\" is not an accuracy")
        }
        guard let history = try? historyDecoder.decode(Trainer<S>.History.self, from: Data(try metadata("trainer.history").utf8)) else {
            throw bad("metadata \"trainer.history\" is not a training history")
        }
        var bestState: [String: Tensor<S>] = [:]
        for (path, shape) in shapes where file.contains("best/" + path) {
            bestState[path] = try finite("best/" + path, shape: shape)
        }
        let (epoch, iteration) = (try integer("trainer.epoch"), try integer("trainer.iteration"))
        try Checkpoint.checkCounters(epoch: epoch, iteration: iteration, history: history,
                                     batchesPerEpoch: trainingSamples.map(trainer.iterationsPerEpoch), file: file.path)
        return .init(epoch: epoch, iteration: iteration, generator: try generator("trainer.rng"), history: history,
                     bestValidationAccuracy: best, bestModelState: bestState)
    }
}
