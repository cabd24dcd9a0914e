import AdjointTraining

/// `mlp_step_ms`: one training step of Flatten-FC-GELU-FC, 3072-512-20, batch 100, Float:
/// forward, loss, backward and an SGD step.
/// `fc4x500_step_ms`: FullyConnectedNet 3072-500-500-500-500-10 with batch norm and dropout,
/// Adam, batch 100, Float.
/// `fc4x500_tape_mib`: the bytes one of its steps' recorded graph keeps before its backward pass.
func mlpBenchmarks() -> [String: Double] {
    let (x, labels) = mlpBatch()
    let tiny = TinyNet<Float>(inputSize: 3072, hiddenSize: 512, classes: 20, seed: 0)
    let sgd = SGD(tiny.parameters, learningRate: 1e-3)
    return ["mlp_step_ms": medianTime(repeats: 50, seconds: 2) { step(tiny, sgd, x, labels) } * 1e3]
}

/// `fc4x500_step_ms` and `fc4x500_tape_mib`, apart from `mlp_step_ms` so a profile of
/// `bench fc4x500` holds this step alone.
func fc4x500Benchmarks() -> [String: Double] {
    let (x, labels) = mlpBatch()
    let fc = FullyConnectedNet<Float>(hiddenSizes: [500, 500, 500, 500], inputSize: 3072, classes: 10,
                                      dropout: 0.85, useBatchNorm: true, seed: 0)
    let adam = Adam(fc.parameters, learningRate: 1e-3)
    let fcLabels = labels.map { $0 % 10 }
    let fc4x500 = medianTime(repeats: 30, seconds: 2) { step(fc, adam, x, fcLabels) }
    let tape = tapeMiB(softmaxCrossEntropy(fc(x), labels: fcLabels))
    return ["fc4x500_step_ms": fc4x500 * 1e3, "fc4x500_tape_mib": tape]
}

/// The images (100 x 32 x 32 x 3) and labels (0 to 19) of both benchmarks.
func mlpBatch() -> (Tensor<Float>, [Int]) {
    var rng = SeededGenerator(seed: 0)
    return (Tensor<Float>.randn([100, 32, 32, 3], using: &rng), (0..<100).map { $0 % 20 })
}

/// One training step: forward, loss, backward, update.
func step(_ model: Module<Float>, _ optimizer: Optimizer<Float>, _ x: Tensor<Float>, _ labels: [Int]) {
    optimizer.zeroGrad()
    softmaxCrossEntropy(model(x), labels: labels).backward()
    optimizer.step()
}

/// The saved bytes of the graph behind `loss`, in MiB.
func tapeMiB(_ loss: Variable<Float>) -> Double {
    return Double(loss.memoryReport().totalBytes) / Double(1 << 20)
}
