// The small CNN (two conv + two pool layers) on Fashion-MNIST, with its report: loss and
// accuracy plots, the confusion matrix and the learned first-layer filters. The same as
// `train --model cnn`.
//   swift run -c release cnn [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "cnn", defaultEpochs: 8) { arguments in
    var options = TrainOptions()
    options.model = .cnn
    options.epochs = arguments.epochs
    options.trainingSamples = arguments.trainingSamples
    options.dataDirectory = arguments.full ? try FashionMNIST.directory(full: true) : nil
    options.outputDirectory = arguments.outputDirectory
    options.overwrite = true
    options.learningRateDecay = 0.8
    options.batchSize = 64
    _ = try TrainCommand.run(options)
}
