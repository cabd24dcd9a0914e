// The two-layer net (affine - ReLU - affine - softmax, W1 b1 W2 b2) trained with SGD and
// momentum, learning-rate decay per epoch, as the assignment's first network.
//   swift run -c release two-layer-net [--full] [--epochs N]
import AdjointNN
import Foundation

runExample(name: "two-layer-net", defaultEpochs: 10) { arguments in
    let data = try arguments.loadFashionMNIST()
    let net = TwoLayerNet<Float>(inputSize: 784, hiddenSize: 256, classes: 10, weightScale: 1e-2, reg: 1e-4, seed: 0)
    let (trainer, testAccuracy) = trainAndTest(net, Momentum(net.parameters, learningRate: 1e-2), on: data,
                                               epochs: arguments.epochs,
                                               configuration: .init(batchSize: 100, schedule: .perEpoch(0.95)), label: "two-layer")
    var comparison = Comparison(title: "Two-layer net")
    comparison.add("two-layer net", history: trainer.history, testAccuracy: testAccuracy)
    print(comparison.table)
    try comparison.write(to: URL(fileURLWithPath: arguments.outputDirectory))
}
