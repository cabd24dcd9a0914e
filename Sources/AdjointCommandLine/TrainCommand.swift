import Foundation

/// The `train` command: load a data set, build a model and optimiser from `TrainOptions`,
/// train with progress, evaluate on the test set, and write the run folder (metrics,
/// histories, plots, confusion matrix, checkpoint).
///
/// ```swift
/// let summary = try TrainCommand.run(try TrainOptions.parse(["--epochs", "2"]))
/// print(summary.testAccuracy)
/// ```
package enum TrainCommand {
    /// What a finished run reports.
    ///
    /// ```swift
    /// print(summary.testAccuracy, summary.folder.path)
    /// ```
    package struct Summary: Sendable {
        package var trainAccuracy: Double
        package var validationAccuracy: Double
        package var testAccuracy: Double
        package var trainSeconds: Double
        package var folder: URL
    }

    /// Runs the command; `log` receives the human-readable lines.
    package static func run(_ options: TrainOptions, log: (String) -> Void = printLine) throws -> Summary {
        let (splits, normalization) = try loadData(options)
        let (train, validation, test) = (splits.train, splits.validation, splits.test)
        log("data: \(options.dataset.rawValue), \(train.count) train / \(validation.count) validation / \(test.count) test, image \(train.imageShape)")

        let model = makeModel(options, imageShape: train.imageShape, classes: train.classCount)
        let optimizer = makeOptimizer(options, parameters: model.parameters)
        let trainer = Trainer(model: model, optimizer: optimizer,
                              configuration: .init(batchSize: options.batchSize,
                                                   schedule: .perEpoch(options.learningRateDecay), seed: options.seed))
        log("model: \(options.model.rawValue) (\(model.parameterCount) parameters), optimizer: \(options.optimizer.rawValue), lr \(options.learningRate)")

        let perEpoch = trainer.iterationsPerEpoch(train.count)
        let progress = ProgressBar(total: options.epochs * perEpoch, label: "train")
        trainer.onStep = { iteration, loss in
            progress.update(completed: iteration, status: "epoch \((iteration - 1) / perEpoch + 1)/\(options.epochs) loss \(format(loss))")
        }
        trainer.onEpoch = { epoch, history in
            progress.message("epoch \(epoch)/\(options.epochs): train accuracy \(format(history.trainAccuracy.last!)), validation accuracy \(format(history.validationAccuracy.last!))")
        }
        let start = ProgressBar.monotonicSeconds()
        try trainer.fit(epochs: options.epochs, train: train, validation: validation)
        let seconds = ProgressBar.monotonicSeconds() - start
        progress.finish(status: "\(format(seconds)) s")

        let testPredictions = predictions(of: model, on: test)
        let testAccuracy = accuracy(testPredictions, test.labels)
        let summary = Summary(trainAccuracy: accuracy(of: model, on: train),
                              validationAccuracy: accuracy(of: model, on: validation),
                              testAccuracy: testAccuracy, trainSeconds: seconds, folder: outputFolder(options))

        var confusion = ConfusionMatrix(classNames: test.classNames)
        confusion.record(labels: test.labels, predictions: testPredictions)
        var report = RunReport(title: "\(options.model.rawValue) on \(options.dataset.rawValue)",
                               loss: trainer.history.loss, trainAccuracy: trainer.history.trainAccuracy,
                               validationAccuracy: trainer.history.validationAccuracy, confusion: confusion)
        report.metrics = ["train_accuracy": summary.trainAccuracy, "val_accuracy": summary.validationAccuracy,
                          "test_accuracy": testAccuracy, "epochs": Double(options.epochs), "train_seconds": seconds,
                          "best_val_accuracy": trainer.state.bestValidationAccuracy]
        // The input normalisation goes with the weights: new images need the same statistics.
        let statistics = String(decoding: try JSONEncoder().encode(normalization), as: UTF8.self)
        report.info = ["dataset": options.dataset.rawValue, "model": options.model.rawValue,
                       "optimizer": options.optimizer.rawValue, "learning_rate": String(options.learningRate),
                       "batch_size": String(options.batchSize), "seed": String(options.seed),
                       "input_normalization": statistics]
        if let cnn = model as? SmallConvolutionalNetwork<Float> {
            // The learned first-layer filters, one small image each: (k, k, 1, F) -> (F, k, k, 1).
            let filters = cnn.conv1.weight.value.permuted([3, 0, 1, 2])
            report.figures["filters.svg"] = ImageGrid(filters, title: "First-layer filters").svg()
        }
        try report.write(to: summary.folder)
        try Checkpoint.save(model: model, optimizer: optimizer, trainer: trainer,
                            metadata: report.info, to: summary.folder.appendingPathComponent("model.safetensors"))
        log("test accuracy \(format(testAccuracy * 100))% (validation \(format(summary.validationAccuracy * 100))%), \(format(seconds)) s of training")
        log("report: \(summary.folder.path)")
        return summary
    }

    /// The data set's splits, scaled to [0, 1] and normalised per channel with the training
    /// statistics; a twelfth of the training part validates.
    package static func loadData(_ options: TrainOptions) throws -> (splits: DataSplits, normalization: ChannelNormalization) {
        var trainPart: Dataset, testPart: Dataset
        switch options.dataset {
        case .fashionMNIST:
            let directory = try options.dataDirectory ?? FashionMNIST.directory(full: false)
            (trainPart, testPart) = (try FashionMNIST.load(.train, from: directory), try FashionMNIST.load(.test, from: directory))
        case .mnist:
            let directory = try required(options.dataDirectory, "MNIST")
            (trainPart, testPart) = (try MNIST.load(.train, from: directory), try MNIST.load(.test, from: directory))
        case .cifar10:
            let directory = try required(options.dataDirectory, "CIFAR-10")
            (trainPart, testPart) = (try CIFAR10.load(.train, from: directory), try CIFAR10.load(.test, from: directory))
        case .cifar100:
            let directory = try required(options.dataDirectory, "CIFAR-100")
            (trainPart, testPart) = (try CIFAR100.load(.train, from: directory, labels: .coarse),
                                     try CIFAR100.load(.test, from: directory, labels: .coarse))
        }
        if options.trainingSamples > 0 && options.trainingSamples < trainPart.count {
            trainPart = trainPart.subset(0..<options.trainingSamples)
        }
        var splits = try DataSplits(training: trainPart.scaled(), test: testPart.scaled(), validationFraction: 1.0 / 12)
        let normalization = ChannelNormalization(fitting: splits.train)
        splits.train = normalization.apply(to: splits.train)
        splits.validation = normalization.apply(to: splits.validation)
        splits.test = normalization.apply(to: splits.test)
        return (splits, normalization)
    }

    static func required(_ directory: String?, _ name: String) throws -> String {
        guard let directory else {
            throw CommandLineError("--data DIR is required for \(name) (see Data/README.md for how to fetch it)")
        }
        return directory
    }

    static func makeModel(_ options: TrainOptions, imageShape: [Int], classes: Int) -> Module<Float> {
        let inputSize = imageShape.reduce(1, *)
        switch options.model {
        case .fc:
            return FullyConnectedNet(hiddenSizes: [500, 500, 500, 500], inputSize: inputSize, classes: classes,
                                         dropout: 0.85, useBatchNorm: true, initialization: .kaiming, seed: options.seed)
        case .twoLayer:
            return TwoLayerNet(inputSize: inputSize, hiddenSize: 256, classes: classes, weightScale: 1e-2, seed: options.seed)
        case .tiny:
            return TinyNet(inputSize: inputSize, hiddenSize: 512, classes: classes, seed: options.seed)
        case .cnn:
            return SmallConvolutionalNetwork(height: imageShape[0], width: imageShape[1], channels: imageShape[2],
                                             classes: classes, seed: options.seed)
        }
    }

    static func makeOptimizer(_ options: TrainOptions, parameters: [Variable<Float>]) -> Optimizer<Float> {
        let lr = Float(options.learningRate)
        switch options.optimizer {
        case .sgd: return SGD(parameters, learningRate: lr)
        case .momentum: return Momentum(parameters, learningRate: lr)
        case .rmsprop: return RMSprop(parameters, learningRate: lr)
        case .adam: return Adam(parameters, learningRate: lr)
        }
    }

    static func outputFolder(_ options: TrainOptions) -> URL {
        if let out = options.outputDirectory { return URL(fileURLWithPath: out) }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        return URL(fileURLWithPath: "runs/\(options.model.rawValue)-\(options.dataset.rawValue)-\(stamp)")
    }

    /// Writes a line to standard output unbuffered, so it stays in order with the progress
    /// bar on standard error.
    package static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func format(_ x: Double) -> String { String(format: x.magnitude >= 100 ? "%.0f" : "%.3g", x) }
}
