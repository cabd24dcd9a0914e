// The small CNN (two conv + two pool layers, batch norm) on Fashion-MNIST, with its report:
// loss and accuracy plots, the confusion matrix, misclassified test images and the learned
// first-layer filters. The same as `train --model cnn` (its recipe: random shifts and flips).
//   swift run -c release cnn [--full] [--epochs N] [--train-samples N]
import AdjointCommandLine
import Foundation

runExample(name: "cnn", defaultEpochs: TrainOptions.recipe(for: .cnn).epochs) { arguments in
    var options = TrainOptions()
    options.model = .cnn
    options = options.withRecipe()
    options.epochs = arguments.epochs
    options.trainingSamples = arguments.trainingSamples
    options.dataDirectory = arguments.full ? try FashionMNIST.directory(full: true) : nil
    options.outputDirectory = arguments.outputDirectory
    options.overwrite = true
    _ = try TrainCommand.run(options)
}
