/// What defines a `train` run: kept in every checkpoint's metadata (key `run`, typed JSON with
/// sorted keys) so `--resume` rebuilds the same run and `evaluate` the same model.
///
/// ```swift
/// let settings = RunSettings(options)
/// ```
package struct RunSettings: Codable, Equatable, Sendable {
    package var dataset: String
    /// The data folder; nil for the subset shipped in `Data/`.
    package var data: String?
    package var model: String
    package var optimizer: String
    package var learningRate: Double
    package var learningRateDecay: Double
    /// Absent in runs saved before these settings existed: exponential, no decay, no smoothing.
    package var schedule: String?
    package var weightDecay: Double?
    package var labelSmoothing: Double?
    package var batchSize: Int
    package var seed: UInt64
    package var trainingSamples: Int
    /// The total number of epochs the run is to reach.
    package var epochs: Int
    /// Whether training batches were augmented; nil (false) in checkpoints from before augmentation.
    package var augment: Bool?
    package var testTimeFlip: Bool?
    /// Filled in once the data is loaded.
    package var inputNormalization: ChannelNormalization?
    package var imageShape: [Int] = []
    package var classNames: [String] = []

    package init(_ options: TrainOptions) {
        dataset = options.dataset.rawValue
        data = options.dataDirectory
        model = options.model.rawValue
        optimizer = options.optimizer.rawValue
        learningRate = options.learningRate
        learningRateDecay = options.learningRateDecay
        schedule = options.schedule.rawValue
        weightDecay = options.weightDecay
        labelSmoothing = options.labelSmoothing
        batchSize = options.batchSize
        seed = options.seed
        trainingSamples = options.trainingSamples
        epochs = options.epochs
        augment = options.augment
        testTimeFlip = options.testTimeFlip
    }

    /// The options these settings were made from (without `--out`, `--resume`).
    package var options: TrainOptions {
        get throws {
            var options = TrainOptions()
            func parsed<T: RawRepresentable>(_ value: String, _ name: String) throws -> T where T.RawValue == String {
                guard let parsed = T(rawValue: value) else { throw CommandLineError("the run's \(name) \"\(value)\" is unknown to this version") }
                return parsed
            }
            options.dataset = try parsed(dataset, "data set")
            options.dataDirectory = data
            options.model = try parsed(model, "model")
            options.optimizer = try parsed(optimizer, "optimizer")
            options.learningRate = learningRate
            options.learningRateDecay = learningRateDecay
            options.schedule = try parsed(schedule ?? TrainOptions.Schedule.exponential.rawValue, "schedule")
            options.weightDecay = weightDecay ?? 0
            options.labelSmoothing = labelSmoothing ?? 0
            options.batchSize = batchSize
            options.seed = seed
            options.trainingSamples = trainingSamples
            options.epochs = epochs
            options.augment = augment ?? false
            options.testTimeFlip = testTimeFlip ?? false
            return options
        }
    }

    /// The options on the command line that would change a resumed run: anything explicitly
    /// given other than `--epochs`, `--resume` and `--out`, with a value that differs.
    package func conflicts(with given: TrainOptions) throws -> [String] {
        let stored = try options
        var conflicts: [String] = []
        func compare<T: Equatable>(_ option: String, _ a: T, _ b: T) {
            if given.given.contains(option) && a != b { conflicts.append("\(option) \(b) (the run has \(a))") }
        }
        compare("--dataset", stored.dataset.rawValue, given.dataset.rawValue)
        compare("--data", stored.dataDirectory ?? "Data/", given.dataDirectory ?? "Data/")
        compare("--model", stored.model.rawValue, given.model.rawValue)
        compare("--optimizer", stored.optimizer.rawValue, given.optimizer.rawValue)
        compare("--lr", stored.learningRate, given.learningRate)
        compare("--lr-decay", stored.learningRateDecay, given.learningRateDecay)
        compare("--schedule", stored.schedule.rawValue, given.schedule.rawValue)
        compare("--weight-decay", stored.weightDecay, given.weightDecay)
        compare("--label-smoothing", stored.labelSmoothing, given.labelSmoothing)
        compare("--batch-size", stored.batchSize, given.batchSize)
        compare("--seed", stored.seed, given.seed)
        compare("--train-samples", stored.trainingSamples, given.trainingSamples)
        compare("--augment", stored.augment, given.augment)
        compare("--tta", stored.testTimeFlip, given.testTimeFlip)
        if given.given.contains("--overwrite") { conflicts.append("--overwrite") }
        return conflicts
    }
}
