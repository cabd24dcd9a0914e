// Adam with decoupled weight decay (AdamW) vs Adam with an L2 penalty of the same nominal
// strength. Unlike SGD, the two differ: Adam rescales the penalty's gradient per weight.
//   swift run -c release adam-weight-decay [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "adam-weight-decay", defaultEpochs: 5) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    var comparison = Comparison(title: "AdamW vs Adam + L2")
    var finalWeights: [Tensor<Float>] = []
    for decoupled in [true, false] {
        let net = TinyNet<Float>(inputSize: 784, hiddenSize: 256, classes: 10, seed: 4)
        // PyTorch's forms: AdamW takes lr x 0.1 = 1e-4 x w per step; Adam adds 0.1 x w to the gradient.
        let optimizer: Optimizer<Float> = decoupled ? AdamW(net.parameters, learningRate: 1e-3, weightDecay: 1e-1)
                                                    : Adam(net.parameters, learningRate: 1e-3, weightDecay: 1e-1)
        let name = decoupled ? "AdamW (wd 0.1)" : "Adam + L2 (0.1)"
        let (trainer, testAccuracy) = try trainAndTest(net, optimizer, on: data, epochs: arguments.epochs, label: name)
        comparison.add(name, history: trainer.history, testAccuracy: testAccuracy)
        finalWeights.append(net.fc1.weight.value)
    }
    print(comparison.table)
    print("fc1.weight after training, |a - b| / |a| between the two runs: \(relativeDistance(finalWeights[0], finalWeights[1]))")
    try output.save { try comparison.write(to: $0) }
}
