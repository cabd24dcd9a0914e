import Foundation

/// Side-by-side training runs of one experiment (dropout 0 vs 0.5, SGD vs Adam, ...): writes
/// `loss.svg` (every run's loss per iteration), `accuracy.svg` (training and validation
/// accuracy per epoch), `results.json` and `index.html` (``page``) into a folder, and prints a table.
///
/// ```swift
/// var comparison = Comparison(title: "Optimizers")
/// comparison.add("sgd", history: trainer.history, testAccuracy: 0.84)
/// try comparison.write(to: URL(fileURLWithPath: "runs/optimizers"))
/// ```
public struct Comparison: Sendable {
    /// Shown in the charts' titles, above the table and on the page.
    public var title: String
    /// The runs added so far, in order.
    public private(set) var runs: [(name: String, history: Trainer<Float>.History, testAccuracy: Double)] = []

    /// An empty comparison; runs are added with `add(_:history:testAccuracy:)`.
    ///
    /// ```swift
    /// var comparison = Comparison(title: "Optimizers")
    /// ```
    public init(title: String) { self.title = title }

    /// Adds a run: its name, its trainer's history and its accuracy on the test set.
    ///
    /// ```swift
    /// comparison.add("adam", history: trainer.history, testAccuracy: accuracy(of: net, on: splits.test))
    /// ```
    public mutating func add(_ name: String, history: Trainer<Float>.History, testAccuracy: Double) {
        runs.append((name, history, testAccuracy))
    }

    /// The results as aligned text: one row per run.
    public var table: String {
        let width = max(8, runs.map(\.name.count).max() ?? 0)
        var lines = [title, pad("run", width) + "  final loss  train acc  val acc  test acc"]
        for run in runs {
            let cells = [run.history.loss.last ?? .nan, run.history.trainAccuracy.last ?? .nan,
                         run.history.validationAccuracy.last ?? .nan, run.testAccuracy]
            lines.append(pad(run.name, width) + "  "
                         + cells.enumerated().map { String(format: $0.offset == 0 ? "%10.4f" : "%9.4f", $0.element) }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Writes the plots and `results.json` into `folder` (created if needed).
    ///
    /// ```swift
    /// try comparison.write(to: URL(fileURLWithPath: "runs/optimizers"))
    /// ```
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let loss = LineChart(title: "\(title): training loss", xLabel: "iteration", yLabel: "loss",
                             series: runs.map { ChartSeries($0.name, values: $0.history.loss, smoothing: .automatic) })
        let accuracy = LineChart(title: "\(title): accuracy", xLabel: "epoch", yLabel: "accuracy",
                                 series: runs.flatMap { run in
                                     [ChartSeries("\(run.name) train", values: run.history.trainAccuracy),
                                      ChartSeries("\(run.name) validation", values: run.history.validationAccuracy)]
                                 })
        try AtomicFile.write(Data(loss.svg().utf8), to: folder.appendingPathComponent("loss.svg"))
        try AtomicFile.write(Data(accuracy.svg().utf8), to: folder.appendingPathComponent("accuracy.svg"))
        let results = runs.map { run -> [String: Double] in
            ["test_accuracy": run.testAccuracy, "final_val_accuracy": run.history.validationAccuracy.last ?? -1,
             "final_train_accuracy": run.history.trainAccuracy.last ?? -1]
        }
        let json = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: zip(runs.map(\.name), results)),
                                              options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(json, to: folder.appendingPathComponent("results.json"))
        try AtomicFile.write(Data(page.html().utf8), to: folder.appendingPathComponent("index.html"))
    }

    /// The runs on one HTML page (``ComparisonPage``): curves overlaid, a table of metrics.
    ///
    /// ```swift
    /// let html = comparison.page.html()
    /// ```
    public var page: ComparisonPage {
        ComparisonPage(title: title, runs: runs.map { run in
            ComparisonPage.Run(name: run.name, loss: run.history.loss, trainAccuracy: run.history.trainAccuracy,
                               validationAccuracy: run.history.validationAccuracy,
                               metrics: ["test_accuracy": run.testAccuracy, "final_loss": run.history.loss.last ?? .nan,
                                         "val_accuracy": run.history.validationAccuracy.last ?? .nan,
                                         "train_accuracy": run.history.trainAccuracy.last ?? .nan])
        })
    }
}
