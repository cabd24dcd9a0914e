// SGD with weight decay vs an L2 penalty vs an L1 penalty. With plain SGD, decoupled weight
// decay wd is exactly the L2 penalty lambda * sum(w^2) with lambda = wd / (2 lr): the example
// checks that the two runs end with the same weights.
//   swift run -c release regularization [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "regularization", defaultEpochs: 5, defaultTrainingSamples: 3000) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    let (lr, wd): (Float, Float) = (0.01, 1e-4)
    let lambda = wd / (2 * lr)   // 5e-3: the L2 strength equal to this weight decay
    var comparison = Comparison(title: "Weight decay vs L2 vs L1")
    var finalWeights: [String: Tensor<Float>] = [:]
    for name in ["weight decay", "L2 (lambda = wd / 2lr)", "L1"] {
        let net = TinyNet<Float>(inputSize: 784, hiddenSize: 256, classes: 10, seed: 3)
        // The course's decoupled decay, which the lambda above matches (PyTorch's coupled
        // `weightDecay` would be lambda = wd / 2).
        let optimizer = SGD(net.parameters, learningRate: lr)
        optimizer.decoupledDecay = name == "weight decay" ? wd : 0
        // The penalty is a loss term. Decoupled decay also shrinks biases, so the L2 penalty
        // covers every parameter; L1 covers the two weight matrices.
        let penalty: () -> Variable<Float>? = switch name {
        case "weight decay": { nil }
        case "L1": { l1Penalty(net.fc1.weight, lambda: 1e-5) + l1Penalty(net.fc2.weight, lambda: 1e-5) }
        default: { net.parameters.map { l2Penalty($0, lambda: lambda) }.reduce(Variable(constant: Tensor(0)), +) }
        }
        let (trainer, testAccuracy) = try trainAndTest(net, optimizer, on: data, epochs: arguments.epochs,
                                                       loss: { scores, labels in
                                                           let data = softmaxCrossEntropy(scores, labels: labels)
                                                           return penalty().map { data + $0 } ?? data
                                                       },
                                                       configuration: .init(batchSize: 100, seed: 3), label: name)
        comparison.add(name, history: trainer.history, testAccuracy: testAccuracy)
        finalWeights[name] = net.fc1.weight.value
    }
    print(comparison.table)
    let difference = relativeDistance(finalWeights["weight decay"]!, finalWeights["L2 (lambda = wd / 2lr)"]!)
    let l1Difference = relativeDistance(finalWeights["weight decay"]!, finalWeights["L1"]!)
    print("fc1.weight after training, |a - b| / |a|: weight decay \(wd) (lr \(lr)) vs L2 lambda \(lambda): \(difference) "
          + "(Float rounding); vs L1: \(l1Difference)")
    try output.save { try comparison.write(to: $0) }
}
