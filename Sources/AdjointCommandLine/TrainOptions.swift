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
    package enum Schedule: String, CaseIterable, Sendable { case exponential, cosine }

    package var dataset = Dataset.fashionMNIST
    /// The data folder; nil means the embedded subset in `Data/` (for Fashion-MNIST).
    package var dataDirectory: String?
    package var model = Model.fc
    package var optimizer = OptimizerKind.adam
    package var epochs = 8
    package var batchSize = 100
    package var learningRate = 1e-3
    package var learningRateDecay = 0.95
    /// Exponential (`learningRateDecay` per epoch) or cosine (to 0 over the run's epochs).
    package var schedule = Schedule.exponential
    /// Decoupled weight decay in PyTorch's form: each step takes `lr x weightDecay x w`.
    package var weightDecay = 0.0
    /// The cross-entropy's label smoothing (PyTorch's `label_smoothing`).
    package var labelSmoothing = 0.0
    package var seed: UInt64 = 0
    /// Where the run folder goes; nil means `runs/<model>-<dataset>-<timestamp>`.
    package var outputDirectory: String?
    /// Training samples to use (0 means all): for quick experiments.
    package var trainingSamples = 0
    /// A run folder to continue (its settings are kept; `--epochs` may extend it).
    package var resume: String?
    /// Whether another run's folder at `--out` may be replaced.
    package var overwrite = false
    /// Whether every step is checked for the first NaN or infinity and the line that made it.
    package var detectAnomaly = false
    /// Whether a loss over 1000 times the first epoch's mean is trained on instead of ending the run.
    package var allowDivergence = false
    /// Whether training batches get seeded random shifts and flips (``TrainCommand/augmentation(_:normalization:)``).
    package var augment = false
    /// Whether, when the training images are mirrored, validation and test images are
    /// classified by their scores plus their mirror image's (test-time augmentation).
    package var testTimeFlip = false
    /// Whether this process is one of an `mpirun` job training on shards of every batch.
    package var distributed = false
    /// Compute threads; nil means every core, or one per process with `--distributed`.
    package var threads: Int?
    package var showHelp = false
    /// The options the command line gave explicitly, so a resumed run can refuse changes.
    package var given: Set<String> = []

    package init() {}

    /// Equal settings, however they were spelled (`given` is not compared).
    package static func == (a: TrainOptions, b: TrainOptions) -> Bool {
        var (a, b) = (a, b)
        (a.given, b.given) = ([], [])
        return a.dataset == b.dataset && a.dataDirectory == b.dataDirectory && a.model == b.model
            && a.optimizer == b.optimizer && a.epochs == b.epochs && a.batchSize == b.batchSize
            && a.learningRate == b.learningRate && a.learningRateDecay == b.learningRateDecay && a.seed == b.seed
            && a.schedule == b.schedule && a.weightDecay == b.weightDecay && a.labelSmoothing == b.labelSmoothing
            && a.outputDirectory == b.outputDirectory && a.trainingSamples == b.trainingSamples
            && a.resume == b.resume && a.overwrite == b.overwrite && a.detectAnomaly == b.detectAnomaly && a.augment == b.augment
            && a.allowDivergence == b.allowDivergence
            && a.testTimeFlip == b.testTimeFlip
            && a.distributed == b.distributed && a.threads == b.threads && a.showHelp == b.showHelp
    }

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
      --epochs N          epochs to train (default: the model's recipe, below)
      --batch-size N      minibatch size (default: the recipe's)
      --lr X              learning rate (default: the recipe's)
      --lr-decay X        learning-rate factor per epoch, for --schedule exponential
      --schedule NAME     exponential (--lr-decay per epoch) or cosine (half a cosine from
                          --lr to 0 over the run's epochs, set every step) (default: the recipe's)
      --weight-decay X    decoupled weight decay: each step takes lr * X * w, as PyTorch's
                          AdamW does (default: the recipe's)
      --label-smoothing X the cross-entropy's target is 1 - X on the label plus X / classes
                          on every class (default: the recipe's)
      --seed N            seed for initialisation, shuffling and dropout (default 0)
      --augment on|off    seeded random shifts and flips of the training batches (default: the recipe's)
      --tta on|off        when the training images are mirrored, classify each validation and
                          test image by its scores plus its mirror image's (default: the recipe's)
      --train-samples N   use only the first N training samples (default: all)
      --out DIR           run folder for the report and checkpoints, saved after every epoch
                          (default runs/<model>-<dataset>-<time>)
      --overwrite         replace the files of another run at --out (files Adjoint did not
                          write are kept; a folder Adjoint did not write is refused)
      --resume DIR        continue the run saved in DIR, to --epochs epochs in all; its other
                          settings are kept
      --detect-anomaly    check every step for the first NaN or infinity and name the operation
                          and source line that made it (slower)
      --allow-divergence  train on when the loss grows over 1000 times the first epoch's mean
                          (by default that ends the run with status 1)
      --threads N         compute threads (default: every core; 1 with --distributed)
      --distributed       be one process of an mpirun job: each trains on its shard of every
                          batch (a multiple of the process count) and gradients are averaged;
                          needs a build with `--traits MPI`, e.g.
                          mpirun -np 2 .build/release/train --distributed
      --help              show this help

    Recipes (what an option not given defaults to, chosen by validation accuracy):
    \(TrainOptions.recipeTable)

    Ctrl-C finishes the current step, saves, prints the command that resumes, and exits with
    status 130; a second Ctrl-C exits at once, keeping the last saved state.
    """

    /// Parses `arguments` (without the program name).
    package static func parse(_ arguments: [String]) throws(ParseError) -> TrainOptions {
        var options = TrainOptions()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            if option == "--help" || option == "-h" { options.showHelp = true; continue }
            if option == "--overwrite" { options.overwrite = true; options.given.insert(option); continue }
            if option == "--detect-anomaly" { options.detectAnomaly = true; continue }
            if option == "--allow-divergence" { options.allowDivergence = true; continue }
            if option == "--distributed" { options.distributed = true; continue }
            guard option.hasPrefix("--") else { throw .unknownOption(option) }
            guard let value = rest.popFirst() else {
                throw known.contains(option) ? .missingValue(option) : .unknownOption(option)
            }
            switch option {
            case "--dataset": options.dataset = try choice(option, value)
            case "--data": options.dataDirectory = value
            case "--model": options.model = try choice(option, value)
            case "--optimizer": options.optimizer = try choice(option, value)
            case "--epochs": options.epochs = try integer(option, value, in: Bounds.epochs)
            case "--batch-size": options.batchSize = try integer(option, value, in: Bounds.batchSize)
            case "--train-samples": options.trainingSamples = try integer(option, value, in: Bounds.trainingSamples)
            case "--lr": options.learningRate = try number(option, value, in: Bounds.learningRate)
            case "--lr-decay": options.learningRateDecay = try number(option, value, in: Bounds.learningRateDecay)
            case "--schedule": options.schedule = try choice(option, value)
            case "--weight-decay": options.weightDecay = try fraction(option, value, in: Bounds.weightDecay)
            case "--label-smoothing": options.labelSmoothing = try fraction(option, value, in: Bounds.labelSmoothing)
            case "--seed":
                guard let seed = UInt64(value) else { throw .invalidValue(option: option, value: value, expected: "a non-negative integer") }
                options.seed = seed
            case "--out": options.outputDirectory = value
            case "--resume": options.resume = value
            case "--augment": options.augment = try onOff(option, value)
            case "--tta": options.testTimeFlip = try onOff(option, value)
            case "--threads": options.threads = try integer(option, value, in: Bounds.threads)
            default: throw .unknownOption(option)
            }
            options.given.insert(option)
        }
        return options
    }

    static let known: Set = ["--dataset", "--data", "--model", "--optimizer", "--epochs", "--batch-size",
                             "--train-samples", "--lr", "--lr-decay", "--schedule", "--weight-decay", "--label-smoothing",
                             "--seed", "--out", "--resume", "--augment", "--tta", "--threads"]

    static func choice<T: RawRepresentable & CaseIterable>(_ option: String, _ value: String) throws(ParseError) -> T
    where T.RawValue == String {
        guard let parsed = T(rawValue: value) else {
            throw .invalidValue(option: option, value: value, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return parsed
    }

    /// An integer in `range`: bounded, so no count derived from it can overflow.
    static func integer(_ option: String, _ value: String, in range: ClosedRange<Int>) throws(ParseError) -> Int {
        guard let parsed = Int(value), range.contains(parsed) else {
            throw .invalidValue(option: option, value: value, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return parsed
    }

    /// `on` or `off`.
    static func onOff(_ option: String, _ value: String) throws(ParseError) -> Bool {
        guard value == "on" || value == "off" else { throw .invalidValue(option: option, value: value, expected: "on or off") }
        return value == "on"
    }

    /// A number in `range`, from 0 (which turns the setting off).
    static func fraction(_ option: String, _ value: String, in range: ClosedRange<Double>) throws(ParseError) -> Double {
        guard let parsed = Double(value), range.contains(parsed) else {
            throw .invalidValue(option: option, value: value, expected: "a number from 0 to \(String(format: "%g", range.upperBound))")
        }
        return parsed
    }

    /// A number in `range` that stays finite and non-zero as a Float, the type the models train in.
    static func number(_ option: String, _ value: String, in range: ClosedRange<Double>) throws(ParseError) -> Double {
        guard let parsed = Double(value), Bounds.isRate(parsed, in: range) else {
            throw .invalidValue(option: option, value: value,
                                expected: "a number in (0, \(range.upperBound == 1 ? "1" : "1e6")], finite and non-zero as a Float")
        }
        return parsed
    }
}
