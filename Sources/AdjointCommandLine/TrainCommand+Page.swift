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
        // A row per option that has one, in the table's order, then what no option sets.
        let epochs = report.trainAccuracy.count
        let rows = TrainOptions.table.compactMap { option in option.row.map { (name: $0.name, value: $0.text(settings, epochs)) } }
        report.details = rows + [
            (name: "splits", value: "\(data.train.count) train / \(data.validation.count) validation / \(data.test.count) test"),
            (name: "training time", value: String(format: "%.1f s", seconds)),
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
