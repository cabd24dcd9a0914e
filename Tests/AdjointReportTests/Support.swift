import Foundation
import AdjointCommandLine

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "adjoint-report-tests-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `count` random 6x6 grey images in 3 classes, seeded.
func tinyImages(count: Int, seed: UInt64 = 0) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    let images = Tensor<Float>((0..<(count * 36)).map { _ in Float(rng.nextUniform()) }, shape: [count, 6, 6, 1])
    return Dataset(images: images, labels: (0..<count).map { $0 % 3 }, classNames: ["a", "b", "c"])
}

/// A report with every part the page shows.
func fullReport() -> RunReport {
    let loss: [Double] = (0..<120).map { (i: Int) -> Double in 2.3 / Double(i + 1) + 0.01 * Double(i % 7) }
    var report = RunReport(title: "demo <run>", loss: loss,
                           trainAccuracy: [0.5, 0.7, 0.8], validationAccuracy: [0.45, 0.66, 0.74],
                           confusion: ConfusionMatrix(classNames: ["a", "b", "c"], counts: [[5, 1, 0], [2, 7, 1], [0, 0, 9]]),
                           metrics: ["test_accuracy": 0.84, "epochs": 3, "train_seconds": 1.25])
    report.command = "train --model cnn --epochs 3"
    report.details = [("splits", "100 train / 10 validation / 25 test"), ("seed", "0")]
    report.model = ModelSummary(TwoLayerNet<Float>(inputSize: 36, hiddenSize: 8, classes: 3, weightScale: 1e-2, seed: 0))
    let test = tinyImages(count: 25)
    report.figures["misclassified.svg"] = ImageGrid.misclassified(in: test, predictions: Array(repeating: 0, count: 25))!.svg()
    report.figures["filters.svg"] = ImageGrid(Tensor<Float>.ones([4, 3, 3, 1]), title: "filters").svg()
    return report
}
