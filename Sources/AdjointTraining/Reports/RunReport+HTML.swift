import Foundation

// The run's `index.html`: what ran, how it trained, how it did on the test set, all on one page.

extension RunReport {
    /// Figures the page knows by name, in the order it shows them, with their headings; any
    /// other figure follows under its file name.
    static let knownFigures = [("misclassified.svg", "Misclassified test images"),
                               ("filters.svg", "First-layer filters")]

    /// The report as one self-contained HTML page (inline CSS and SVG, no scripts): the
    /// command, ``details`` and ``model``; the loss per step with its moving average and the
    /// accuracies per epoch; the confusion matrix with per-class precision and recall; the
    /// figures; and the metrics, written as in `metrics.json`.
    ///
    /// ```swift
    /// let html = RunReport(title: "demo", loss: [2.3, 1.9, 1.2], metrics: ["epochs": 1]).html()
    /// ```
    public func html() -> String {
        var page = HTMLPage(title: title)
        if command != nil || !details.isEmpty || model != nil {
            page.heading("What ran")
            if let command { page.paragraph(command, code: true) }
            if !details.isEmpty { page.table(header: ["setting", "value"], rows: details.map { [$0.name, $0.value] }) }
            if let model {
                page.paragraph("\(model.modelType): \(model.total) trainable parameters")
                page.table(header: ["layer", "tensors", "parameters"],
                           rows: model.rows.map { [$0.layer, $0.tensors.joined(separator: ", "), String($0.count)] })
            }
        }
        if !loss.isEmpty || !trainAccuracy.isEmpty || !validationAccuracy.isEmpty {
            page.heading("Training")
            if !loss.isEmpty {
                page.figure(LineChart(title: "Loss per step", xLabel: "step", yLabel: "loss",
                                      series: [ChartSeries("loss", values: loss, smoothing: .automatic)]).svg(),
                            caption: "The line is the moving average; the faint band behind it the loss of each step.")
            }
            let accuracy = [ChartSeries("train", values: trainAccuracy), ChartSeries("validation", values: validationAccuracy)]
                .filter { !$0.y.isEmpty }
            if !accuracy.isEmpty {
                page.figure(LineChart(title: "Accuracy per epoch", xLabel: "epoch", yLabel: "accuracy", series: accuracy).svg())
            }
        }
        if let confusion {
            page.heading("Confusion matrix")
            page.figure(confusion.svg(title: "Confusion matrix"), caption: "Rows: true class; columns: predicted class.")
            page.table(header: ["class", "precision", "recall", "samples"], rows: confusion.classNames.indices.map { i in
                [confusion.classNames[i], Self.share(confusion.precision(ofClass: i)), Self.share(confusion.recall(ofClass: i)),
                 String(confusion.counts[i].reduce(0, +))]
            })
        }
        let named = Dictionary(uniqueKeysWithValues: Self.knownFigures)
        let order = Self.knownFigures.map(\.0).filter { figures[$0] != nil }
            + figures.keys.filter { named[$0] == nil }.sorted()
        for name in order {
            page.heading(named[name] ?? name)
            page.figure(figures[name]!)
        }
        if !metrics.isEmpty {
            page.heading("Final metrics")
            page.table(header: ["metric", "value"],
                       rows: metrics.sorted { $0.key < $1.key }.map { [$0.key, JSONText.number($0.value).rendered()] })
            page.paragraph("As in metrics.json.")
        }
        return page.document()
    }

    /// `0.912`, or `-` when undefined (a class never predicted).
    static func share(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "-"
    }
}
