import AdjointTraining
import Foundation

/// `train_epoch_seconds` and `train_epoch_peak_rss_mib`: one epoch of the flagship model
/// (FullyConnectedNet 784-500x4-10, batch norm, dropout, Adam, batch 100) on 60,000 synthetic
/// 784-feature samples. It runs in a child process so the peak resident size is the epoch's
/// alone, not the rest of the benchmark's. `train_epoch_rss_growth_mib` is how much the
/// resident size grew during a second epoch (0 when the tape frees every step).
func trainingBenchmarks() -> [String: Double] {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--train-epoch-child"]
    let pipe = Pipe()
    child.standardOutput = pipe
    do { try child.run() } catch { return ["train_epoch_seconds": -1] }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    var figures: [String: Double] = [:]
    for line in output.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2, let value = Double(parts[1]) { figures[String(parts[0])] = value }
    }
    return figures
}

/// The child's side: train one epoch and print `name value` lines.
func trainEpochChild() {
    var rng = SeededGenerator(seed: 0)
    let samples = 60_000
    let x = Tensor<Float>.randn([samples, 784], using: &rng)
    let labels = (0..<samples).map { _ in rng.nextInt(below: 10) }
    let validation = Tensor<Float>.randn([1000, 784], using: &rng)
    let validationLabels = (0..<1000).map { _ in rng.nextInt(below: 10) }
    let classes = (0..<10).map(String.init)
    let train = Dataset(images: x, labels: labels, classNames: classes)
    let held = Dataset(images: validation, labels: validationLabels, classNames: classes)
    let model = FullyConnectedNet<Float>(hiddenSizes: [500, 500, 500, 500], inputSize: 784, classes: 10,
                                              dropout: 0.85, useBatchNorm: true, initialization: .kaiming, seed: 0)
    let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3),
                          configuration: .init(batchSize: 100))
    let start = DispatchTime.now().uptimeNanoseconds
    try! trainer.fit(epochs: 1, train: train, validation: held)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("train_epoch_seconds \(seconds)")
    print("train_epoch_peak_rss_mib \(peakResidentMiB())")
    let afterFirst = residentMiB()
    try! trainer.fit(epochs: 1, train: train, validation: held)
    print("train_epoch_rss_growth_mib \(residentMiB() - afterFirst)")
}
