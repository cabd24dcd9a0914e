import Foundation
import Testing
@testable import AdjointTraining

/// What `Checkpoint.load` checks beyond the values' shapes: the tensors' checksums, trainer
/// counters that fit their history and the data, and that it reads only the tensors it needs.
@Suite struct CheckpointIntegrityTests {
    let data: Dataset

    init() {
        var rng = SeededGenerator(seed: 2)
        data = Dataset(images: Tensor<Float>.randn([40, 6], using: &rng), labels: (0..<40).map { $0 % 3 },
                       classNames: ["a", "b", "c"])
    }

    /// A model, optimiser and trainer after one epoch of 4 batches of 10.
    func trainedRun() throws -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
        let (model, optimizer, trainer) = freshRun()
        try trainer.fit(epochs: 1, train: data, validation: data)
        return (model, optimizer, trainer)
    }

    func freshRun() -> (FullyConnectedNet<Float>, Adam<Float>, Trainer<Float>) {
        let model = FullyConnectedNet<Float>(hiddenSizes: [8], inputSize: 6, classes: 3, useBatchNorm: true, seed: 4)
        let optimizer = Adam(model.parameters, learningRate: 1e-2)
        return (model, optimizer, Trainer(model: model, optimizer: optimizer, configuration: .init(batchSize: 10, seed: 1)))
    }

    /// A saved checkpoint of `trainedRun()` in a fresh folder.
    func savedCheckpoint() throws -> (url: URL, model: FullyConnectedNet<Float>, trainer: Trainer<Float>) {
        let (model, optimizer, trainer) = try trainedRun()
        let url = try makeTemporaryDirectory().appendingPathComponent("model.safetensors")
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, to: url)
        return (url, model, trainer)
    }

    /// The checkpoint at `url` rewritten with its metadata changed and its checksums recomputed,
    /// so only the content checks can refuse it.
    func rewrite(_ url: URL, _ change: (inout [String: String]) -> Void) throws {
        let file = try SafeTensors.read(from: url)
        var metadata = file.metadata
        change(&metadata)
        try SafeTensors.write(file.tensors, metadata: metadata, checksums: true, to: url)
    }

    @Test func aFlippedBitInAWeightIsRefusedNamingTheTensor() throws {
        let (url, _, _) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        let offsets = try #require((header["layers.0.weight"] as? [String: Any])?["data_offsets"] as? [Int])
        // The lowest mantissa bit of one weight: the value stays finite and plausible.
        bytes[8 + headerLength + offsets[0] + 4] ^= 1
        try Data(bytes).write(to: url)

        let (model, optimizer, trainer) = freshRun()
        let before = model.state
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer)
        }
        #expect(error.description.hasPrefix("checkpoint \(url.path): tensor \"layers.0.weight\" fails its checksum"))
        #expect(model.state == before)
        #expect(throws: CheckpointError.self) { try Checkpoint.loadWeights(from: url, into: model) }
    }

    @Test func aCheckpointWithoutChecksumsStillLoads() throws {
        let (url, trained, trainedTrainer) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(try SafeTensors.open(url).metadata["checksums"] != nil)
        // As written before checksums existed: the same tensors and metadata, no `checksums`.
        let file = try SafeTensors.read(from: url)
        try SafeTensors.write(file.tensors, metadata: file.metadata, to: url)
        #expect(try SafeTensors.open(url).metadata["checksums"] == nil)

        let (model, optimizer, trainer) = freshRun()
        try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: data.count)
        #expect(model.state == trained.state && trainer.state == trainedTrainer.state)
    }

    @Test(arguments: [(String(Int.max), "\"9223372036854775807\" is not a count (an integer from 0 to 2^53)"),
                      ("5", "5 epochs, but \"trainer.history\" records the accuracies of 1")])
    func anEpochCountNoRunReachesIsRefused(stored: String, message: String) throws {
        let (url, _, _) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try rewrite(url) { $0["trainer.epoch"] = stored }
        let (model, optimizer, trainer) = freshRun()
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer)
        }
        #expect(error.description == "checkpoint \(url.path): metadata \"trainer.epoch\": \(message)")
        #expect(trainer.epoch == 0 && trainer.iteration == 0)
    }

    @Test func anOptimizerStepCountThatWouldOverflowIsRefused() throws {
        let (url, _, _) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try rewrite(url) { $0["optimizer.step"] = String(Int.max) }
        let (model, optimizer, _) = freshRun()
        let error = try #require(throws: CheckpointError.self) { try Checkpoint.load(from: url, into: model, optimizer: optimizer) }
        #expect(error.description.hasSuffix("metadata \"optimizer.step\": \"9223372036854775807\" is not a count (an integer from 0 to 2^53)"))
        #expect(optimizer.stepCount == 0)
    }

    @Test func iterationsThatDoNotFitTheEpochsAreRefused() throws {
        let (url, _, _) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let (model, optimizer, trainer) = freshRun()
        // 4 iterations after 1 epoch fit 40 samples in batches of 10, not 100 samples (10 batches an epoch).
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: 100)
        }
        #expect(error.description == "checkpoint \(url.path): metadata \"trainer.iteration\": 4 iterations do not fit "
                + "1 epochs of 10 batches (10 to 19 would); was the batch size or the data changed?")
        try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: 40)
        #expect(trainer.epoch == 1 && trainer.iteration == 4)

        // Iterations the history does not record are refused whatever the data.
        try rewrite(url) { $0["trainer.iteration"] = "3" }
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer) }
    }

    /// The checkpoint at `url` with one more tensor of `bytes` bytes at the end, sparse on disk.
    func appendSparseTensor(named name: String, bytes: Int, to url: URL) throws {
        let file = [UInt8](try Data(contentsOf: url))
        let headerLength = file[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        var header = try #require(try JSONSerialization.jsonObject(with: Data(file[8..<(8 + headerLength)])) as? [String: Any])
        let dataSize = file.count - 8 - headerLength
        header[name] = ["dtype": "F32", "shape": [bytes / 4], "data_offsets": [dataSize, dataSize + bytes]]
        var text = [UInt8](try JSONSerialization.data(withJSONObject: header))
        text += repeatElement(UInt8(ascii: " "), count: (8 - text.count % 8) % 8)
        let prefix = withUnsafeBytes(of: UInt64(text.count).littleEndian) { Array($0) } + text
        try Data(prefix + file[(8 + headerLength)...]).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(prefix.count + dataSize + bytes))
        try handle.close()
    }

    /// The process's peak resident memory so far, in bytes (Linux counts `ru_maxrss` in KiB).
    func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func anExtraHugeTensorIsNeverRead() throws {
        let (url, trained, trainedTrainer) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let huge = 3 << 30
        try appendSparseTensor(named: "extra", bytes: huge, to: url)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0 > huge)

        let (model, optimizer, trainer) = freshRun()
        try Checkpoint.load(from: url, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: data.count)
        #expect(model.state == trained.state && trainer.state == trainedTrainer.state)
        let (other, _, _) = freshRun()
        #expect(try Checkpoint.loadWeights(from: url, into: other, preferringBest: true))
        // Reading the 3 GiB of zeros would have raised the peak far past this.
        #expect(peakMemory() < 1 << 30, "peak resident memory \(peakMemory()) bytes")
    }
}
