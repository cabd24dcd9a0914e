import Foundation

extension Checkpoint {
    /// The key listing, as a JSON array, the metadata keys whose values are JSON text (every
    /// value that is not a string).
    static let typedKeysKey = "metadata.typed"

    /// Whether `key` is one the checkpoint writes itself, which the caller's metadata may not use.
    static func isReserved(_ key: String) -> Bool {
        ["format", "dtype", "checksums"].contains(key)
            || ["rng.", "optimizer.", "trainer.", "scheduler.", "metadata."].contains { key.hasPrefix($0) }
    }

    /// The header entries of the caller's metadata: strings as themselves, other values as JSON
    /// text listed under `typedKeysKey`. Refuses keys the checkpoint writes itself.
    static func headerEntries(of metadata: [String: MetadataValue], file: String) throws -> [String: String] {
        var entries: [String: String] = [:]
        var typed: [MetadataValue] = []
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard !isReserved(key) else {
                throw CheckpointError(file: file, problem: .invalidContent("metadata key \"\(key)\" is one the checkpoint writes itself"))
            }
            if case let .string(text) = value {
                entries[key] = text
            } else {
                entries[key] = value.json
                typed.append(.string(key))
            }
        }
        if !typed.isEmpty { entries[typedKeysKey] = MetadataValue.array(typed).json }
        return entries
    }

    /// The caller's metadata in a checkpoint's header, each value as it was written: every key
    /// the checkpoint does not write itself, a string unless `typedKeysKey` lists it.
    static func userMetadata(_ header: [String: String], file: String) throws -> [String: MetadataValue] {
        func bad(_ key: String, _ what: String) -> CheckpointError {
            CheckpointError(file: file, problem: .invalidContent("metadata \"\(key)\": \(what)"))
        }
        var typed: Set<String> = []
        if let list = header[typedKeysKey] {
            var parser = MetadataParser(list)
            guard case let .array(keys)? = try? parser.parse(), keys.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                throw bad(typedKeysKey, "is not a JSON array of keys")
            }
            for case let .string(key) in keys {
                guard header[key] != nil, !isReserved(key) else { throw bad(typedKeysKey, "lists \(key.debugDescription), which holds no value of the caller's") }
                typed.insert(key)
            }
        }
        var metadata: [String: MetadataValue] = [:]
        for (key, text) in header where !isReserved(key) {
            guard typed.contains(key) else {
                metadata[key] = .string(text)
                continue
            }
            var parser = MetadataParser(text)
            do {
                metadata[key] = try parser.parse()
            } catch {
                throw bad(key, "is not a JSON value: \(error.message)")
            }
        }
        return metadata
    }

    /// The metadata the caller saved with a checkpoint, each value as it was written (an older
    /// checkpoint's as strings), without the checkpoint's own keys.
    ///
    /// ```swift
    /// let url = FileManager.default.temporaryDirectory.appending(path: "net.safetensors")
    /// let net = Linear<Float>(2, 1)
    /// try Checkpoint.save(model: net, metadata: ["epochs": 10, "note": "first run"], to: url)
    /// let metadata = try Checkpoint.metadata(at: url)   // ["epochs": 10, "note": "first run"]
    /// ```
    public static func metadata(at url: URL) throws -> [String: MetadataValue] {
        let file = try CheckpointError.passingOn { try SafeTensors.open(url) }
        return try userMetadata(file.metadata, file: file.path)
    }

    /// Writes the state with string metadata, as `save(model:optimizer:trainer:scheduler:metadata:to:)` does.
    ///
    /// ```swift
    /// let url = FileManager.default.temporaryDirectory.appending(path: "net.safetensors")
    /// let settings: [String: String] = ["run": "{}"]
    /// try Checkpoint.save(model: Linear<Float>(2, 1), metadata: settings, to: url)
    /// ```
    public static func save<S>(model: Module<S>, optimizer: Optimizer<S>? = nil, trainer: Trainer<S>? = nil,
                               scheduler: LearningRateScheduler<S>? = nil, metadata: [String: String], to url: URL) throws {
        try save(model: model, optimizer: optimizer, trainer: trainer, scheduler: scheduler,
                 metadata: metadata.mapValues(MetadataValue.string), to: url)
    }
}
