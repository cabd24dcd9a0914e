import Foundation
import Testing
@testable import AdjointCommandLine

/// `train --resume` and `evaluate` check what they read back from a checkpoint, its run
/// settings and trainer counters, and refuse a damaged value with a one-line typed error
/// that names the file, the key and the value, instead of trapping later.
@Suite struct StoredSettingsTests {
    /// A finished one-epoch run on synthetic data: the temporary root, the run folder and its checkpoint.
    static func finishedRun() throws -> (root: URL, folder: URL, checkpoint: URL) {
        let root = TrainCommandParts.temporaryRoot()
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try TrainCommandParts.writeSyntheticData(to: data, train: 240, test: 60)
        _ = try TrainCommand.run(try TrainCommandParts.options(data, ["--out", folder.path, "--epochs", "1"])) { _ in }
        return (root, folder, folder.appendingPathComponent(TrainCommand.checkpointName))
    }

    /// Rewrites the checkpoint with its metadata changed and its checksums recomputed, so that
    /// only the validation of the values can refuse it.
    static func rewrite(_ checkpoint: URL, _ change: (inout [String: String]) throws -> Void) throws {
        let file = try SafeTensors.read(from: checkpoint)
        var metadata = file.metadata
        try change(&metadata)
        try SafeTensors.write(file.tensors, metadata: metadata, checksums: true, to: checkpoint)
    }

    /// Rewrites the run settings, as a JSON object, with `change`.
    static func rewriteRun(_ checkpoint: URL, _ change: @escaping (inout [String: Any]) -> Void) throws {
        try rewrite(checkpoint) { metadata in
            var run = try #require(try JSONSerialization.jsonObject(with: Data(metadata["run"]!.utf8)) as? [String: Any])
            change(&run)
            metadata["run"] = String(decoding: try JSONSerialization.data(withJSONObject: run), as: UTF8.self)
        }
    }

    /// A damaged run setting and the end of the message that must refuse it.
    enum Damage: String, CaseIterable {
        case zeroBatchSize, negativeBatchSize, largeLabelSmoothing, endlessEpochs, infiniteLearningRate
        case unknownModel, textBatchSize, missingModel

        var message: String {
            switch self {
            case .zeroBatchSize: "batchSize 0 is out of range (1...65536)"
            case .negativeBatchSize: "batchSize -5 is out of range (1...65536)"
            case .largeLabelSmoothing: "labelSmoothing 5.0 is out of range (0...1)"
            case .endlessEpochs: "epochs 9223372036854775807 is out of range (1...100000)"
            case .infiniteLearningRate: "learningRate 1e+300 is out of range (0 excluded to 1e+06, finite and non-zero as a Float)"
            case .unknownModel: "model \"resnet\" is not one of fc, two-layer, tiny, cnn (written by a newer version?)"
            case .textBatchSize: "batchSize is not an integer"
            case .missingModel: "\"model\" is missing"
            }
        }

        func apply(_ run: inout [String: Any]) {
            switch self {
            case .zeroBatchSize: run["batchSize"] = 0
            case .negativeBatchSize: run["batchSize"] = -5
            case .largeLabelSmoothing: run["labelSmoothing"] = 5
            case .endlessEpochs: run["epochs"] = Int.max
            case .infiniteLearningRate: run["learningRate"] = 1e300
            case .unknownModel: run["model"] = "resnet"
            case .textBatchSize: run["batchSize"] = "abc"
            case .missingModel: run["model"] = nil
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedRunSettingIsRefusedOnResumeAndEvaluate(damage: Damage) throws {
        let (root, folder, checkpoint) = try Self.finishedRun()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.rewriteRun(checkpoint, damage.apply)
        let expected = "checkpoint \(checkpoint.path): metadata \"run\": \(damage.message)"
        let resume = try #require(throws: CheckpointError.self) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2"])) { _ in }
        }
        #expect(resume.description == expected)
        let evaluate = try #require(throws: CheckpointError.self) {
            try EvaluateCommand.run(checkpoint: checkpoint.path, data: nil, dataset: nil,
                                    out: root.appendingPathComponent("evaluation").path) { _ in }
        }
        #expect(evaluate.description == expected)
    }

    @Test func anEmptyDeviationListIsRefusedBeforeNormalising() throws {
        let (root, _, checkpoint) = try Self.finishedRun()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.rewriteRun(checkpoint) { run in
            var normalization = run["inputNormalization"] as! [String: Any]
            normalization["std"] = [Float]()
            run["inputNormalization"] = normalization
        }
        let error = try #require(throws: CheckpointError.self) {
            try EvaluateCommand.run(checkpoint: checkpoint.path, data: nil, dataset: nil,
                                    out: root.appendingPathComponent("evaluation").path) { _ in }
        }
        #expect(error.description == "checkpoint \(checkpoint.path): metadata \"run\": inputNormalization has 1 means "
                + "and 0 deviations for images of 1 channels")
    }

    @Test func anEpochCountOfIntMaxIsRefusedOnResume() throws {
        let (root, folder, checkpoint) = try Self.finishedRun()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.rewrite(checkpoint) { $0["trainer.epoch"] = String(Int.max) }
        let error = try #require(throws: CheckpointError.self) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2"])) { _ in }
        }
        #expect(error.description == "checkpoint \(checkpoint.path): metadata \"trainer.epoch\": \"9223372036854775807\" "
                + "is not a count (an integer from 0 to 2^53)")
    }

    @Test func iterationsThatDoNotFitTheRunsEpochsAreRefusedOnResume() throws {
        let (root, folder, checkpoint) = try Self.finishedRun()
        defer { try? FileManager.default.removeItem(at: root) }
        // 11 steps of 20 made the epoch; in batches of 10 an epoch has 22.
        try Self.rewriteRun(checkpoint) { $0["batchSize"] = 10 }
        let error = try #require(throws: CheckpointError.self) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2"])) { _ in }
        }
        #expect(error.description == "checkpoint \(checkpoint.path): metadata \"trainer.iteration\": 11 iterations do not fit "
                + "1 epochs of 22 batches (22 to 43 would); was the batch size or the data changed?")
    }

    @Test func aDirectoryInPlaceOfTheCheckpointIsNamedOnResume() throws {
        let (root, folder, checkpoint) = try Self.finishedRun()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: checkpoint)
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: false)
        let error = try #require(throws: CheckpointError.self) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2"])) { _ in }
        }
        #expect(error.description == "checkpoint \(checkpoint.path): it is a directory, not a file")
    }

    @Test func aDeviceOrFIFOInPlaceOfTheCheckpointIsNamedOnEvaluate() throws {
        let root = TrainCommandParts.temporaryRoot()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("model.safetensors")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for (path, kind) in [("/dev/zero", "a character device"), (fifo.path, "a named pipe (FIFO)")] {
            let error = try #require(throws: CheckpointError.self) {
                try EvaluateCommand.run(checkpoint: path, data: nil, dataset: nil, out: root.appendingPathComponent("out").path) { _ in }
            }
            #expect(error.description == "checkpoint \(path): it is \(kind), not a file")
        }
    }

    @Test func resumingToFewerEpochsThanAnInterruptedRunHasIsRefused() throws {
        let root = TrainCommandParts.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try TrainCommandParts.writeSyntheticData(to: data, train: 240, test: 60)
        // Stopped at the first question after epoch 2 ended: 2 epochs and 1 step of the third saved.
        var asked = 0
        let first = try TrainCommand.run(try TrainCommandParts.options(data, ["--out", folder.path]), log: { _ in },
                                         interrupted: { asked += 1; return asked == 2 * 11 + 1 })
        #expect(!first.completed)
        let error = try #require(throws: CommandLineError.self) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "1"])) { _ in }
        }
        #expect(error.description.hasSuffix("already has 2 epochs; pass --epochs N with N > 2 to extend it"))
    }
}
