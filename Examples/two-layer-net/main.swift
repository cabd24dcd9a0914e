// The two-layer net (affine - ReLU - affine - softmax, W1 b1 W2 b2) trained with SGD and
// momentum, learning-rate decay per epoch, as the assignment's first network.
//   swift run -c release two-layer-net [--full] [--epochs N]
import AdjointCommandLine
import Foundation

runExample(name: "two-layer-net", defaultEpochs: 10) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    let net = TwoLayerNet<Float>(inputSize: 784, hiddenSize: 256, classes: 10, weightScale: 1e-2, seed: 0)
    // The assignment's loss: cross-entropy plus 0.5 * reg * sum(W^2) over both weight matrices.
    let (trainer, testAccuracy) = try trainAndTest(net, Momentum(net.parameters, learningRate: 1e-2), on: data,
                                               epochs: arguments.epochs,
                                               loss: { softmaxCrossEntropy($0, labels: $1) + halfL2Penalty(net.weights, reg: 1e-4) },
                                               configuration: .init(batchSize: 100, schedule: .perEpoch(0.95)), label: "two-layer")
    var comparison = Comparison(title: "Two-layer net")
    comparison.add("two-layer net", history: trainer.history, testAccuracy: testAccuracy)
    print(comparison.table)
    try output.save { try comparison.write(to: $0) }
}
