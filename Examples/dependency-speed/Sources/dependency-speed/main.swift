// Times a Float GEMM and two training steps through Adjoint's public API and prints one JSON
// object, the same keys `bench` uses, so the two builds of this package can be compared.
import AdjointNN
import Dispatch

/// The median of `repeats` runs of `body`, in seconds, after two warm-up runs.
func medianSeconds(repeats: Int, _ body: () -> Void) -> Double {
    body(); body()
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[repeats / 2]
}

var rng = SeededGenerator(seed: 0)
let a = Tensor<Float>.randn([1024, 1024], using: &rng), b = Tensor<Float>.randn([1024, 1024], using: &rng)
let gemm = medianSeconds(repeats: 30) { _ = a.matmul(b) }

/// One step: forward, loss, backward, update.
func trainStep(_ model: Module<Float>, _ optimizer: Optimizer<Float>, _ x: Tensor<Float>, _ labels: [Int]) {
    optimizer.zeroGrad()
    softmaxCrossEntropy(model(x), labels: labels).backward()
    optimizer.step()
}
let x = Tensor<Float>.randn([100, 32, 32, 3], using: &rng)
let labels = (0..<100).map { $0 % 10 }
let tiny = TinyNet<Float>(inputSize: 3072, hiddenSize: 512, classes: 20, seed: 0)
let sgd = SGD(tiny.parameters, learningRate: 1e-3)
let mlp = medianSeconds(repeats: 30) { trainStep(tiny, sgd, x, labels) }
let fc = FullyConnectedNet<Float>(hiddenSizes: [500, 500, 500, 500], inputSize: 3072, classes: 10,
                                  dropout: 0.85, useBatchNorm: true, seed: 0)
let adam = Adam(fc.parameters, learningRate: 1e-3)
let fc4x500 = medianSeconds(repeats: 20) { trainStep(fc, adam, x, labels) }

print("""
{"matmul_f32_1024_gflops": \(2 * 1024 * 1024 * 1024 / gemm / 1e9), "mlp_step_ms": \(mlp * 1e3), "fc4x500_step_ms": \(fc4x500 * 1e3)}
""")
