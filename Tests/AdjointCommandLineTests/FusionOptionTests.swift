import Foundation
import Testing
@testable import AdjointCommandLine

/// `train --fusion on|off`: a run records whether its batch norms, biases with activations and
/// loss ran fused, and computes that way to its end; a run with `--fusion off` is the run the
/// code before the option made, to the byte, and so is every run saved before it.
@Suite struct FusionOptionTests {
    /// The fixture runs' command lines (Fixtures/make-fixtures.sh), trained straight through to
    /// the epochs of their `straight.safetensors`.
    static let straightRuns: [(kind: String, arguments: [String])] = [
        ("fc", ["--model", "fc", "--optimizer", "sgd", "--lr", "1e-2", "--epochs", "2"]),
        ("two-layer", ["--model", "two-layer", "--optimizer", "adam", "--lr", "1e-3", "--epochs", "2"]),
        ("cnn", ["--model", "cnn", "--optimizer", "momentum", "--lr", "1e-2", "--schedule", "exponential", "--epochs", "2"]),
        ("resumed", ["--model", "tiny", "--optimizer", "rmsprop", "--lr", "1e-3", "--epochs", "3"]),
    ]

    /// Trains the fixture `kind`'s straight run with `extra` options into a temporary folder
    /// and returns its checkpoint, as bytes and read.
    static func straightRun(_ kind: String, _ extra: [String]) throws -> (bytes: Data, file: SafeTensorsFile) {
        let arguments = try #require(straightRuns.first { $0.kind == kind }).arguments
        let root = TrainCommandParts.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // The data by its path from the repository root, where `swift test` runs, as the fixtures name it.
        let options = try TrainOptions.parse(["--data", "Tests/AdjointCommandLineTests/Fixtures/data", "--batch-size", "25",
                                              "--seed", "7"] + arguments + extra + ["--out", root.appending(path: "run").path])
        _ = try TrainCommand.run(options.withRecipe()) { _ in }
        let checkpoint = root.appending(path: "run/\(TrainCommand.checkpointName)")
        return (try Data(contentsOf: checkpoint), try SafeTensors.read(from: checkpoint))
    }

    /// With `--fusion off`, each fixture's straight run is written again to the earlier build's bytes.
    @Test(arguments: straightRuns.map(\.kind))
    func aRunWithFusionOffWritesTheBytesOfTheBuildBeforeTheOption(kind: String) throws {
        let plain = try Self.straightRun(kind, ["--fusion", "off"])
        let straightURL = FixtureCheckpointTests.fixtures.appending(path: "\(kind)/straight.safetensors")
        guard FixtureCheckpointTests.madeOnThisCPU else {
            let file = try SafeTensors.read(from: straightURL)
            FixtureCheckpointTests().expectClose(plain.file, file, kind: kind)
            return
        }
        let straight = try Data(contentsOf: straightURL)
        #expect(plain.bytes == straight, "\(kind): the --fusion off run differs from the earlier build's (\(plain.bytes.count) and \(straight.count) bytes)")
    }

    /// By default the fused kernels train: the run stores `fusion: true` and rounds differently
    /// from the plain run, within the fused kernels' few units in the last place per step.
    @Test(arguments: ["fc", "cnn"])
    func aDefaultRunIsFusedAndStoresIt(kind: String) throws {
        let fused = try Self.straightRun(kind, []).file
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(fused.metadata["run"]!.utf8)) as? [String: Any])
        #expect(settings["fusion"] as? Bool == true)
        let straight = try SafeTensors.read(from: FixtureCheckpointTests.fixtures.appending(path: "\(kind)/straight.safetensors"))
        #expect(fused.names.contains { fused[$0] != straight[$0] }, "\(kind): the fused run has the plain run's tensors")
        FixtureCheckpointTests().expectClose(fused, straight, kind: kind)
    }

    /// The stored key: `true` for a fused run; absent for a plain one, as in every run saved
    /// before the option, which reads back as plain.
    @Test func theSettingIsStoredOnlyWhenFused() throws {
        func stored(_ arguments: [String]) throws -> [String: Any] {
            let data = try JSONEncoder().encode(RunSettings(try TrainOptions.parse(arguments)))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        #expect(try stored([])["fusion"] as? Bool == true)
        let plain = try stored(["--fusion", "off"])
        #expect(plain["fusion"] == nil && plain["testTimeFlip"] as? Bool == false)
        let read = try JSONDecoder().decode(RunSettings.self, from: JSONSerialization.data(withJSONObject: plain))
        #expect(!read.fusion)
    }

    /// A resumed run keeps its kernels: `--fusion` with another value is refused, by name.
    @Test func resumingRefusesTheOtherKernels() throws {
        let root = TrainCommandParts.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appending(path: "data"), folder = root.appending(path: "run")
        try TrainCommandParts.writeSyntheticData(to: data, train: 240, test: 60)
        _ = try TrainCommand.run(try TrainCommandParts.options(data, ["--out", folder.path, "--epochs", "1"])) { _ in }
        #expect(throws: CommandLineError("--resume keeps the run's settings; drop --fusion off (the run has on)")) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2", "--fusion", "off"])) { _ in }
        }
        let extended = try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2", "--fusion", "on"])) { _ in }
        #expect(extended.completed)
        #expect(try RunSettings.stored(in: folder.appending(path: TrainCommand.checkpointName)).fusion)
    }
}
