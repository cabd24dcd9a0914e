import Foundation

extension TrainCommand {
    /// The test set's results at the end of a run: accuracy, confusion matrix and each image's
    /// predicted class (for the page's grid of mistakes).
    /// With mirror averaging, `singleView` is the accuracy without it.
    typealias TestMetrics = (accuracy: Double, confusion: ConfusionMatrix, predictions: [Int], singleView: Double?)

    /// Fills in what the run page shows beyond the histories: the command, the data and
    /// hyper-parameters, the model's layers and the misclassified test images.
    static func describe(_ settings: RunSettings, model: Module<Float>, data: DataSplits, test: TestMetrics?,
                         seconds: Double, in report: inout RunReport) {
        report.command = CommandLine.arguments.map(shellQuoted).joined(separator: " ")
        report.model = ModelSummary(model)
        report.details = [
            ("data set", "\(settings.dataset) (\(settings.data ?? "the subset in Data/")), images \(settings.imageShape.map(String.init).joined(separator: "x"))"),
            ("splits", "\(data.train.count) train / \(data.validation.count) validation / \(data.test.count) test"),
            ("optimizer", "\(settings.optimizer), learning rate \(settings.learningRate), "
                + TrainOptions.scheduleText(TrainOptions.Schedule(rawValue: settings.schedule ?? "") ?? .exponential,
                                            learningRateDecay: settings.learningRateDecay, weightDecay: settings.weightDecay ?? 0)),
            ("loss", "softmax cross-entropy" + (settings.labelSmoothing ?? 0 > 0 ? ", label smoothing \(settings.labelSmoothing!)" : "")),
            ("batch size", String(settings.batchSize)),
            ("epochs", "\(report.trainAccuracy.count) of \(settings.epochs)"),
            ("augmentation", augmentationText(settings)),
            ("evaluation", averagesMirrors(settings) ? "each image's scores plus its mirror image's (test-time flip)" : "each image once"),
            ("seed", String(settings.seed)),
            ("training time", String(format: "%.1f s", seconds)),
        ]
        if let test, let grid = ImageGrid.misclassified(in: data.test, predictions: test.predictions) {
            report.figures["misclassified.svg"] = grid.svg()
        }
    }

    /// The augmentation that ran, as the run built it.
    package static func augmentationText(_ settings: RunSettings) -> String {
        guard let augmentation = augmentation(settings, normalization: settings.inputNormalization ?? ChannelNormalization(mean: [], std: [])) else {
            return "none"
        }
        let pixels = augmentation.maxShift == 1 ? "1 pixel" : "\(augmentation.maxShift) pixels"
        return "random shifts of up to \(pixels)" + (augmentation.horizontalFlip ? " and horizontal flips" : ", no flips")
            + " (seeded per epoch and batch)"
    }
}
