import Foundation

/// A whole training state in one safetensors file: the model's parameters and buffers by path,
/// the optimiser's state, and (when given) the trainer's state, plus the model's random
/// generators. Resuming from it continues a run bit for bit.
///
/// Tensor names: parameters and buffers by path (`layers.0.weight`, `layers.1.runningMean`),
/// `optimizer/<path>.<slot>` (`optimizer/layers.0.weight.m`), `optimizer/learning_rate` and
/// `optimizer/weight_decay` (scalars, or one per parameter group when there are several; no
/// decay when all are 0),
/// `best/<path>`. Everything else is string metadata, with the CRC-32 of every tensor and of
/// the metadata under `checksums` (see `SafeTensors.write(_:metadata:checksums:to:)` in AdjointData),
/// a scheduler's state as JSON under `scheduler.state`, and the caller's metadata: strings as
/// themselves, other values as JSON text whose keys `metadata.typed` lists (Checkpoint+Metadata.swift).
/// NumPy or PyTorch users read the weights with any safetensors reader. The file is written
/// atomically; reading takes only the tensors asked for, one at a time, and checks everything
/// before anything changes, so a bad file never half-loads.
///
/// ```swift
/// try Checkpoint.save(model: net, optimizer: opt, trainer: trainer, to: url)
/// try Checkpoint.load(from: url, into: net, optimizer: opt, trainer: trainer)
/// ```
public enum Checkpoint {
    /// The format tag written into every checkpoint's metadata.
    ///
    /// ```swift
    /// let isCheckpoint = try SafeTensors.open(url).metadata["format"] == Checkpoint.format
    /// ```
    public static let format = "adjoint-checkpoint-2"

    /// Writes the state atomically (a temporary file renamed over `url`), with the state of
    /// `scheduler` (or else the trainer's scheduler) and the caller's typed `metadata`.
    ///
    /// ```swift
    /// try Checkpoint.save(model: net, to: URL(fileURLWithPath: "net.safetensors"))
    /// ```
    public static func save<S>(model: Module<S>, optimizer: Optimizer<S>? = nil, trainer: Trainer<S>? = nil,
                               scheduler: LearningRateScheduler<S>? = nil,
                               metadata extra: [String: MetadataValue] = [:], to url: URL) throws {
        var tensors: [(name: String, tensor: Tensor<S>)] = model.namedParameters.map { ($0.path, $0.variable.value) }
            + model.namedBuffers.map { ($0.path, $0.buffer.value) }
        var metadata = try headerEntries(of: extra, file: url.path)
        if let scheduler = scheduler ?? trainer?.scheduler { metadata[schedulerKey] = try encode(scheduler.state) }
        metadata["format"] = format
        metadata["dtype"] = S.dtypeName
        for (path, source) in model.namedRandomSources { metadata["rng.\(path)"] = encode(source.generator) }
        if let optimizer {
            let paths = try parameterPaths(of: optimizer, in: model)
            let state = optimizer.state
            for (path, slots) in zip(paths, state.slots) where !slots.isEmpty {
                tensors += zip(optimizer.slotNames, slots).map { ("optimizer/\(path).\($0)", $1) }
            }
            tensors.append(("optimizer/learning_rate", perGroup(state.learningRates)))
            // Absent when all are 0, so checkpoints without decay keep the bytes they had before groups.
            if state.weightDecays.contains(where: { $0 != 0 }) {
                tensors.append(("optimizer/weight_decay", perGroup(state.weightDecays)))
            }
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
        try CheckpointError.passingOn { try SafeTensors.write(tensors, metadata: metadata, checksums: true, to: url) }
    }

    /// Restores a state written by `save`, the scheduler's (`scheduler`, or else the trainer's)
    /// too, and returns the caller's metadata as written. Names, shapes, dtypes, checksums,
    /// finiteness and metadata are all checked, and if anything is wrong nothing is changed.
    /// The trainer's counters must agree with its history and, given the `trainingSamples` the
    /// run will continue on, with that many batches per epoch.
    ///
    /// ```swift
    /// try Checkpoint.load(from: url, into: net, optimizer: opt, trainer: trainer, trainingSamples: splits.train.count)
    /// ```
    @discardableResult
    public static func load<S>(from url: URL, into model: Module<S>, optimizer: Optimizer<S>? = nil,
                               trainer: Trainer<S>? = nil, scheduler: LearningRateScheduler<S>? = nil,
                               trainingSamples: Int? = nil) throws -> [String: MetadataValue] {
        let reader = CheckpointReader<S>(file: try CheckpointError.passingOn { try SafeTensors.open(url) })
        let tag = try reader.metadata("format")
        guard tag == format else { throw reader.bad("format \"\(tag)\" is not \(format)") }
        let shapes = model.state.mapValues(\.shape)
        var values: [String: Tensor<S>] = [:]
        for (path, shape) in shapes.sorted(by: { $0.key < $1.key }) { values[path] = try reader.finite(path, shape: shape) }
        let generators = try model.namedRandomSources.map { ($0.source, try reader.generator("rng.\($0.path)")) }
        let optimizerState = try optimizer.map { try reader.state(of: $0, in: model) }
        let trainerState = try trainer.map { try reader.state(of: $0, shapes: shapes, trainingSamples: trainingSamples) }
        let scheduler = scheduler ?? trainer?.scheduler
        let schedulerState = try scheduler.map { _ in try reader.schedulerState() }
        let file = reader.file
        let userMetadata = try userMetadata(file.metadata, file: file.path)

        // Everything read: assign, putting the previous states back if any part refuses.
        let previous = (model.state, optimizer?.state, trainer?.state, scheduler?.state)
        do {
            try model.load(values)
            if let optimizer, let optimizerState { try optimizer.restore(optimizerState) }
            if let trainer, let trainerState { try trainer.restore(trainerState) }
            if let scheduler, let schedulerState { try scheduler.restore(schedulerState) }
        } catch {
            try? model.load(previous.0)
            if let optimizer, let state = previous.1 { try? optimizer.restore(state) }
            if let trainer, let state = previous.2 { try? trainer.restore(state) }
            if let scheduler, let state = previous.3 { try? scheduler.restore(state) }
            throw CheckpointError(file: file.path, problem: .invalidContent("\(error)"))
        }
        for (source, state) in generators { source.generator = state }
        return userMetadata
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
        let file = try CheckpointError.passingOn { try SafeTensors.open(url) }
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
        let tensor = try CheckpointError.passingOn { try file.tensor(named: name, as: S.self, shape: shape) }
        if let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointError(file: file.path, problem: .invalidContent("tensor \"\(name)\" holds a non-finite value (\(tensor.scalars[bad])) at element \(bad)"))
        }
        return tensor
    }

    /// The largest step or epoch count accepted: exact as a Double, and more than any run takes.
    static let maximumCount = 1 << 53

    /// One setting per parameter group: a scalar for one group, as before there were groups.
    static func perGroup<S>(_ values: [S]) -> Tensor<S> {
        values.count == 1 ? Tensor(values[0]) : Tensor(values)
    }

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
var historyEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
}

var historyDecoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
}
