// SGD vs SGD + momentum vs RMSprop vs Adam on the same fully connected net and data.
//   swift run -c release optimizers [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "optimizers", defaultEpochs: 5) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    var comparison = Comparison(title: "Optimizers")
    let rules: [(String, ([Variable<Float>]) -> Optimizer<Float>)] = [
        ("sgd", { SGD($0, learningRate: 1e-2) }),
        ("momentum", { Momentum($0, learningRate: 1e-2, momentum: 0.9) }),
        ("rmsprop", { RMSprop($0, learningRate: 1e-4) }),
        ("adam", { Adam($0, learningRate: 1e-3) }),
    ]
    for (name, makeOptimizer) in rules {
        // He initialisation, so plain SGD can train five layers too and the runs differ by rule.
        let net = FullyConnectedNet<Float>(hiddenSizes: [100, 100, 100, 100, 100], inputSize: 784, classes: 10,
                                           initialization: .kaiming, seed: 2)
        let (trainer, testAccuracy) = try trainAndTest(net, makeOptimizer(net.parameters), on: data, epochs: arguments.epochs, label: name)
        comparison.add(name, history: trainer.history, testAccuracy: testAccuracy)
    }
    print(comparison.table)
    try output.save { try comparison.write(to: $0) }
}
