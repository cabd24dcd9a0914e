/// The settings of the `train` command, parsed from its arguments.
///
/// Every bad option or value is a typed error whose text names the option and the value;
/// `train` prints it on one line followed by the usage.
///
/// ```swift
/// let options = try TrainOptions.parse(["--epochs", "5", "--optimizer", "sgd"])
/// ```
package struct TrainOptions: Equatable, Sendable {
    package enum Dataset: String, CaseIterable, Sendable { case fashionMNIST = "fashion-mnist", mnist, cifar10, cifar100 }
    package enum Model: String, CaseIterable, Sendable { case fc, twoLayer = "two-layer", tiny, cnn }
    package enum OptimizerKind: String, CaseIterable, Sendable { case sgd, momentum, rmsprop, adam }

    package var dataset = Dataset.fashionMNIST
    /// The data folder; nil means the embedded subset in `Data/` (for Fashion-MNIST).
    package var dataDirectory: String?
    package var model = Model.fc
    package var optimizer = OptimizerKind.adam
    package var epochs = 8
    package var batchSize = 100
    package var learningRate = 1e-3
    package var learningRateDecay = 0.95
    package var seed: UInt64 = 0
    /// Where the run folder goes; nil means `runs/<model>-<dataset>-<timestamp>`.
    package var outputDirectory: String?
    /// Training samples to use (0 means all): for quick experiments.
    package var trainingSamples = 0
    package var showHelp = false

    package init() {}

    /// Errors in the arguments.
    ///
    /// ```swift
    /// do { _ = try TrainOptions.parse(["--epochs", "x"]) } catch { print(error) }   // invalid value 'x' for --epochs ...
    /// ```
    package enum ParseError: Error, CustomStringConvertible, Equatable {
        case unknownOption(String)
        case missingValue(String)
        case invalidValue(option: String, value: String, expected: String)

        package var description: String {
            switch self {
            case let .unknownOption(option): return "unknown option '\(option)'"
            case let .missingValue(option): return "option '\(option)' needs a value"
            case let .invalidValue(option, value, expected): return "invalid value '\(value)' for \(option): expected \(expected)"
            }
        }
    }

    package static let usage = """
    usage: train [options]
      --dataset NAME      fashion-mnist (default), mnist, cifar10, cifar100
      --data DIR          data folder (default: the Fashion-MNIST subset shipped in Data/;
                          the full set is in /usr/share/datasets/fashion-mnist after
                          `apt-get install dataset-fashion-mnist`)
      --model NAME        fc (default: FullyConnectedNet 4x500, batch norm, dropout), two-layer, tiny, cnn
      --optimizer NAME    adam (default), sgd, momentum, rmsprop
      --epochs N          epochs to train (default 8)
      --batch-size N      minibatch size (default 100)
      --lr X              learning rate (default 1e-3)
      --lr-decay X        learning-rate factor per epoch (default 0.95)
      --seed N            seed for initialisation, shuffling and dropout (default 0)
      --train-samples N   use only the first N training samples (default: all)
      --out DIR           run folder for the report and checkpoint (default runs/<model>-<dataset>-<time>)
      --help              show this help
    """

    /// Parses `arguments` (without the program name).
    package static func parse(_ arguments: [String]) throws(ParseError) -> TrainOptions {
        var options = TrainOptions()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            if option == "--help" || option == "-h" { options.showHelp = true; continue }
            guard option.hasPrefix("--") else { throw .unknownOption(option) }
            guard let value = rest.popFirst() else {
                throw known.contains(option) ? .missingValue(option) : .unknownOption(option)
            }
            switch option {
            case "--dataset": options.dataset = try choice(option, value)
            case "--data": options.dataDirectory = value
            case "--model": options.model = try choice(option, value)
            case "--optimizer": options.optimizer = try choice(option, value)
            case "--epochs": options.epochs = try integer(option, value, atLeast: 1)
            case "--batch-size": options.batchSize = try integer(option, value, atLeast: 1)
            case "--train-samples": options.trainingSamples = try integer(option, value, atLeast: 0)
            case "--lr": options.learningRate = try number(option, value, positive: true)
            case "--lr-decay": options.learningRateDecay = try number(option, value, positive: true)
            case "--seed":
                guard let seed = UInt64(value) else { throw .invalidValue(option: option, value: value, expected: "a non-negative integer") }
                options.seed = seed
            case "--out": options.outputDirectory = value
            default: throw .unknownOption(option)
            }
        }
        return options
    }

    static let known: Set = ["--dataset", "--data", "--model", "--optimizer", "--epochs", "--batch-size",
                             "--train-samples", "--lr", "--lr-decay", "--seed", "--out"]

    static func choice<T: RawRepresentable & CaseIterable>(_ option: String, _ value: String) throws(ParseError) -> T
    where T.RawValue == String {
        guard let parsed = T(rawValue: value) else {
            throw .invalidValue(option: option, value: value, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return parsed
    }

    static func integer(_ option: String, _ value: String, atLeast minimum: Int) throws(ParseError) -> Int {
        guard let parsed = Int(value), parsed >= minimum else {
            throw .invalidValue(option: option, value: value, expected: "an integer >= \(minimum)")
        }
        return parsed
    }

    static func number(_ option: String, _ value: String, positive: Bool) throws(ParseError) -> Double {
        guard let parsed = Double(value), parsed.isFinite, !positive || parsed > 0 else {
            throw .invalidValue(option: option, value: value, expected: "a positive number")
        }
        return parsed
    }
}
