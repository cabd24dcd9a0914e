import Foundation

/// The `evaluate` command: rebuild the model a `train` checkpoint describes, load its best
/// parameters (its last ones if it kept no best), normalise the test images with the
/// statistics stored beside the weights, and report the test accuracy, per-class recall and
/// the confusion matrix.
///
/// ```swift
/// let accuracy = try EvaluateCommand.run(checkpoint: "runs/a/model.safetensors", data: nil, dataset: nil, out: "runs/a-test")
/// ```
package enum EvaluateCommand {
    package static let usage = """
    usage: evaluate --checkpoint FILE [--data DIR] [--dataset NAME] [--out DIR]
      --checkpoint FILE   a model.safetensors written by train
      --data DIR          the data folder (default: the one the run trained on)
      --dataset NAME      fashion-mnist, mnist, cifar10, cifar100 (default: the run's)
      --out DIR           where the confusion matrix and metrics go (default runs/evaluate-<dataset>-<time>)
    """

    /// Parses the arguments (without the program name) into the four settings.
    package static func parse(_ arguments: [String]) throws(TrainOptions.ParseError)
        -> (checkpoint: String, data: String?, dataset: String?, out: String?)? {
        var values: [String: String] = [:]
        var rest = arguments[...]
        while let option = rest.popFirst() {
            if option == "--help" || option == "-h" { return nil }
            guard ["--checkpoint", "--data", "--dataset", "--out"].contains(option) else { throw .unknownOption(option) }
            guard let value = rest.popFirst() else { throw .missingValue(option) }
            values[option] = value
        }
        if let name = values["--dataset"], TrainOptions.Dataset(rawValue: name) == nil {
            throw .invalidValue(option: "--dataset", value: name, expected: ValueKind<TrainOptions.Dataset>.choice.expected)
        }
        guard let checkpoint = values["--checkpoint"] else { throw .missingValue("--checkpoint") }
        return (checkpoint, values["--data"], values["--dataset"], values["--out"])
    }

    /// Evaluates and writes the report; returns the test accuracy.
    package static func run(checkpoint: String, data: String?, dataset: String?, out: String?,
                            log: (String) -> Void = TrainCommand.printLine) throws -> Double {
        let url = URL(fileURLWithPath: checkpoint)
        let settings = try RunSettings.stored(in: url)
        var options = settings.options
        if let dataset { options.dataset = TrainOptions.Dataset(rawValue: dataset)! }
        if let data { options.dataDirectory = data }
        guard let normalization = settings.inputNormalization else {
            throw CommandLineError("\(checkpoint): the run's input normalisation is missing from its metadata")
        }
        var protected = TrainCommand.protectedFolders(data: options.dataDirectory)
        protected["the checkpoint"] = url
        let folder = try RunFolder(path: out ?? "runs/evaluate-\(options.dataset.rawValue)-\(Int(Date().timeIntervalSince1970))",
                                   kind: .evaluation, mode: .overwrite, protected: protected)
        let raw = try TrainCommand.loadPart(.test, options)
        guard raw.count > 0 else { throw CommandLineError("the test set of \(options.dataset.rawValue) is empty") }
        guard raw.imageShape == settings.imageShape && raw.classCount == settings.classNames.count else {
            throw CommandLineError("the model was trained on images \(settings.imageShape) in \(settings.classNames.count) classes; \(options.dataset.rawValue) has \(raw.imageShape) in \(raw.classCount)")
        }
        guard raw.channels == normalization.mean.count else {
            throw CommandLineError("the stored normalisation has \(normalization.mean.count) channels, the images \(raw.channels)")
        }
        let test = normalization.apply(to: raw.scaled())
        let model = try TrainCommand.makeModel(options, imageShape: settings.imageShape, classes: settings.classNames.count)
        let usedBest = try Checkpoint.loadWeights(from: url, into: model, preferringBest: true)

        var confusion = ConfusionMatrix(classNames: test.classNames)
        // As the run was validated: with its mirror averaging, if it had it, and its kernels.
        let mirrors = TrainCommand.averagesMirrors(settings)
        let (predicted, singleView) = Fusion.with(settings.fusion) {
            (predictions(of: model, on: test, averagingMirrors: mirrors), mirrors ? AdjointTraining.accuracy(of: model, on: test) : nil)
        }
        confusion.record(labels: test.labels, predictions: predicted)
        let accuracy = confusion.accuracy ?? 0
        log("\(settings.model.rawValue) from \(checkpoint) (\(usedBest ? "best" : "last") parameters) on \(options.dataset.rawValue) test, \(test.count) images")
        log("test accuracy \(String(format: "%.2f", accuracy * 100))%"
            + (singleView.map { String(format: " with mirror averaging, %.2f%% without", $0 * 100) } ?? ""))
        let width = test.classNames.map(\.count).max() ?? 0
        for (i, name) in test.classNames.enumerated() {
            let recall = confusion.recall(ofClass: i).map { String(format: "%.3f", $0) } ?? "-"
            log("  recall \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(recall)")
        }
        var report = RunReport(title: "\(settings.model.rawValue) on \(options.dataset.rawValue) test", confusion: confusion)
        report.metrics = ["test_accuracy": accuracy]
        if let singleView { report.metrics["test_accuracy_single_view"] = singleView }
        report.info = ["checkpoint": .string(url.path), "settings": try JSONText(encoding: settings)]
        report.command = CommandLine.arguments.map(TrainCommand.shellQuoted).joined(separator: " ")
        report.model = ModelSummary(model)
        report.details = [("checkpoint", "\(url.path) (\(usedBest ? "best" : "last") parameters)"),
                          ("data set", "\(options.dataset.rawValue) test, \(test.count) images"),
                          ("evaluation", mirrors ? "each image's scores plus its mirror image's (test-time flip)" : "each image once")]
        report.figures["misclassified.svg"] = ImageGrid.misclassified(in: test, predictions: predicted)?.svg()
        try folder.save { staging in try report.write(to: staging) }
        log("report: \(folder.url.appending(path: "index.html").path)")
        return accuracy
    }
}
