// A small MLP fitting two noisy sine waves of one input, y = (sin 2x, cos 3x / 2) + noise,
// through SupervisedTrainer with the mean squared error: the regression counterpart of the
// classification scripts. Writes loss.svg, fit.svg and an index.html with both.
//   swift run -c release regression [--epochs N] [--train-samples N] [--seed N] [--out DIR]
import AdjointCommandLine
import Foundation

/// `count` samples x uniform in [-3, 3] and their two noisy targets, drawn from `rng`.
func sineWaves(count: Int, using rng: inout SeededGenerator) -> TensorDataset<Tensor<Float>, Tensor<Float>> {
    let x = (0..<count).map { _ in Float(6 * rng.nextUniform() - 3) }
    let y = x.flatMap { [sin(2 * $0), cos(3 * $0) / 2] }.map { $0 + Float(0.1 * rng.nextNormal()) }
    return TensorDataset(inputs: Tensor(x, shape: [count, 1]), targets: Tensor(y, shape: [count, 2]))
}

/// The model's two outputs at 200 evenly spaced x in [-3, 3], as lines against the data's dots.
func fitChart(_ model: Module<Float>, data: TensorDataset<Tensor<Float>, Tensor<Float>>) -> LineChart {
    let grid = (0..<200).map { -3 + 6 * Double($0) / 199 }
    model.eval()
    let fitted = withoutGradients { model(Variable(constant: Tensor(grid.map(Float.init), shape: [200, 1]))).value.scalars }
    let x = data.inputs.scalars.map(Double.init), y = data.targets.scalars.map(Double.init)
    let series = (0..<2).flatMap { output in
        [ChartSeries("data \(output + 1)", x: x, y: stride(from: output, to: y.count, by: 2).map { y[$0] }, mark: .dots),
         ChartSeries("fit \(output + 1)", x: grid, y: stride(from: output, to: fitted.count, by: 2).map { Double(fitted[$0]) })]
    }
    return LineChart(title: "Fitted functions against the validation data", xLabel: "x", yLabel: "y", series: series)
}

runExample(name: "regression", defaultEpochs: 100, defaultTrainingSamples: 800) { arguments in
    let output = try arguments.outputFolder()
    var rng = SeededGenerator(seed: arguments.seed)
    let train = sineWaves(count: arguments.trainingSamples, using: &rng)
    let validation = sineWaves(count: max(arguments.trainingSamples / 4, 1), using: &rng)
    let model = Sequential<Float>([Linear(1, 64, rng: &rng), SiLU(), Linear(64, 64, rng: &rng), SiLU(), Linear(64, 2, rng: &rng)])
    let batchSize = 32
    let iterations = arguments.epochs * DataLoader.batchCount(samples: train.count, batchSize: batchSize)
    let trainer = SupervisedTrainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-2),
                                    loss: { output, targets in mse(output, Variable(constant: targets)) },
                                    metrics: ["mae": { output, targets in Double(l1(output, Variable(constant: targets)).value.scalar) }],
                                    configuration: .init(batchSize: batchSize, schedule: .cosine(iterations: iterations),
                                                         seed: arguments.seed))
    let progress = ProgressBar(total: iterations, label: "regression")
    trainer.callbacks.onStep = { iteration, loss in progress.update(completed: iteration, status: String(format: "loss %.4f", loss)) }
    trainer.callbacks.onEpoch = { epoch, history in
        progress.message(String(format: "epoch %d: train mse %.4f, validation mse %.4f, mae %.4f", epoch, history.trainLoss.last!,
                                history.validationLoss.last!, history.validationMetrics["mae"]!.last!))
    }
    try trainer.fit(epochs: arguments.epochs, train: train, validation: validation)
    let best = trainer.evaluate(validation)
    progress.finish(status: String(format: "validation mse %.4f (the noise alone: 0.01)", best.loss))

    let history = trainer.history
    let loss = LineChart(title: "Mean squared error", xLabel: "epoch", yLabel: "mse",
                         series: [ChartSeries("train", values: history.trainLoss),
                                  ChartSeries("validation", values: history.validationLoss)])
    let fit = fitChart(model, data: validation)
    var page = HTMLPage(title: "regression: an MLP on two sine waves")
    page.paragraph("y = (sin 2x, cos 3x / 2) + noise of standard deviation 0.1; \(train.count) training and \(validation.count) validation samples, \(arguments.epochs) epochs, seed \(arguments.seed).")
    page.table(header: ["metric", "value"], rows: [["validation mse", String(format: "%.5f", best.loss)],
                                                    ["validation mae", String(format: "%.5f", best.metrics["mae"]!)]])
    page.figure(loss.svg(), caption: "mean training loss of each epoch and the validation loss after it")
    page.figure(fit.svg(), caption: "the model's outputs (lines) against the validation samples (dots)")
    try output.save { folder in
        try AtomicFile.write(Data(loss.svg().utf8), to: folder.appendingPathComponent("loss.svg"))
        try AtomicFile.write(Data(fit.svg().utf8), to: folder.appendingPathComponent("fit.svg"))
        try AtomicFile.write(Data(page.document().utf8), to: folder.appendingPathComponent("index.html"))
    }
    print("wrote \(arguments.outputDirectory)/index.html")
}
