import AdjointCommandLine
import Foundation

extension CharModelRun {
    /// The run's page: the held-out NLL, the loss curves and the sampled words.
    func page(heldOutNLL: Double, samples: [String]) -> String {
        var page = HTMLPage(title: "char-model: \(options.model.rawValue)")
        page.paragraph(String(format: "Held-out negative log-likelihood %.4f nats per character after %d steps of %d words "
                              + "(%d training words, %d held out; median step %.2f ms).",
                              heldOutNLL, steps, Self.batchSize, train.inputs.count, heldOut.inputs.count, medianStepMilliseconds))
        let chart = LineChart(title: "Loss", xLabel: "step", yLabel: "nats per character", series: [
            ChartSeries("training batch", values: losses, smoothing: .automatic),
            ChartSeries("held out", x: heldOutCurve.map { Double($0.step) }, y: heldOutCurve.map(\.nll)),
        ])
        page.figure(chart.svg(), caption: "Cross-entropy of each training batch (smoothed) and of the held-out words")
        page.heading("Samples")
        page.table(header: ["", "sampled word"], rows: samples.enumerated().map { ["\($0.offset + 1)", $0.element] })
        return page.document()
    }
}
