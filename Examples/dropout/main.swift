// Dropout as a regulariser: the same fully connected net with keep probability 1 (no
// dropout) and 0.5, trained on a small subset so the net without dropout overfits.
// The accuracy plot shows the train/validation gap closing with dropout.
//   swift run -c release dropout [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "dropout", defaultEpochs: 25, defaultTrainingSamples: 600) { arguments in
    let output = try arguments.outputFolder()
    let data = try arguments.loadFashionMNIST()
    var comparison = Comparison(title: "Dropout on \(data.train.count) training samples")
    for keep in [1.0, 0.5] {
        let net = FullyConnectedNet<Float>(hiddenSizes: [500, 500], inputSize: 784, classes: 10, dropout: keep,
                                           initialization: .kaiming, seed: 1)
        let (trainer, testAccuracy) = try trainAndTest(net, Adam(net.parameters, learningRate: 5e-4), on: data,
                                                   epochs: arguments.epochs, label: "keep \(keep)")
        comparison.add(keep == 1 ? "no dropout" : "dropout keep 0.5", history: trainer.history, testAccuracy: testAccuracy)
    }
    print(comparison.table)
    try output.save { try comparison.write(to: $0) }
}
