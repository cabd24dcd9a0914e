import Foundation
import Testing
@testable import AdjointCommandLine

/// Checkpoints written by an earlier build of `train` (Fixtures/make-fixtures.sh says how):
/// today's code must still read them, and resume each to the very bytes the earlier build
/// wrote for the same run trained straight through, so no change of the code changes a run's
/// arithmetic or the format of what it stores.
///
/// The fixtures name their data by its path from the repository root, where `swift test` runs.
/// The bytes are those of the CPU that made them (`-march=native` and the GEMM's cpuid-chosen
/// kernels may round differently elsewhere), whose flags `Fixtures/cpu-flags.txt` keeps: on a
/// CPU with other flags the resumed run is held to the straight one's tensors within 1e-3
/// instead, and `make-fixtures.sh` there restores the byte comparison.
@Suite struct FixtureCheckpointTests {
    /// The fixture runs: the model they trained and the epoch each was saved after.
    static let kinds: [(name: String, model: String, epoch: Int)] =
        [("fc", "fc", 1), ("two-layer", "two-layer", 1), ("cnn", "cnn", 1), ("resumed", "tiny", 2)]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    static func checkpoint(_ kind: String) -> URL {
        fixtures.appending(path: "\(kind)/run/\(TrainCommand.checkpointName)")
    }

    /// Each fixture's settings read back and validated, and its weights load into the model
    /// they describe.
    @Test(arguments: kinds.map(\.name))
    func everyFixtureStillLoads(kind: String) throws {
        let (_, model, epoch) = try #require(Self.kinds.first { $0.name == kind })
        let settings = try RunSettings.stored(in: Self.checkpoint(kind))
        #expect(settings.model.rawValue == model && settings.imageShape == [8, 8, 1] && settings.classNames.count == 10)
        #expect(settings.inputNormalization != nil && settings.epochs == epoch)
        let file = try SafeTensors.read(from: Self.checkpoint(kind))
        #expect(file.metadata["trainer.epoch"] == String(epoch))
        let net = try TrainCommand.makeModel(settings.options, imageShape: settings.imageShape, classes: 10)
        let fresh = net.state
        #expect(try Checkpoint.loadWeights(from: Self.checkpoint(kind), into: net, preferringBest: true))
        #expect(net.state != fresh)
    }

    /// `evaluate` takes every fixture: settings, data, model and best weights.
    @Test(arguments: kinds.map(\.name))
    func everyFixtureEvaluates(kind: String) throws {
        let root = TrainCommandParts.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        var lines: [String] = []
        let accuracy = try EvaluateCommand.run(checkpoint: Self.checkpoint(kind).path, data: nil, dataset: nil,
                                               out: root.appending(path: "evaluation").path) { lines.append($0) }
        #expect(accuracy > 0.1)
        #expect(lines.first?.contains("(best parameters) on fashion-mnist test, 60 images") == true)
    }

    /// A copy of each fixture resumed for one more epoch ends byte for byte where the earlier
    /// build's straight run ended.
    @Test(arguments: kinds.map(\.name))
    func everyFixtureResumesToTheStraightRunsBytes(kind: String) throws {
        let (_, _, epoch) = try #require(Self.kinds.first { $0.name == kind })
        let root = TrainCommandParts.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let run = root.appending(path: "run")
        try FileManager.default.copyItem(at: Self.fixtures.appending(path: "\(kind)/run"), to: run)
        let summary = try TrainCommand.run(try TrainOptions.parse(["--resume", run.path, "--epochs", String(epoch + 1)])) { _ in }
        #expect(summary.completed)
        let resumedURL = run.appending(path: TrainCommand.checkpointName)
        let straightURL = Self.fixtures.appending(path: "\(kind)/straight.safetensors")
        guard Self.madeOnThisCPU else {
            expectClose(try SafeTensors.read(from: resumedURL), try SafeTensors.read(from: straightURL), kind: kind)
            return
        }
        let resumed = try Data(contentsOf: resumedURL), straight = try Data(contentsOf: straightURL)
        #expect(resumed == straight, "\(kind): the resumed checkpoint differs from the straight run's (\(resumed.count) and \(straight.count) bytes)")
    }

    /// Whether this CPU has the flags of the one that made the fixtures.
    static let madeOnThisCPU: Bool = {
        guard let stored = try? String(contentsOf: fixtures.appending(path: "cpu-flags.txt"), encoding: .utf8),
              let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }
        return flags.map(String.init) == stored.trimmingCharacters(in: .newlines)
    }()

    /// The same tensors, names and shapes, each within 1e-3 of the largest magnitude of its straight value.
    func expectClose(_ resumed: SafeTensorsFile, _ straight: SafeTensorsFile, kind: String) {
        #expect(resumed.names == straight.names, "\(kind): the resumed checkpoint holds other tensors")
        func values(_ stored: StoredTensor?) -> (shape: [Int], scalars: [Double]) {
            switch stored {
            case .float(let t): (t.shape, t.scalars.map(Double.init))
            case .double(let t): (t.shape, t.scalars)
            case nil: ([], [])
            }
        }
        for name in straight.names {
            let a = values(resumed[name]), b = values(straight[name])
            #expect(a.shape == b.shape, "\(kind): \(name) has shape \(a.shape), the straight run's \(b.shape)")
            let scale = max(1, b.scalars.map(abs).max() ?? 0)
            let difference = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-3 * scale, "\(kind): \(name) is \(difference) from the straight run's")
        }
    }
}
