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
        let writer = (cluster?.rank ?? 0) == 0
        let tag = cluster.map { "[\($0.size) ranks] " } ?? ""
        func log(_ line: String) { if writer { output(tag + line) } }
        // Everything that can be refused is refused before any training.
        var settings: RunSettings
        // Only rank 0 opens (and checks) the folder; the others need its path for messages.
        let folder: RunFolder?
        let folderURL: URL
        // The checkpoint to resume from, as this process can read it (rank 0's, copied).
        var resumeFile: URL?
        defer { if let resumeFile, !writer { try? FileManager.default.removeItem(at: resumeFile) } }
        if let resume = options.resume {
            folder = writer ? try RunFolder(path: resume, mode: .resume, option: "--resume") : nil
            folderURL = folder?.url ?? URL(fileURLWithPath: resume).standardizedFileURL
            let file = try cluster?.sharedFile(folderURL.appending(path: checkpointName)) ?? folderURL.appending(path: checkpointName)
            resumeFile = file
            try TrainCluster.checkProcessCount(of: file, now: cluster?.size ?? 1)
            settings = try storedSettings(in: file)
            let conflicts = try settings.conflicts(with: options)
            guard conflicts.isEmpty else {
                throw CommandLineError("--resume keeps the run's settings; drop \(conflicts.joined(separator: ", "))")
            }
            if options.given.contains("--out"), let out = options.outputDirectory,
               URL(fileURLWithPath: out).standardizedFileURL != folderURL {
                throw CommandLineError("--resume writes into the run's own folder; drop --out \(out)")
            }
            if options.given.contains("--epochs") { settings.epochs = options.epochs }
        } else {
            let path = options.outputDirectory ?? defaultFolder(options)
            folder = writer ? try RunFolder(path: path, mode: options.overwrite ? .overwrite : .new,
                                            protected: protectedFolders(data: options.dataDirectory)) : nil
            folderURL = folder?.url ?? URL(fileURLWithPath: path).standardizedFileURL
            settings = RunSettings(options)
        }
        let runOptions = try settings.options
        let (splits, normalization) = try loadData(runOptions)
        let (train, validation, test) = (splits.train, splits.validation, splits.test)
        for (name, part) in [("training", train), ("validation", validation), ("test", test)] where part.count == 0 {
            throw CommandLineError("the \(name) split is empty (\(train.count) training, \(validation.count) validation, \(test.count) test images); use more data or a larger --train-samples")
        }
        if let stored = settings.inputNormalization, stored != normalization {
            throw CommandLineError("the data differ from the run's: their normalisation statistics do not match the checkpoint's")
        }
        settings.inputNormalization = normalization
        settings.imageShape = train.imageShape
        settings.classNames = train.classNames
        log("data: \(settings.dataset), \(train.count) train / \(validation.count) validation / \(test.count) test, image \(train.imageShape)")
        if let cluster {
            try DataShard.checkSplit(batchSize: settings.batchSize, trainingSamples: train.count, processes: cluster.size)
        }

        let model = try makeModel(runOptions, imageShape: train.imageShape, classes: train.classCount)
        let optimizer = makeOptimizer(runOptions, parameters: model.parameters)
        let shard = cluster.map { DataShard(rank: $0.rank, count: $0.size) }
        let perEpoch = DataLoader.batchCount(samples: train.count, batchSize: settings.batchSize, shard: shard)
        let schedule: LearningRateSchedule = runOptions.schedule == .cosine
            ? .cosine(iterations: settings.epochs * perEpoch) : .perEpoch(settings.learningRateDecay)
        let smoothing = Float(runOptions.labelSmoothing)
        let mirrors = averagesMirrors(settings)
        let trainer = Trainer(model: model, optimizer: optimizer,
                              loss: { softmaxCrossEntropy($0, labels: $1, labelSmoothing: smoothing) },
                              configuration: .init(batchSize: settings.batchSize, schedule: schedule,
                                                   restoreBest: false, averagingMirrors: mirrors, seed: settings.seed, shard: shard,
                                                   divergenceFactor: options.allowDivergence ? nil : 1000))
        try cluster?.attach(trainer, train, settings.seed)
        let checkpoint = folderURL.appending(path: checkpointName)
        if let resumeFile {
            try Checkpoint.load(from: resumeFile, into: model, optimizer: optimizer, trainer: trainer, trainingSamples: train.count)
            try cluster?.restoreRandomStates(model, from: resumeFile)
        }
        let finished = trainer.epoch >= settings.epochs
        if trainer.epoch > settings.epochs || finished && trainer.iteration == trainer.epoch * perEpoch {
            throw CommandLineError("the run in \(folderURL.path) already has \(trainer.epoch) epochs; pass --epochs N with N > \(trainer.epoch) to extend it")
        }
        log("model: \(settings.model) (\(model.parameterCount) parameters), optimizer: \(settings.optimizer), lr \(settings.learningRate)"
            + (options.resume != nil ? ", resuming at epoch \(trainer.epoch + 1), step \(trainer.iteration - trainer.epoch * perEpoch + 1)" : ""))

        var metadata = ["run": try JSONText(encoding: settings).rendered()]
        func save(testMetrics: TestMetrics? = nil, seconds: Double) throws {
            // Every process hands over its dropout streams; rank 0 alone writes.
            if let cluster { metadata.merge(try cluster.randomStates(model)) { $1 } }
            guard let folder else { return }
            // A checkpoint `evaluate` and `--resume` would refuse is never written.
            try trainer.checkFiniteState()
            try folder.save { staging in
                try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer, metadata: metadata,
                                    to: staging.appending(path: checkpointName))
                try report(settings, trainer: trainer, model: model, data: splits, test: testMetrics, seconds: seconds).write(to: staging)
            }
        }

        let progressOutput: (String) -> Void = { text in if writer { ProgressBar.writeToStandardError(text) } }
        let progress = ProgressBar(total: (settings.epochs - trainer.epoch) * perEpoch - (trainer.iteration - trainer.epoch * perEpoch),
                                   label: tag + "train", write: progressOutput)
        let firstIteration = trainer.iteration
        let start = ProgressBar.monotonicSeconds()
        var saveError: Error?
        trainer.onStep = { iteration, loss in
            progress.update(completed: iteration - firstIteration,
                            status: "epoch \((iteration - 1) / perEpoch + 1)/\(settings.epochs) loss \(format(loss))")
        }
        trainer.onEpoch = { epoch, history in
            progress.message(tag + "epoch \(epoch)/\(settings.epochs): train accuracy \(format(history.trainAccuracy.last!)), validation accuracy \(format(history.validationAccuracy.last!))")
            do { try save(seconds: ProgressBar.monotonicSeconds() - start) } catch { saveError = error }
        }
        trainer.shouldStop = {
            let stop = interrupted() || saveError != nil
            return cluster?.anyStops(stop) ?? stop
        }
        // The hooks capture the trainer and the folder: dropping them ends the cycle, and with
        // it the folder's lock, when the run returns.
        defer { trainer.onStep = nil; trainer.onEpoch = nil; trainer.shouldStop = nil }
        trainer.detectAnomalies = options.detectAnomaly
        trainer.augmentation = augmentation(settings, normalization: normalization)
        let completed: Bool
        do {
            completed = try trainer.fit(epochs: settings.epochs - trainer.epoch, train: train, validation: validation)
        } catch {
            progress.finish(status: "stopped")
            let kept = FileManager.default.fileExists(atPath: checkpoint.path)
                ? "the last good checkpoint is kept in \(checkpoint.path)"
                : "no epoch ended, so no checkpoint was saved"
            let hint = switch error {
            case .diverged: "; pass --allow-divergence to train on regardless"
            case .nonFiniteLoss, .nonFiniteGradient, .nonFiniteState:
                options.detectAnomaly ? "" : "; run again with --detect-anomaly to find the operation and line that made it"
            default: ""
            }
            throw CommandLineError("\(error); \(kept)\(hint)")
        }
        if let saveError { throw saveError }
        let seconds = ProgressBar.monotonicSeconds() - start
        if !completed {
            progress.finish(status: "interrupted")
            try save(seconds: seconds)
            let step = trainer.iteration - trainer.epoch * perEpoch
            if trainer.epoch >= settings.epochs && step == 0 {
                // Every epoch ran: resuming would have nothing to do, so point at the test instead.
                log("interrupted after the last epoch, before the test set; the run is complete and saved in \(folderURL.path)")
                log(evaluateCommand(settings, checkpoint: checkpoint))
                return Summary(validationAccuracy: trainer.state.bestValidationAccuracy, testAccuracy: nil,
                               trainSeconds: seconds, folder: folderURL, completed: false)
            }
            log("interrupted " + (step == 0 ? "after epoch \(trainer.epoch)" : "after step \(step) of epoch \(trainer.epoch + 1)")
                + "; saved \(folderURL.path)")
            log("resume with: train " + (cluster == nil ? "" : "--distributed ") + "--resume \(shellQuoted(folderURL.path))")
            return Summary(validationAccuracy: trainer.history.validationAccuracy.last ?? 0, testAccuracy: nil,
                           trainSeconds: seconds, folder: folderURL, completed: false)
        }
        progress.finish(status: "\(format(seconds)) s")

        // The test set sees the best model once, at the end; the checkpoint keeps the last
        // parameters (so the run can be extended) and the best ones under best/.
        let last = model.state
        if !trainer.state.bestModelState.isEmpty { try model.load(trainer.state.bestModelState) }
        let testPredictions = predictions(of: model, on: test, averagingMirrors: mirrors)
        var confusion = ConfusionMatrix(classNames: test.classNames)
        confusion.record(labels: test.labels, predictions: testPredictions)
        let testAccuracy = accuracy(testPredictions, test.labels)
        // With mirror averaging, the images alone as well, so the two can be told apart.
        let singleView = mirrors ? accuracy(of: model, on: test) : nil
        try model.load(last)
        try save(testMetrics: (testAccuracy, confusion, testPredictions, singleView), seconds: seconds)

        let best = trainer.state.bestValidationAccuracy
        log("test accuracy \(format(testAccuracy * 100))%"
            + (singleView.map { " with mirror averaging, \(format($0 * 100))% without" } ?? "")
            + " (best validation \(format(best * 100))%), \(format(seconds)) s of training")
        if let cluster { log(cluster.speedReport(samples: (trainer.iteration - firstIteration) * settings.batchSize, seconds: seconds)) }
        log("report: \(folderURL.path)")
        log(evaluateCommand(settings, checkpoint: checkpoint))
        return Summary(validationAccuracy: best, testAccuracy: testAccuracy, trainSeconds: seconds, folder: folderURL, completed: true)
    }

    /// The command that tests the run's checkpoint.
    static func evaluateCommand(_ settings: RunSettings, checkpoint: URL) -> String {
        "evaluate with: evaluate --checkpoint \(shellQuoted(checkpoint.path))"
            + (settings.data.map { " --data \(shellQuoted($0))" } ?? "") + " --dataset \(settings.dataset)"
    }

    /// The run's report: histories, plots, settings and, at the end, the test metrics.
    static func report(_ settings: RunSettings, trainer: Trainer<Float>, model: Module<Float>, data: DataSplits,
                       test: TestMetrics?, seconds: Double) throws -> RunReport {
        var report = RunReport(title: "\(settings.model) on \(settings.dataset)", loss: trainer.history.loss,
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

    /// The settings stored in a checkpoint's metadata.
    package static func storedSettings(in checkpoint: URL) throws -> RunSettings { try RunSettings.stored(in: checkpoint) }

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
        // The optimisers' decay is per step; the trainer scales it with the learning rate after.
        let decay = Float(options.learningRate * options.weightDecay)
        switch options.optimizer {
        case .sgd: return SGD(parameters, learningRate: lr, weightDecay: decay)
        case .momentum: return Momentum(parameters, learningRate: lr, weightDecay: decay)
        case .rmsprop: return RMSprop(parameters, learningRate: lr, weightDecay: decay)
        case .adam: return Adam(parameters, learningRate: lr, weightDecay: decay)
        }
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
