import Foundation

/// The few options every example script takes: `--full` (the full Fashion-MNIST from
/// `/usr/share/datasets/fashion-mnist` instead of the embedded subset), `--epochs N`,
/// `--train-samples N`, `--seed N` (for the scripts that draw their own data) and `--out DIR`.
///
/// ```swift
/// let arguments = try ExampleArguments.parse(CommandLine.arguments.dropFirst(), defaultEpochs: 5)
/// let splits = try arguments.loadFashionMNIST()
/// ```
package struct ExampleArguments: Sendable {
    package var full = false
    package var epochs: Int
    package var trainingSamples = 0
    package var seed: UInt64 = 0
    package var outputDirectory: String

    package static func parse<C: Collection>(_ arguments: C, defaultEpochs: Int, defaultTrainingSamples: Int = 0,
                                            name: String) throws(TrainOptions.ParseError) -> ExampleArguments
    where C.Element == String {
        var result = ExampleArguments(epochs: defaultEpochs, trainingSamples: defaultTrainingSamples, outputDirectory: "runs/\(name)")
        var rest = arguments[...]
        while let option = rest.popFirst() {
            if option == "--full" { result.full = true; continue }
            guard ["--epochs", "--train-samples", "--seed", "--out"].contains(option) else { throw .unknownOption(option) }
            guard let value = rest.popFirst() else { throw .missingValue(option) }
            switch option {
            case "--epochs": result.epochs = try TrainOptions.integer(option, value, in: 1...100_000)
            case "--train-samples": result.trainingSamples = try TrainOptions.integer(option, value, in: 0...(1 << 31))
            case "--seed":
                guard let seed = UInt64(value) else { throw .invalidValue(option: option, value: value, expected: "a non-negative integer") }
                result.seed = seed
            default: result.outputDirectory = value
            }
        }
        return result
    }

    /// The `--out` folder for the script's comparison, opened before any training so a folder
    /// that cannot take it is refused at once.
    package func outputFolder() throws -> RunFolder {
        try RunFolder(path: outputDirectory, kind: .comparison, mode: .overwrite)
    }

    /// Fashion-MNIST split, scaled and normalised as the `train` command does it.
    package func loadFashionMNIST() throws -> DataSplits {
        var options = TrainOptions()
        options.dataDirectory = full ? try FashionMNIST.directory(full: true) : nil
        options.trainingSamples = trainingSamples
        return try TrainCommand.loadData(options).splits
    }
}

/// Runs an example script: parses its arguments, runs `body`, and turns any error into one
/// line on standard error and a non-zero exit status.
///
/// ```swift
/// runExample(name: "optimizers", defaultEpochs: 5) { arguments in ... }
/// ```
package func runExample(name: String, defaultEpochs: Int, defaultTrainingSamples: Int = 0,
                       _ body: (ExampleArguments) throws -> Void) -> Never {
    runCommand(name, usage: "usage: \(name) [--full] [--epochs N] [--train-samples N] [--seed N] [--out DIR]") {
        try body(try ExampleArguments.parse(CommandLine.arguments.dropFirst(), defaultEpochs: defaultEpochs,
                                            defaultTrainingSamples: defaultTrainingSamples, name: name))
        return 0
    }
}

/// Trains `model` with `optimizer` on the splits and returns the trainer (for its history)
/// and the test accuracy: the loop every example shares.
package func trainAndTest(_ model: Module<Float>, _ optimizer: Optimizer<Float>, on data: DataSplits, epochs: Int,
                         loss: @escaping Trainer<Float>.Loss = { softmaxCrossEntropy($0, labels: $1) },
                         configuration: Trainer<Float>.Configuration = .init(), label: String) throws -> (trainer: Trainer<Float>, testAccuracy: Double) {
    let trainer = Trainer(model: model, optimizer: optimizer, loss: loss, configuration: configuration)
    let progress = ProgressBar(total: epochs * trainer.iterationsPerEpoch(data.train.count), label: label)
    trainer.callbacks.onStep = { iteration, loss in progress.update(completed: iteration, status: String(format: "loss %.3f", loss)) }
    try trainer.fit(epochs: epochs, train: data.train, validation: data.validation)
    let testAccuracy = accuracy(of: model, on: data.test)
    progress.finish(status: String(format: "test accuracy %.4f", testAccuracy))
    return (trainer, testAccuracy)
}
