import Foundation
import Testing
@testable import AdjointCommandLine

// The `train` command's data, models, optimisers and run folder, on the embedded Fashion-MNIST
// subset.

@Suite struct TrainCommandParts {
    @Test(arguments: [TrainOptions.Dataset.mnist, .cifar10, .cifar100])
    func otherDataSetsNeedADataFolder(dataset: TrainOptions.Dataset) {
        var options = TrainOptions()
        options.dataset = dataset
        let name = ["mnist": "MNIST", "cifar10": "CIFAR-10", "cifar100": "CIFAR-100"][dataset.rawValue]!
        #expect(throws: CommandLineError("--data DIR is required for \(name) (see Data/README.md for how to fetch it)")) {
            try TrainCommand.loadData(options)
        }
    }

    @Test func dataIsSplitScaledAndNormalised() throws {
        var options = TrainOptions()
        options.trainingSamples = 1200
        let (splits, normalization) = try TrainCommand.loadData(options)
        // A twelfth of the training samples validates.
        #expect(splits.train.count == 1100 && splits.validation.count == 100 && splits.test.count == 2000)
        #expect(splits.train.imageShape == [28, 28, 1])
        // Normalised with the training statistics (of pixels scaled to [0, 1]).
        #expect(normalization.mean.count == 1 && normalization.mean[0] > 0.2 && normalization.mean[0] < 0.4)
        let train = splits.train.images
        #expect(abs(train.mean().scalar) < 1e-3)
        #expect(abs(train.variance().sqrt().scalar - 1) < 1e-2)
        // The example scripts load the same way.
        let example = try ExampleArguments.parse(["--train-samples", "1200"], defaultEpochs: 1, name: "x").loadFashionMNIST()
        #expect(example.train.images == splits.train.images && example.validation.labels == splits.validation.labels)
    }

    @Test(arguments: TrainOptions.Model.allCases)
    func everyModelTakesTheImagesAndGivesClassScores(model: TrainOptions.Model) throws {
        var options = TrainOptions()
        options.model = model
        let net = try TrainCommand.makeModel(options, imageShape: [28, 28, 1], classes: 10)
        #expect(net.parameterCount > 0)
        let scores = withoutGradients { net(Tensor<Float>.zeros([2, 28, 28, 1])) }
        #expect(scores.shape == [2, 10])
        // Same seed, same model.
        #expect(try TrainCommand.makeModel(options, imageShape: [28, 28, 1], classes: 10).state == net.state)
    }

    /// Geometries a model cannot take are refused with a message, not trapped on.
    @Test func impossibleGeometriesAreRefused() {
        var options = TrainOptions()
        options.model = .cnn
        #expect(throws: CommandLineError("--model cnn: images of shape [3, 3, 1] are smaller than its two 2x2 poolings allow (at least 4x4 pixels, with channels)")) {
            try TrainCommand.makeModel(options, imageShape: [3, 3, 1], classes: 10)
        }
        options.model = .fc
        #expect(throws: CommandLineError("--model fc: images of shape [8, 8, 1] with 1 classes cannot be classified")) {
            try TrainCommand.makeModel(options, imageShape: [8, 8, 1], classes: 1)
        }
    }

    @Test func everyOptimizer() {
        let parameters = [Variable(Tensor<Float>.zeros([3]))]
        var options = TrainOptions()
        options.learningRate = 0.25
        for kind in TrainOptions.OptimizerKind.allCases {
            options.optimizer = kind
            let optimizer = TrainCommand.makeOptimizer(options, parameters: parameters)
            #expect(optimizer.learningRate == 0.25)
            #expect(optimizer.parameters.count == 1 && optimizer.parameters[0] === parameters[0])
            let expected: [TrainOptions.OptimizerKind: [String]] = [.sgd: [], .momentum: ["velocity"], .rmsprop: ["cache"], .adam: ["m", "v"]]
            #expect(optimizer.slotNames == expected[kind])
        }
    }

    /// `--schedule onecycle` cycles momentum's momentum and adam's beta1, from 0.95 when the
    /// trainer is made to 0.85 at the top rate, and leaves sgd and rmsprop, made without, as made.
    @Test func onecycleCyclesTheMomentumAnOptimizerHas() {
        var options = TrainOptions()
        options.learningRate = 0.1
        for kind in TrainOptions.OptimizerKind.allCases {
            options.optimizer = kind
            let model = Linear<Float>(3, 2)
            let optimizer = TrainCommand.makeOptimizer(options, parameters: model.parameters)
            let schedule = TrainCommand.makeSchedule(.onecycle, settings: RunSettings(options), iterations: 10)
            let trainer = Trainer(model: model, optimizer: optimizer, configuration: .init(schedule: schedule))
            let momentum = { () -> Float in
                switch optimizer {
                case let sgd as SGD<Float>: sgd.momentum
                case let course as Momentum<Float>: course.momentum
                case let rmsprop as RMSprop<Float>: rmsprop.momentum
                default: (optimizer as! Adam<Float>).beta1
                }
            }
            let cycled = kind == .momentum || kind == .adam
            #expect(momentum() == (cycled ? 0.95 : 0), "\(kind)")
            // 30% of 10 steps rise: the top rate and lowest momentum after step 2.
            for _ in 0..<2 { trainer.scheduler!.step() }
            #expect(optimizer.learningRate == 0.1 && momentum() == (cycled ? 0.85 : 0), "\(kind)")
        }
    }

    /// Writes a small Fashion-MNIST-layout folder (uncompressed IDX files) of 8x8 images in
    /// which class `c` lights pixels `6c ..< 6c + 4` over a dim noisy background: learnable in
    /// a few steps, and quick to train even in a debug build.
    static func writeSyntheticData(to folder: URL, train: Int, test: Int, testSide: Int = 8) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 31)
        func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * (3 - $0))) } }
        for (prefix, count) in [("train", train), ("t10k", test)] {
            let labels = (0..<count).map { _ in rng.nextInt(below: 10) }
            var pixels: [UInt8] = []
            for label in labels {
                let side = prefix == "train" ? 8 : testSide
                var image = (0..<side * side).map { _ in UInt8(rng.nextInt(below: 60)) }
                for i in (6 * label)..<(6 * label + 4) { image[i] = 255 }
                pixels += image
            }
            let side = prefix == "train" ? 8 : testSide
            let images: [UInt8] = [0, 0, 8, 3] + bigEndian(count) + bigEndian(side) + bigEndian(side) + pixels
            try Data(images).write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data([0, 0, 8, 1] + bigEndian(count) + labels.map(UInt8.init)).write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
    }

    static func temporaryRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-train-\(UUID().uuidString)")
    }

    static func options(_ data: URL, _ extra: [String]) throws -> TrainOptions {
        try TrainOptions.parse(["--data", data.path, "--model", "two-layer", "--epochs", "3", "--batch-size", "20",
                                "--lr", "1e-2", "--seed", "1"] + extra)
    }

    /// A whole short run: the report files and a checkpoint that loads back into the model.
    @Test func aShortRunWritesItsFolderAndCheckpoint() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        let options = try Self.options(data, ["--out", folder.path])
        var lines: [String] = []
        let summary = try TrainCommand.run(options) { lines.append($0) }
        print("train command on synthetic data: \(lines)")
        #expect(summary.completed)
        #expect(summary.folder.standardizedFileURL == folder.standardizedFileURL)
        #expect((summary.testAccuracy ?? 0) > 0.8 && summary.validationAccuracy > 0.8)
        #expect(lines.first == "data: fashion-mnist, 220 train / 20 validation / 60 test, image [8, 8, 1]")
        #expect(lines.contains { $0.hasPrefix("test accuracy ") })
        #expect(lines.contains { $0.hasPrefix("evaluate with: evaluate --checkpoint ") })
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in ["metrics.json", "history.json", "loss.svg", "accuracy.svg", "confusion.svg", "confusion.txt", "model.safetensors"] {
            #expect(files.contains(name), "\(name) missing from \(files)")
        }
        // Only the manifest of what Adjoint wrote; the lock went with the run.
        #expect(files.filter { $0.hasPrefix(".") } == [".adjoint.json"])
        let checkpoint = folder.appendingPathComponent(TrainCommand.checkpointName)
        let model = try TrainCommand.makeModel(options, imageShape: [8, 8, 1], classes: 10)
        let fresh = model.state
        try Checkpoint.load(from: checkpoint, into: model)
        #expect(model.state != fresh)
        let settings = try RunSettings.stored(in: checkpoint)
        #expect(settings.model == .twoLayer && settings.epochs == 3 && settings.batchSize == 20 && settings.seed == 1)
        #expect(settings.dataDirectory == data.path && settings.imageShape == [8, 8, 1] && settings.classNames == FashionMNIST.classNames)
        #expect(settings.inputNormalization != nil)
        let file = try SafeTensors.read(from: checkpoint)
        #expect(file.metadata["format"] == Checkpoint.format && file.metadata["trainer.epoch"] == "3")
    }

    /// Interrupted mid-epoch and resumed, a run ends exactly where an uninterrupted one does,
    /// with the trainer's own decay or a scheduler whose state the checkpoint keeps.
    @Test(arguments: ["exponential", "plateau", "onecycle"])
    func anInterruptedRunResumesBitForBit(schedule: String) throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        let straight = root.appendingPathComponent("straight"), stopped = root.appendingPathComponent("stopped")
        let whole = try TrainCommand.run(try Self.options(data, ["--out", straight.path, "--schedule", schedule])) { _ in }

        // 220 training images in batches of 20: 11 steps per epoch; stop after step 4 of epoch 2.
        var asked = 0
        var lines: [String] = []
        let first = try TrainCommand.run(try Self.options(data, ["--out", stopped.path, "--schedule", schedule]), log: { lines.append($0) },
                                         interrupted: { asked += 1; return asked == 15 })
        #expect(!first.completed && first.testAccuracy == nil)
        #expect(lines.contains("interrupted after step 4 of epoch 2; saved \(stopped.standardizedFileURL.path)"))
        #expect(lines.last == "resume with: train --resume \(stopped.standardizedFileURL.path)")
        let saved = try SafeTensors.read(from: stopped.appendingPathComponent(TrainCommand.checkpointName))
        #expect(saved.metadata["trainer.epoch"] == "1" && saved.metadata["trainer.iteration"] == "15")
        #expect((saved.metadata["scheduler.state"] != nil) == (schedule != "exponential"))

        var resumedLines: [String] = []
        let resumed = try TrainCommand.run(try TrainOptions.parse(["--resume", stopped.path])) { resumedLines.append($0) }
        #expect(resumed.completed)
        #expect(resumedLines.contains { $0.hasSuffix(", resuming at epoch 2, step 5") })
        #expect(resumed.testAccuracy == whole.testAccuracy && resumed.validationAccuracy == whole.validationAccuracy)

        let a = try SafeTensors.read(from: straight.appendingPathComponent(TrainCommand.checkpointName))
        let b = try SafeTensors.read(from: stopped.appendingPathComponent(TrainCommand.checkpointName))
        #expect(a.names == b.names)
        for name in a.names { #expect(a[name] == b[name], "\(name) differs after resuming") }
        for key in a.metadata.keys.sorted() where ["trainer.", "rng.", "optimizer.", "scheduler."].contains(where: key.hasPrefix) {
            #expect(a.metadata[key] == b.metadata[key], "metadata \(key) differs after resuming")
        }
    }

    /// Ctrl-C during the last epoch's save: the run is complete, so the message points at
    /// `evaluate`, which accepts the checkpoint, not at a `--resume` that would refuse.
    @Test func anInterruptAfterTheLastEpochPointsAtEvaluate() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        // 11 steps per epoch: 10 questions between steps and one after the epoch's save, 3 epochs.
        var asked = 0
        var lines: [String] = []
        let summary = try TrainCommand.run(try Self.options(data, ["--out", folder.path]), log: { lines.append($0) },
                                           interrupted: { asked += 1; return asked >= 33 })
        #expect(!summary.completed && asked == 33)
        #expect(lines.contains("interrupted after the last epoch, before the test set; the run is complete and saved in \(folder.standardizedFileURL.path)"))
        #expect(lines.last?.hasPrefix("evaluate with: evaluate --checkpoint \(folder.standardizedFileURL.path)/model.safetensors") == true)
        #expect(!lines.contains { $0.contains("--resume") })
        let accuracy = try EvaluateCommand.run(checkpoint: folder.appending(path: "model.safetensors").path, data: nil, dataset: nil,
                                               out: root.appending(path: "evaluation").path) { _ in }
        #expect(accuracy > 0.5)
    }

    /// SGD at a learning rate of 1e6: the loss grows a millionfold yet stays finite, and batch
    /// norm's running variance overflows. The run ends with a message, and every checkpoint it
    /// left is one `evaluate` accepts.
    @Test func aDivergingRunEndsAndLeavesOnlyUsableCheckpoints() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        let options = try Self.options(data, ["--out", folder.path, "--model", "fc", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "2"])
        var message = ""
        do {
            _ = try TrainCommand.run(options) { _ in }
        } catch {
            message = "\(error)"
        }
        print("diverging run: \(message)")
        #expect(message.contains("the run diverged") || message.contains("NaN or infinity") || message.contains("non-finite"))
        let checkpoint = folder.appending(path: TrainCommand.checkpointName)
        if FileManager.default.fileExists(atPath: checkpoint.path) {
            _ = try EvaluateCommand.run(checkpoint: checkpoint.path, data: nil, dataset: nil, out: root.appending(path: "evaluation").path) { _ in }
        }
        // The same run told to go on regardless is not stopped for its growing loss.
        var allowed = options
        allowed.allowDivergence = true
        allowed.outputDirectory = root.appending(path: "allowed").path
        #expect { try TrainCommand.run(allowed) { _ in } } throws: { !"\($0)".contains("diverged") }
    }

    /// Training and test images of different shapes are refused before any training.
    @Test func partsOfDifferentShapesAreRefusedBeforeTraining() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try Self.writeSyntheticData(to: data, train: 240, test: 60, testSide: 9)
        var lines: [String] = []
        #expect(throws: CommandLineError("the training images are [8, 8, 1] in 10 classes, the test images [9, 9, 1] in 10; both parts of a data set must agree")) {
            try TrainCommand.run(try Self.options(data, ["--out", root.appending(path: "run").path])) { lines.append($0) }
        }
        #expect(lines.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "run").path))
    }

    /// What `--resume` and `--out` refuse, before any training.
    @Test func runFoldersAndResumingRefuseWhatWouldLoseOrMixRuns() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        _ = try TrainCommand.run(try Self.options(data, ["--out", folder.path, "--epochs", "1"])) { _ in }

        // Another run into the same folder needs --overwrite.
        #expect { try TrainCommand.run(try Self.options(data, ["--out", folder.path])) { _ in } } throws: { error in
            "\(error)".contains("already holds files") && "\(error)".contains("--overwrite")
        }
        // A resumed run keeps its settings, its folder and its epoch count unless extended.
        #expect(throws: CommandLineError("--resume keeps the run's settings; drop --lr 0.5 (the run has 0.01)")) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--lr", "0.5"])) { _ in }
        }
        let elsewhere = root.appendingPathComponent("elsewhere").path
        #expect(throws: CommandLineError("--resume writes into the run's own folder; drop --out \(elsewhere)")) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--out", elsewhere])) { _ in }
        }
        #expect(throws: CommandLineError("the run in \(folder.standardizedFileURL.path) already has 1 epochs; pass --epochs N with N > 1 to extend it")) {
            try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path])) { _ in }
        }
        #expect { try TrainCommand.run(try TrainOptions.parse(["--resume", root.appendingPathComponent("none").path])) { _ in } }
            throws: { "\($0)".hasPrefix("--resume ") && "\($0)".hasSuffix("there is no such folder") }

        // Extending the run continues it to the new total.
        let extended = try TrainCommand.run(try TrainOptions.parse(["--resume", folder.path, "--epochs", "2"])) { _ in }
        #expect(extended.completed)
        #expect(try SafeTensors.read(from: folder.appendingPathComponent(TrainCommand.checkpointName)).metadata["trainer.epoch"] == "2")
        // --overwrite replaces the run.
        let replaced = try TrainCommand.run(try Self.options(data, ["--out", folder.path, "--epochs", "1", "--overwrite"])) { _ in }
        #expect(replaced.completed)
        #expect(try SafeTensors.read(from: folder.appendingPathComponent(TrainCommand.checkpointName)).metadata["trainer.epoch"] == "1")
    }

    /// `evaluate` rebuilds the model from the checkpoint's settings and gets the test accuracy
    /// the run reported.
    @Test func evaluateReproducesTheRunsTestAccuracy() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), folder = root.appendingPathComponent("run")
        try Self.writeSyntheticData(to: data, train: 240, test: 60)
        let summary = try TrainCommand.run(try Self.options(data, ["--out", folder.path])) { _ in }
        let checkpoint = folder.appendingPathComponent(TrainCommand.checkpointName).path
        let out = root.appendingPathComponent("evaluation")
        var lines: [String] = []
        let accuracy = try EvaluateCommand.run(checkpoint: checkpoint, data: nil, dataset: nil, out: out.path) { lines.append($0) }
        #expect(accuracy == summary.testAccuracy)
        #expect(lines.first?.contains("(best parameters) on fashion-mnist test, 60 images") == true)
        #expect(lines.filter { $0.hasPrefix("  recall ") }.count == 10)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(Set(files).isSuperset(of: ["metrics.json", "confusion.svg", "confusion.txt"]))
    }

    @Test func evaluateArguments() throws {
        let parsed = try #require(try EvaluateCommand.parse(["--checkpoint", "a.safetensors", "--dataset", "mnist", "--out", "o"]))
        #expect(parsed.checkpoint == "a.safetensors" && parsed.dataset == "mnist" && parsed.out == "o" && parsed.data == nil)
        #expect(try EvaluateCommand.parse(["--help"]) == nil)
        #expect(throws: TrainOptions.ParseError.missingValue("--checkpoint")) { try EvaluateCommand.parse([]) }
        #expect(throws: TrainOptions.ParseError.unknownOption("--epochs")) { try EvaluateCommand.parse(["--epochs", "2"]) }
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--dataset", value: "imagenet",
                                                             expected: "one of fashion-mnist, mnist, cifar10, cifar100")) {
            try EvaluateCommand.parse(["--checkpoint", "a", "--dataset", "imagenet"])
        }
    }
}

/// A Foundation file error reaches the user as the path and the system's reason, not as the
/// raw `Error Domain=NSCocoaErrorDomain` text.
@Test func foundationFileErrorsReadAsOneLine() throws {
    let missing = "/nonexistent-\(UUID().uuidString)/file"
    let error = try #require(#expect(throws: (any Error).self) { _ = try Data(contentsOf: URL(fileURLWithPath: missing)) })
    #expect("\(error)".contains("NSCocoaErrorDomain"))
    #expect(message(for: error).hasPrefix("\(missing): ") && !message(for: error).contains("Domain"))
    #expect(message(for: CommandLineError("plain")) == "plain")
}
