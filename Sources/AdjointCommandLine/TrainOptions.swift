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
    package enum Schedule: String, CaseIterable, Sendable { case exponential, cosine, plateau, onecycle }

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
    /// Whether batch norm, layer norm, bias + activation and the loss run their fused kernels
    /// (`Fusion`); a run saved before the option existed trained without them.
    package var fusion = true
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
        table.allSatisfy { $0.same(a, b) }
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

    package static let usage = "usage: train [options]\n" + table.map(\.usage).joined(separator: "\n") + """


    Recipes (what an option not given defaults to, chosen by validation accuracy):
    \(TrainOptions.recipeTable)

    Ctrl-C finishes the current step, saves, prints the command that resumes, and exits with
    status 130; a second Ctrl-C exits at once, keeping the last saved state.
    """

    /// Parses `arguments` (without the program name).
    package static func parse(_ arguments: [String]) throws(ParseError) -> TrainOptions {
        var options = TrainOptions()
        var rest = arguments[...]
        while let spelling = rest.popFirst() {
            guard let option = table.first(where: { $0.flag == spelling || $0.aliases.contains(spelling) }) else {
                throw .unknownOption(spelling)
            }
            if option.placeholder == nil {
                try option.set(&options, nil)
            } else {
                guard let value = rest.popFirst() else { throw .missingValue(spelling) }
                try option.set(&options, value)
            }
            options.given.insert(option.flag)
        }
        return options
    }
}
