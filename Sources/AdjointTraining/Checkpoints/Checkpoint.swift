import Foundation

/// A whole training state in one safetensors file: the model's parameters and buffers by
/// name, the optimiser's state, and (when given) the trainer's epoch, generator, histories and
/// best parameters, plus the models' dropout generators. Resuming from it continues a run bit
/// for bit.
///
/// Tensor names: parameters and buffers as the model names them (`W1`, `running_mean1`),
/// `optimizer/<parameter>.<slot>`, `optimizer/learning_rate`, `best/<name>`. Everything else is
/// string metadata. NumPy or PyTorch users read the weights with any safetensors reader.
///
/// ```swift
/// try Checkpoint.save(model: net, optimizer: adam, trainer: trainer, to: url)
/// try Checkpoint.load(from: url, into: net, optimizer: adam, trainer: trainer)
/// ```
public enum Checkpoint {
    /// Writes the state atomically (a temporary file renamed over `url`).
    public static func save<S>(model: Module<S>, optimizer: Optimizer<S>? = nil, trainer: Trainer<S>? = nil,
                               metadata extra: [String: String] = [:], to url: URL) throws {
        var tensors: [(name: String, tensor: Tensor<S>)] = model.parameters.map { ($0.name, $0.variable.value) } + model.buffers
        var metadata = extra
        metadata["format"] = "adjoint-checkpoint-1"
        metadata["dtype"] = S.dtypeName
        for (name, source) in model.randomSources { metadata["rng.\(name)"] = encode(source.generator) }
        if let optimizer {
            tensors += optimizer.slots.sorted { $0.key < $1.key }.map { ("optimizer/\($0.key)", $0.value) }
            tensors.append(("optimizer/learning_rate", Tensor(optimizer.learningRate)))
            metadata["optimizer.step"] = String(optimizer.stepCount)
        }
        if let trainer {
            tensors += trainer.bestState.sorted { $0.key < $1.key }.map { ("best/\($0.key)", $0.value) }
            metadata["trainer.epoch"] = String(trainer.epoch)
            metadata["trainer.iteration"] = String(trainer.iteration)
            metadata["trainer.rng"] = encode(trainer.rng)
            metadata["trainer.best_validation_accuracy"] = String(trainer.bestValidationAccuracy)
            metadata["trainer.history"] = String(decoding: try historyEncoder.encode(trainer.history), as: UTF8.self)
        }
        try SafeTensors.write(tensors, metadata: metadata, to: url)
    }

    /// Restores a state written by `save`. Everything is read and checked (names, shapes,
    /// dtypes, metadata) before anything is assigned, so a bad file never half-loads.
    public static func load<S>(from url: URL, into model: Module<S>, optimizer: Optimizer<S>? = nil,
                               trainer: Trainer<S>? = nil) throws {
        let file = try SafeTensors.read(from: url)
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(file: file.path, problem: .malformedHeader(what))
        }
        func metadata(_ key: String) throws -> String {
            guard let value = file.metadata[key] else { throw bad("metadata \"\(key)\" is missing") }
            return value
        }
        func integer(_ key: String) throws -> Int {
            guard let value = Int(try metadata(key)) else { throw bad("metadata \"\(key)\" is not an integer") }
            return value
        }
        func generator(_ key: String) throws -> SeededGenerator {
            guard let value = decode(try metadata(key)) else { throw bad("metadata \"\(key)\" is not a generator state") }
            return value
        }

        let values = try (model.parameters.map { ($0.name, $0.variable.shape) } + model.buffers.map { ($0.name, $0.tensor.shape) })
            .map { name, shape in (name, try file.tensor(named: name, as: S.self, shape: shape)) }
        let generators = try model.randomSources.map { ($0.source, try generator("rng.\($0.name)")) }

        var optimizerState: (slots: [String: Tensor<S>], step: Int, learningRate: S)?
        if let optimizer {
            var slots: [String: Tensor<S>] = [:]
            for (name, _) in file.tensors where name.hasPrefix("optimizer/") && name != "optimizer/learning_rate" {
                let key = String(name.dropFirst("optimizer/".count))
                guard let dot = key.lastIndex(of: "."),
                      let parameter = optimizer.parameters.first(where: { $0.name == key[..<dot] }) else {
                    throw bad("optimizer state \"\(key)\" belongs to no parameter of the optimizer")
                }
                slots[key] = try file.tensor(named: name, as: S.self, shape: parameter.variable.shape)
            }
            let learningRate = try file.tensor(named: "optimizer/learning_rate", as: S.self, shape: []).scalar
            optimizerState = (slots, try integer("optimizer.step"), learningRate)
        }

        var trainerState: (epoch: Int, iteration: Int, rng: SeededGenerator, best: Double, history: Trainer<S>.History,
                           bestState: [String: Tensor<S>])?
        if trainer != nil {
            guard let best = Double(try metadata("trainer.best_validation_accuracy")) else {
                throw bad("metadata \"trainer.best_validation_accuracy\" is not a number")
            }
            guard let history = try? historyDecoder.decode(Trainer<S>.History.self, from: Data(try metadata("trainer.history").utf8)) else {
                throw bad("metadata \"trainer.history\" is not a training history")
            }
            var bestState: [String: Tensor<S>] = [:]
            for (name, shape) in model.parameters.map({ ($0.name, $0.variable.shape) }) + model.buffers.map({ ($0.name, $0.tensor.shape) })
            where file[("best/" + name)] != nil {
                bestState[name] = try file.tensor(named: "best/" + name, as: S.self, shape: shape)
            }
            trainerState = (try integer("trainer.epoch"), try integer("trainer.iteration"), try generator("trainer.rng"),
                            best, history, bestState)
        }

        // Everything checked: assign.
        for (name, value) in values { try model.assign(value, to: name) }
        for (source, state) in generators { source.generator = state }
        if let optimizer, let state = optimizerState {
            optimizer.slots = state.slots
            optimizer.stepCount = state.step
            optimizer.learningRate = state.learningRate
        }
        if let trainer, let state = trainerState {
            trainer.epoch = state.epoch
            trainer.iteration = state.iteration
            trainer.rng = state.rng
            trainer.bestValidationAccuracy = state.best
            trainer.history = state.history
            trainer.bestState = state.bestState
        }
    }

    static func encode(_ generator: SeededGenerator) -> String {
        generator.state.map { String($0) }.joined(separator: ",")
    }

    static func decode(_ text: String) -> SeededGenerator? {
        let words = text.split(separator: ",").compactMap { UInt64($0) }
        guard words.count == 4 else { return nil }
        var generator = SeededGenerator(seed: 0)
        generator.state = words
        return generator
    }
}

/// Histories may hold a diverged (NaN or infinite) loss, which plain JSON cannot.
private var historyEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
}

private var historyDecoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
}
