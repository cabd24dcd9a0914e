import Foundation

/// Several training runs on one HTML page: their loss curves overlaid, their train and
/// validation accuracies on shared axes, and one table row of metrics per run. Written by
/// ``Comparison`` (the example scripts) and by the `compare` executable from run folders.
///
/// ```swift
/// let runs = try ["runs/sgd", "runs/adam"].map { try ComparisonPage.Run(folder: URL(fileURLWithPath: $0)) }
/// let html = ComparisonPage(title: "SGD vs Adam", runs: runs).html()
/// ```
public struct ComparisonPage: Sendable {
    /// One run's curves and final numbers.
    ///
    /// ```swift
    /// let run = ComparisonPage.Run(name: "sgd", loss: trainer.history.loss, validationAccuracy: trainer.history.validationAccuracy)
    /// ```
    public struct Run: Sendable, Equatable {
        /// The run's name in the legends and the table.
        public var name: String
        /// The training loss after each iteration.
        public var loss: [Double]
        /// The accuracy on (a sample of) the training set after each epoch.
        public var trainAccuracy: [Double]
        /// The accuracy on the validation set after each epoch.
        public var validationAccuracy: [Double]
        /// As in the run's `metrics.json`: `test_accuracy`, `best_val_accuracy`, ...
        public var metrics: [String: Double]

        /// A run from its numbers.
        ///
        /// ```swift
        /// let run = ComparisonPage.Run(name: "adam", loss: [2.3, 0.9], validationAccuracy: [0.8], metrics: ["test_accuracy": 0.79])
        /// ```
        public init(name: String, loss: [Double] = [], trainAccuracy: [Double] = [], validationAccuracy: [Double] = [],
                    metrics: [String: Double] = [:]) {
            (self.name, self.loss, self.trainAccuracy, self.validationAccuracy) = (name, loss, trainAccuracy, validationAccuracy)
            self.metrics = metrics
        }

        /// The run a `RunReport` wrote into `folder` (its `history.json` and `metrics.json`),
        /// named after the folder unless `name` is given. A `null` (non-finite) value reads as NaN.
        ///
        /// ```swift
        /// let run = try ComparisonPage.Run(folder: URL(fileURLWithPath: "runs/cnn-fashion-mnist"))
        /// ```
        public init(folder: URL, name: String? = nil) throws {
            func object(_ file: String) throws -> [String: Any] {
                let path = folder.appending(path: file).path
                // A bounded read of a regular file: a FIFO or device in a run folder must not hang or fill memory.
                let bytes = try DataFile.read(path, expected: "a run's \(file)", maximumSize: 1 << 26)
                guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                    throw DataError(.unreadable("not a JSON object"), path: path)
                }
                return object
            }
            func numbers(_ value: Any?) -> [Double] { (value as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? [] }
            let history = try object("history.json")
            let metrics = (try object("metrics.json")["metrics"] as? [String: Any]) ?? [:]
            self.init(name: name ?? folder.standardizedFileURL.lastPathComponent, loss: numbers(history["loss"]),
                      trainAccuracy: numbers(history["train_accuracy"]), validationAccuracy: numbers(history["validation_accuracy"]),
                      metrics: metrics.compactMapValues { ($0 as? NSNumber)?.doubleValue })
        }
    }

    /// The page's `<title>` and heading.
    public var title: String
    /// The runs, in the order of the legends and the table.
    ///
    /// ```swift
    /// comparisonPage.runs.append(try ComparisonPage.Run(folder: URL(fileURLWithPath: "runs/adam")))
    /// ```
    public var runs: [Run]

    /// A page comparing `runs`, in that order.
    ///
    /// ```swift
    /// let page = ComparisonPage(title: "Dropout", runs: [run])
    /// ```
    public init(title: String, runs: [Run]) {
        self.title = title
        self.runs = runs
    }

    /// Metrics shown first, in this order, when the runs have them.
    static let leadingMetrics = ["test_accuracy", "best_val_accuracy", "val_accuracy", "train_accuracy", "final_loss",
                                 "train_seconds", "epochs"]

    /// The page: the curves overlaid, then the metrics table (one row per run).
    ///
    /// ```swift
    /// try AtomicFile.write(Data(comparisonPage.html().utf8), to: folder.appendingPathComponent("index.html"))
    /// ```
    public func html() -> String {
        var page = HTMLPage(title: title)
        page.heading("Curves")
        if runs.contains(where: { !$0.loss.isEmpty }) {
            page.figure(LineChart(title: "Training loss per step", xLabel: "step", yLabel: "loss",
                                  series: runs.map { ChartSeries($0.name, values: $0.loss, smoothing: .automatic) }).svg(),
                        caption: "Each run's moving average, its raw loss faint behind it.")
        }
        let colors = runs.indices.map { ChartStyle.color(forSeries: $0) }
        let validation = zip(runs, colors).map { ChartSeries($0.name, values: $0.validationAccuracy, color: $1) }
        page.figure(LineChart(title: "Validation accuracy per epoch", xLabel: "epoch", yLabel: "accuracy",
                              series: validation.filter { !$0.y.isEmpty }).svg())
        let train = zip(runs, colors).map { ChartSeries($0.name, values: $0.trainAccuracy, color: $1) }
        page.figure(LineChart(title: "Training accuracy per epoch", xLabel: "epoch", yLabel: "accuracy",
                              series: train.filter { !$0.y.isEmpty }).svg(),
                    caption: "Measured on a sample of the training set after each epoch.")
        page.heading("Metrics")
        let keys = Set(runs.flatMap(\.metrics.keys))
        let columns = Self.leadingMetrics.filter(keys.contains) + keys.subtracting(Self.leadingMetrics).sorted()
        page.table(header: ["run"] + columns, rows: runs.map { run in
            [run.name] + columns.map { key in run.metrics[key].map { JSONText.number($0).rendered() } ?? "-" }
        })
        return page.document()
    }
}
