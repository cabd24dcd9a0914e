import Foundation

/// The `train` command: load a data set, build a model and optimiser from `TrainOptions` (or
/// from the run being resumed), train with progress, save the run folder after every epoch
/// (checkpoint, metrics, plots), and at the end evaluate the best model on the test set.
///
/// ```swift
/// let summary = try TrainCommand.run(try TrainOptions.parse(["--epochs", "2", "--out", "runs/a"]))
/// print(summary.testAccuracy)
/// ```
package enum TrainCommand {
    /// What a run reports. `testAccuracy` is nil when the run was interrupted.
    ///
    /// ```swift
    /// print(summary.testAccuracy ?? 0, summary.folder.path)
    /// ```
    package struct Summary: Sendable {
        package var validationAccuracy: Double
        package var testAccuracy: Double?
        package var trainSeconds: Double
        package var folder: URL
        /// False when `interrupted` stopped the run before its last epoch.
        package var completed: Bool
    }

    /// The checkpoint's file name inside the run folder.
    package static let checkpointName = "model.safetensors"

    /// Runs the command; `log` receives the human-readable lines; `interrupted` is asked after
    /// every step (Ctrl-C). With a `cluster` (`train --distributed`), this process is one of
    /// several training on shards of every batch; only rank 0 logs and writes the run folder.
    package static func run(_ options: TrainOptions, log output: (String) -> Void = printLine,
                            interrupted: @escaping () -> Bool = { false }, cluster: TrainCluster? = nil) throws -> Summary {
        try withoutActuallyEscaping(output) { output in
            let run = try TrainRun(options, output: output, cluster: cluster)
            // Fused or not as the run started: a resumed run goes on with its own rounding.
            return try Fusion.with(run.settings.fusion) {
                let data = try run.loadData()
                let trainer = try run.makeTrainer(for: data.train)
                let firstIteration = trainer.iteration
                let (completed, seconds) = try run.fit(trainer, data: data, interrupted: interrupted)
                guard completed else { return try run.stop(trainer, data: data, seconds: seconds) }
                return try run.test(trainer, data: data, seconds: seconds, trainedSteps: trainer.iteration - firstIteration)
            }
        }
    }

    /// The command that tests the run's checkpoint.
    static func evaluateCommand(_ settings: RunSettings, checkpoint: URL) -> String {
        "evaluate with: evaluate --checkpoint \(shellQuoted(checkpoint.path))"
            + (settings.dataDirectory.map { " --data \(shellQuoted($0))" } ?? "") + " --dataset \(settings.dataset.rawValue)"
    }

    /// The run's report: histories, plots, settings and, at the end, the test metrics.
    static func report(_ settings: RunSettings, trainer: Trainer<Float>, model: Module<Float>, data: DataSplits,
                       test: TestMetrics?, seconds: Double) throws -> RunReport {
        var report = RunReport(title: "\(settings.model.rawValue) on \(settings.dataset.rawValue)", loss: trainer.history.loss,
                               trainAccuracy: trainer.history.trainAccuracy,
                               validationAccuracy: trainer.history.validationAccuracy, confusion: test?.confusion)
        report.metrics = ["epochs": Double(trainer.epoch), "iterations": Double(trainer.iteration), "train_seconds": seconds,
                          "best_val_accuracy": trainer.state.bestValidationAccuracy]
        if let last = trainer.history.validationAccuracy.last { report.metrics["val_accuracy"] = last }
        if let last = trainer.history.trainAccuracy.last { report.metrics["train_accuracy"] = last }
        if let test { report.metrics["test_accuracy"] = test.accuracy }
        if let singleView = test?.singleView { report.metrics["test_accuracy_single_view"] = singleView }
        // The settings, with the input normalisation: new images need the same statistics.
        report.info = ["settings": try JSONText(encoding: settings)]
        if let cnn = model as? SmallConvolutionalNetwork<Float> {
            // The learned first-layer filters, one small image each: (k, k, C, F) -> (F, k, k, C).
            let filters = cnn.conv1.weight.value.permuted([3, 0, 1, 2])
            report.figures["filters.svg"] = ImageGrid(filters, title: "First-layer filters").svg()
        }
        describe(settings, model: model, data: data, test: test, seconds: seconds, in: &report)
        return report
    }

    /// The data set's splits, scaled to [0, 1] and normalised per channel with the training
    /// statistics; a twelfth of the training part validates.
    package static func loadData(_ options: TrainOptions) throws -> (splits: DataSplits, normalization: ChannelNormalization) {
        var trainPart = try loadPart(.train, options)
        if options.trainingSamples > 0 && options.trainingSamples < trainPart.count {
            trainPart = trainPart.subset(0..<options.trainingSamples)
        }
        let testPart = try loadPart(.test, options)
        // Checked before any training: a model built for one shape traps on the other.
        guard trainPart.imageShape == testPart.imageShape, trainPart.classCount == testPart.classCount else {
            throw CommandLineError("the training images are \(trainPart.imageShape) in \(trainPart.classCount) classes, the test images \(testPart.imageShape) in \(testPart.classCount); both parts of a data set must agree")
        }
        var splits = try DataSplits(training: trainPart.scaled(), test: testPart.scaled(), validationFraction: 1.0 / 12)
        let normalization = ChannelNormalization(fitting: splits.train)
        splits.train = normalization.apply(to: splits.train)
        splits.validation = normalization.apply(to: splits.validation)
        splits.test = normalization.apply(to: splits.test)
        return (splits, normalization)
    }

    /// One part of the data set the options name, as stored (pixels 0...255).
    package static func loadPart(_ part: DatasetPart, _ options: TrainOptions) throws -> Dataset {
        switch options.dataset {
        case .fashionMNIST: return try FashionMNIST.load(part, from: options.dataDirectory ?? FashionMNIST.directory(full: false))
        case .mnist: return try MNIST.load(part, from: try required(options.dataDirectory, "MNIST"))
        case .cifar10: return try CIFAR10.load(part, from: try required(options.dataDirectory, "CIFAR-10"))
        case .cifar100: return try CIFAR100.load(part, from: try required(options.dataDirectory, "CIFAR-100"), labels: .coarse)
        }
    }

    static func required(_ directory: String?, _ name: String) throws -> String {
        guard let directory else {
            throw CommandLineError("--data DIR is required for \(name) (see Data/README.md for how to fetch it)")
        }
        return directory
    }

    /// The model the options name, for images of `imageShape`; a geometry the model cannot
    /// take (a CNN on images smaller than its two poolings) is refused here, not trapped on.
    package static func makeModel(_ options: TrainOptions, imageShape: [Int], classes: Int) throws -> Module<Float> {
        let inputSize = imageShape.reduce(1, *)
        guard inputSize > 0 && classes > 1 else {
            throw CommandLineError("--model \(options.model.rawValue): images of shape \(imageShape) with \(classes) classes cannot be classified")
        }
        switch options.model {
        case .fc:
            return FullyConnectedNet(hiddenSizes: [500, 500, 500, 500], inputSize: inputSize, classes: classes,
                                         dropout: 0.85, useBatchNorm: true, initialization: .kaiming, seed: options.seed)
        case .twoLayer:
            return TwoLayerNet(inputSize: inputSize, hiddenSize: 256, classes: classes, weightScale: 1e-2, seed: options.seed)
        case .tiny:
            return TinyNet(inputSize: inputSize, hiddenSize: 512, classes: classes, seed: options.seed)
        case .cnn:
            guard imageShape.count == 3, imageShape[0] >= 4, imageShape[1] >= 4 else {
                throw CommandLineError("--model cnn: images of shape \(imageShape) are smaller than its two 2x2 poolings allow (at least 4x4 pixels, with channels)")
            }
            // 256 hidden units, not 128: on the full Fashion-MNIST 128 plateaued lower.
            return SmallConvolutionalNetwork(height: imageShape[0], width: imageShape[1], channels: imageShape[2],
                                             classes: classes, hiddenSize: 256, batchNorm: true, seed: options.seed)
        }
    }

    package static func makeOptimizer(_ options: TrainOptions, parameters: [Variable<Float>]) -> Optimizer<Float> {
        let lr = Float(options.learningRate)
        let optimizer: Optimizer<Float> = switch options.optimizer {
        case .sgd: SGD(parameters, learningRate: lr)
        case .momentum: Momentum(parameters, learningRate: lr)
        case .rmsprop: RMSprop(parameters, learningRate: lr)
        case .adam: Adam(parameters, learningRate: lr)
        }
        // The course's decay is per step; the trainer scales it with the learning rate after.
        optimizer.decoupledDecay = Float(options.learningRate * options.weightDecay)
        return optimizer
    }

    /// The folders an output folder must neither be nor hold: the data set's.
    static func protectedFolders(data: String?) -> [String: URL] {
        data.map { ["the data folder (--data)": URL(fileURLWithPath: $0)] } ?? [:]
    }

    /// `runs/<model>-<dataset>-<time>`, for a run without `--out`.
    static func defaultFolder(_ options: TrainOptions) -> String {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        return "runs/\(options.model.rawValue)-\(options.dataset.rawValue)-\(stamp)"
    }

    /// `path` as one shell word.
    static func shellQuoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Writes a line to standard output unbuffered, so it stays in order with the progress
    /// bar on standard error.
    package static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func format(_ x: Double) -> String { String(format: x.magnitude >= 100 ? "%.0f" : "%.3g", x) }
}
