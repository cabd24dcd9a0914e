import Foundation

/// A whole training state in one safetensors file: the model's parameters and buffers by path,
/// the optimiser's state, and (when given) the trainer's state, plus the model's random
/// generators. Resuming from it continues a run bit for bit.
///
/// Tensor names: parameters and buffers by path (`layers.0.weight`, `layers.1.runningMean`),
/// `optimizer/<path>.<slot>` (`optimizer/layers.0.weight.m`), `optimizer/learning_rate`,
/// `best/<path>`. Everything else is string metadata, with the CRC-32 of every tensor and of
/// the metadata under `checksums` (see ``SafeTensors/write(_:metadata:checksums:to:)``).
/// NumPy or PyTorch users read the weights with any safetensors reader. The file is written
/// atomically; reading takes only the tensors asked for, one at a time, and checks everything
/// before anything changes, so a bad file never half-loads.
///
/// ```swift
/// try Checkpoint.save(model: net, optimizer: adam, trainer: trainer, to: url)
/// try Checkpoint.load(from: url, into: net, optimizer: adam, trainer: trainer)
/// ```
public enum Checkpoint {
    /// The format tag written into every checkpoint's metadata.
    ///
    /// ```swift
    /// let isCheckpoint = try SafeTensors.open(url).metadata["format"] == Checkpoint.format
    /// ```
    public static let format = "adjoint-checkpoint-2"

    /// Writes the state atomically (a temporary file renamed over `url`).
    ///
    /// ```swift
    /// try Checkpoint.save(model: net, to: URL(fileURLWithPath: "net.safetensors"))
    /// ```
    public static func save<S>(model: Module<S>, optimizer: Optimizer<S>? = nil, trainer: Trainer<S>? = nil,
                               metadata extra: [String: String] = [:], to url: URL) throws {
        var tensors: [(name: String, tensor: Tensor<S>)] = model.namedParameters.map { ($0.path, $0.variable.value) }
            + model.namedBuffers.map { ($0.path, $0.buffer.value) }
        var metadata = extra
        metadata["format"] = format
        metadata["dtype"] = S.dtypeName
        for (path, source) in model.namedRandomSources { metadata["rng.\(path)"] = encode(source.generator) }
        if let optimizer {
            let paths = try parameterPaths(of: optimizer, in: model)
            let state = optimizer.state
            for (path, slots) in zip(paths, state.slots) where !slots.isEmpty {
                tensors += zip(optimizer.slotNames, slots).map { ("optimizer/\(path).\($0)", $1) }
            }
            tensors.append(("optimizer/learning_rate", Tensor(state.learningRate)))
            metadata["optimizer.step"] = String(state.stepCount)
        }
        if let trainer {
            let state = trainer.state
            tensors += state.bestModelState.sorted { $0.key < $1.key }.map { ("best/\($0.key)", $0.value) }
            metadata["trainer.epoch"] = String(state.epoch)
            metadata["trainer.iteration"] = String(state.iteration)
            metadata["trainer.rng"] = encode(state.generator)
            metadata["trainer.best_validation_accuracy"] = String(state.bestValidationAccuracy)
            metadata["trainer.history"] = String(decoding: try historyEncoder.encode(state.history), as: UTF8.self)
        }
        try SafeTensors.write(tensors, metadata: metadata, checksums: true, to: url)
    }

    /// Restores a state written by `save`. Names, shapes, dtypes, checksums, finiteness and
    /// metadata are all checked, and if anything is wrong nothing is changed. The trainer's
    /// counters must agree with its history and, given the `trainingSamples` the run will
    /// continue on, with that many batches per epoch.
    ///
    /// ```swift
    /// try Checkpoint.load(from: url, into: net, optimizer: adam, trainer: trainer, trainingSamples: splits.train.count)
    /// ```
    public static func load<S>(from url: URL, into model: Module<S>, optimizer: Optimizer<S>? = nil,
                               trainer: Trainer<S>? = nil, trainingSamples: Int? = nil) throws {
        let file = try SafeTensors.open(url)
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(file: file.path, problem: .invalidContent(what))
        }
        func metadata(_ key: String) throws -> String {
            guard let value = file.metadata[key] else { throw bad("metadata \"\(key)\" is missing") }
            return value
        }
        func integer(_ key: String) throws -> Int {
            let text = try metadata(key)
            // Bounded, so that counting on from it cannot overflow.
            guard let value = Int(text), (0...maximumCount).contains(value) else {
                throw bad("metadata \"\(key)\": \(text.debugDescription) is not a count (an integer from 0 to 2^53)")
            }
            return value
        }
        func generator(_ key: String) throws -> SeededGenerator {
            guard let value = decode(try metadata(key)) else { throw bad("metadata \"\(key)\" is not a generator state") }
            return value
        }
        func finite(_ name: String, shape: [Int]) throws -> Tensor<S> { try finiteTensor(name, shape: shape, in: file) }
        let tag = try metadata("format")
        guard tag == format else { throw bad("format \"\(tag)\" is not \(format)") }

        let shapes = model.state.mapValues(\.shape)
        var values: [String: Tensor<S>] = [:]
        for (path, shape) in shapes.sorted(by: { $0.key < $1.key }) { values[path] = try finite(path, shape: shape) }
        let generators = try model.namedRandomSources.map { ($0.source, try generator("rng.\($0.path)")) }

        var optimizerState: Optimizer<S>.State?
        if let optimizer {
            let paths = try parameterPaths(of: optimizer, in: model)
            var slots: [[Tensor<S>]] = []
            var expected = Set(["optimizer/learning_rate"])
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
            let learningRate = try finite("optimizer/learning_rate", shape: []).scalar
            optimizerState = .init(stepCount: try integer("optimizer.step"), learningRate: learningRate, slots: slots)
        }

        var trainerState: Trainer<S>.State?
        if let trainer {
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
            try checkCounters(epoch: epoch, iteration: iteration, history: history,
                              batchesPerEpoch: trainingSamples.map(trainer.iterationsPerEpoch), file: file.path)
            trainerState = .init(epoch: epoch, iteration: iteration,
                                 generator: try generator("trainer.rng"), history: history,
                                 bestValidationAccuracy: best, bestModelState: bestState)
        }

        // Everything read: assign, putting the previous states back if any part refuses.
        let previous = (model.state, optimizer?.state, trainer?.state)
        do {
            try model.load(values)
            if let optimizer, let optimizerState { try optimizer.restore(optimizerState) }
            if let trainer, let trainerState { try trainer.restore(trainerState) }
        } catch {
            try? model.load(previous.0)
            if let optimizer, let state = previous.1 { try? optimizer.restore(state) }
            if let trainer, let state = previous.2 { try? trainer.restore(state) }
            throw CheckpointError(file: file.path, problem: .invalidContent("\(error)"))
        }
        for (source, state) in generators { source.generator = state }
    }

    /// Loads only the model's parameters and buffers from a checkpoint, from `best/<path>` when
    /// `preferringBest` and the checkpoint has them all, else from `<path>`. Returns whether
    /// the best ones were used. Non-finite values and missing or misshapen tensors are refused.
    ///
    /// ```swift
    /// let best = try Checkpoint.loadWeights(from: url, into: net, preferringBest: true)
    /// ```
    @discardableResult
    public static func loadWeights<S>(from url: URL, into model: Module<S>, preferringBest: Bool = false) throws -> Bool {
        let file = try SafeTensors.open(url)
        let shapes = model.state.mapValues(\.shape)
        let best = preferringBest && shapes.keys.allSatisfy { file.contains("best/" + $0) }
        var values: [String: Tensor<S>] = [:]
        for (path, shape) in shapes.sorted(by: { $0.key < $1.key }) {
            values[path] = try finiteTensor(best ? "best/" + path : path, shape: shape, in: file)
        }
        try model.load(values)
        return best
    }

    /// The tensor `name` of `file` in the scalar type and shape asked for, refused when it holds
    /// a value no run can produce (NaN or infinity).
    static func finiteTensor<S: TensorScalar>(_ name: String, shape: [Int], in file: SafeTensorsReader) throws -> Tensor<S> {
        let tensor = try file.tensor(named: name, as: S.self, shape: shape)
        if let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointError(file: file.path, problem: .invalidContent("tensor \"\(name)\" holds a non-finite value (\(tensor.scalars[bad])) at element \(bad)"))
        }
        return tensor
    }

    /// The largest step or epoch count accepted: exact as a Double, and more than any run takes.
    static let maximumCount = 1 << 53

    /// The path of each of the optimiser's parameters in `model`.
    static func parameterPaths<S>(of optimizer: Optimizer<S>, in model: Module<S>) throws -> [String] {
        let paths = Dictionary(model.namedParameters.map { (ObjectIdentifier($0.variable), $0.path) }) { first, _ in first }
        return try optimizer.parameters.enumerated().map { i, parameter in
            guard let path = paths[ObjectIdentifier(parameter)] else {
                throw CheckpointError(file: "(optimizer)", problem: .invalidContent("the optimizer's parameter \(i) (shape \(parameter.shape)) is not a parameter of the model"))
            }
            return path
        }
    }

    static func encode(_ generator: SeededGenerator) -> String {
        generator.state.map { String($0) }.joined(separator: ",")
    }

    static func decode(_ text: String) -> SeededGenerator? {
        let words = text.split(separator: ",", omittingEmptySubsequences: false).compactMap { UInt64($0) }
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        var generator = SeededGenerator(seed: 0)
        generator.state = words
        return generator
    }
}

/// Histories may hold a diverged (NaN or infinite) loss, which plain JSON cannot.
private var historyEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
}

private var historyDecoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
}
