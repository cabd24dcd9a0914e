// TinyNet, the CIFAR-100 assignment's Flatten - FC - GELU - FC network, trained with SGD and
// learning-rate decay every few hundred iterations.
//   swift run -c release tinynet [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "tinynet", defaultEpochs: 10) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    let net = TinyNet<Float>(inputSize: 784, hiddenSize: 512, classes: 10, seed: 5)
    let (trainer, testAccuracy) = try trainAndTest(net, SGD(net.parameters, learningRate: 5e-2), on: data, epochs: arguments.epochs,
                                               configuration: .init(batchSize: 100, schedule: .everyIterations(500, factor: 0.7)),
                                               label: "tinynet")
    var comparison = Comparison(title: "TinyNet")
    comparison.add("tinynet", history: trainer.history, testAccuracy: testAccuracy)
    print(comparison.table)
    try output.save { try comparison.write(to: $0) }
}
