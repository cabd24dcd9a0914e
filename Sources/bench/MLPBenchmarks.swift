import AdjointNN

/// `mlp_step_ms`: one training step of Flatten-FC-GELU-FC, 3072-512-20, batch 100, Float:
/// forward, loss, backward and an SGD step.
func mlpBenchmarks() -> [String: Double] {
    var rng = SeededGenerator(seed: 0)
    let model = TinyNet<Float>(inputSize: 3072, hiddenSize: 512, classes: 20, seed: 0)
    let optimizer = SGD(model.parameters, learningRate: 1e-3)
    let x = Tensor<Float>.randn([100, 32, 32, 3], using: &rng)
    let labels = (0..<100).map { $0 % 20 }
    let seconds = medianTime(repeats: 30) {
        model.zeroGrad()
        model.loss(Variable(constant: x), labels: labels).backward()
        optimizer.step()
    }
    return ["mlp_step_ms": seconds * 1e3]
}
