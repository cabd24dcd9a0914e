import Foundation

/// Everything a finished (or interrupted) training run leaves behind, written into one folder.
///
/// Plain arrays and dictionaries in, so any training loop can fill it. ``write(to:)`` creates
/// the folder and writes each file atomically:
/// - `metrics.json`: `{"metrics": {...}, "info": {...}, "confusion_matrix": {...}}`, keys sorted;
/// - `history.json`: `{"loss": [...], "train_accuracy": [...], "validation_accuracy": [...]}`;
/// - `loss.svg` (per iteration, smoothed) and `accuracy.svg` (per epoch), when there is data;
/// - `confusion.svg` and `confusion.txt`, when a confusion matrix is given;
/// - any extra ``figures``, under their own names;
/// - `index.html`: all of the above on one self-contained page (``html()``), with the
///   command, the ``details`` and the ``model`` summary.
///
/// JSON has no NaN, so non-finite values (a diverged loss) are written as `null`.
///
/// ```swift
/// var report = RunReport(title: "fc-4x500 on Fashion-MNIST")
/// report.loss = trainer.history.loss
/// report.trainAccuracy = trainer.history.trainAccuracy
/// report.validationAccuracy = trainer.history.validationAccuracy
/// report.confusion = ConfusionMatrix(classNames: ["cat", "dog"], counts: [[5, 1], [2, 7]])
/// report.metrics = ["best_val_accuracy": 0.883, "epochs": 20, "seconds": 412.5]
/// report.info = ["optimizer": .string("adam"), "lr": .number(1e-3)]
/// try report.write(to: URL(fileURLWithPath: "runs/fc-4x500"))
/// ```
public struct RunReport: Sendable {
    /// Shown in the charts' titles.
    public var title: String
    /// The training loss after each iteration.
    public var loss: [Double]
    /// Accuracy on (a sample of) the training set after each epoch.
    public var trainAccuracy: [Double]
    /// Accuracy on the validation set after each epoch.
    public var validationAccuracy: [Double]
    /// The final confusion matrix (usually on the validation or test set), if any.
    public var confusion: ConfusionMatrix?
    /// Numbers such as `best_val_accuracy`, `epochs`, `seconds`.
    public var metrics: [String: Double]
    /// Descriptions such as the model, data set and hyper-parameters, as typed JSON.
    public var info: [String: JSONText]
    /// Extra SVG documents by file name, e.g. `["filters.svg": ImageGrid(...).svg()]`.
    public var figures: [String: String]
    /// The exact command that ran, shown at the top of the page.
    public var command: String?
    /// What ran, in order: data set and split sizes, hyper-parameters, seed, duration.
    public var details: [(name: String, value: String)] = []
    /// The model's layers and parameter counts.
    public var model: ModelSummary?

    /// A report; set the properties that apply.
    ///
    /// ```swift
    /// let report = RunReport(title: "cnn", loss: [2.3, 2.1, 1.8], metrics: ["epochs": 1])
    /// ```
    public init(title: String = "Training run", loss: [Double] = [], trainAccuracy: [Double] = [],
                validationAccuracy: [Double] = [], confusion: ConfusionMatrix? = nil,
                metrics: [String: Double] = [:], info: [String: JSONText] = [:], figures: [String: String] = [:]) {
        self.title = title
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.confusion = confusion
        self.metrics = metrics
        self.info = info
        self.figures = figures
    }

    /// Writes the report's files into `folder` (created if needed) and returns their URLs.
    /// Each file is replaced atomically; files from an earlier report that this one does not
    /// produce are left alone.
    ///
    /// ```swift
    /// let written = try report.write(to: URL(fileURLWithPath: "runs/latest"))
    /// print(written.map(\.lastPathComponent))   // ["metrics.json", "history.json", "loss.svg", ...]
    /// ```
    @discardableResult
    public func write(to folder: URL) throws -> [URL] {
        for name in figures.keys {
            check(!name.isEmpty && !name.contains("/") && !name.hasPrefix("."),
                         "RunReport: figure name \"\(name)\" is not a plain file name")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        func save(_ name: String, _ text: String) throws {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(Data(text.utf8), to: url)
            written.append(url)
        }

        try save("metrics.json", metricsJSON().rendered(indent: 2) + "\n")
        try save("history.json", JSONText.object([
            ("loss", .array(loss.map { .number($0) })),
            ("train_accuracy", .array(trainAccuracy.map { .number($0) })),
            ("validation_accuracy", .array(validationAccuracy.map { .number($0) })),
        ]).rendered(indent: 2) + "\n")
        if !loss.isEmpty {
            try save("loss.svg", LineChart(title: "\(title): loss", xLabel: "iteration", yLabel: "loss",
                                           series: [ChartSeries("loss", values: loss, smoothing: .automatic)]).svg())
        }
        if !trainAccuracy.isEmpty || !validationAccuracy.isEmpty {
            let series = [ChartSeries("train", values: trainAccuracy), ChartSeries("validation", values: validationAccuracy)]
            try save("accuracy.svg", LineChart(title: "\(title): accuracy", xLabel: "epoch", yLabel: "accuracy",
                                               series: series.filter { !$0.y.isEmpty }).svg())
        }
        if let confusion {
            try save("confusion.svg", confusion.svg(title: "\(title): confusion matrix"))
            try save("confusion.txt", confusion.text())
        }
        for (name, svg) in figures.sorted(by: { $0.key < $1.key }) {
            try save(name, svg)
        }
        try save("index.html", html())
        return written
    }

    private func metricsJSON() -> JSONText {
        var members: [(String, JSONText)] = [
            ("metrics", .object(metrics.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
            ("info", .object(info.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ]
        if let confusion {
            members.append(("confusion_matrix", .object([
                ("classes", .array(confusion.classNames.map { .string($0) })),
                ("counts", .array(confusion.counts.map { .array($0.map { .integer($0) }) })),
                ("accuracy", confusion.accuracy.map { .number($0) } ?? .null),
            ])))
        }
        return .object(members)
    }
}
