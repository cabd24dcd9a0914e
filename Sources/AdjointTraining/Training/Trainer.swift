/// Minibatch training of any model with any loss.
///
/// Each epoch takes the batches of a `DataLoader` (a fresh order per epoch from the seed), and
/// for each: the forward pass, the loss, the backward pass, the gradient hook (clip, average
/// across processes), the optimiser step. The learning rate decays as scheduled, and after the
/// epoch the accuracy is measured on a subset of the training set and on the validation set.
/// The parameters with the best validation accuracy are kept and put back at the end. Its
/// whole `state` can be checkpointed, so an interrupted run resumes exactly.
///
/// ```swift
/// let net = FullyConnectedNet<Float>(hiddenSizes: [100], inputSize: 784, classes: 10)
/// let trainer = Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-3),
///                       loss: { scores, labels in softmaxCrossEntropy(scores, labels: labels) + halfL2Penalty(net.weights, reg: 1e-3) },
///                       configuration: .init(batchSize: 100, schedule: .perEpoch(0.95)))
/// try trainer.fit(epochs: 10, train: splits.train, validation: splits.validation)
/// print(trainer.history.validationAccuracy)
/// ```
public final class Trainer<Scalar: TensorScalar> {
    /// The loss of a batch from the model's output and the batch's labels.
    ///
    /// ```swift
    /// let loss: Trainer<Float>.Loss = { scores, labels in softmaxCrossEntropy(scores, labels: labels) }
    /// ```
    public typealias Loss = (_ output: Variable<Scalar>, _ labels: [Int]) -> Variable<Scalar>

    /// Settings that do not change during a run.
    ///
    /// ```swift
    /// let configuration = Trainer<Float>.Configuration(batchSize: 64, schedule: .perEpoch(0.9), seed: 1)
    /// ```
    public struct Configuration: Sendable, Equatable {
        /// The rows of every global batch (split across the processes when `shard` is set).
        public var batchSize: Int
        /// How the learning rate changes: a scheduler stepped per iteration or per epoch, or
        /// one of the trainer's own decays (each parameter group's rate from its own initial
        /// one); a non-zero `decoupledDecay` of the optimiser changes in proportion, so the decay
        /// stays `lr x weight_decay` as in PyTorch's AdamW.
        ///
        /// ```swift
        /// let cosine = Trainer<Float>.Configuration(batchSize: 64, schedule: .cosine(iterations: 17_200))
        /// let steps = Trainer<Float>.Configuration(schedule: .scheduler(per: .epoch) { StepLR(optimizer: $0, stepSize: 10) })
        /// ```
        public var schedule: LearningRateSchedule<Scalar>
        /// How many training samples the per-epoch training accuracy is measured on.
        ///
        /// ```swift
        /// let configuration = Trainer<Float>.Configuration(trainAccuracySamples: 5000)
        /// ```
        public var trainAccuracySamples: Int
        /// Whether `fit` ends by restoring the parameters with the best validation accuracy.
        ///
        /// ```swift
        /// let configuration = Trainer<Float>.Configuration(batchSize: 32, restoreBest: false)   // keep the last parameters
        /// ```
        public var restoreBest: Bool
        /// The seed of the batch order and of the training-accuracy subsets.
        public var seed: UInt64
        /// In data-parallel training, this process's part of every global batch of `batchSize`
        /// (whose count must divide it); nil trains on whole batches.
        ///
        /// ```swift
        /// let configuration = Trainer<Float>.Configuration(batchSize: 100, shard: DataShard(rank: 1, count: 2))   // 50 rows a step
        /// ```
        public var shard: DataShard?
        /// Ends the run with `TrainingError.diverged` when a step's loss exceeds this multiple
        /// of the first epoch's mean loss (checked from the second epoch on); nil never does.
        ///
        /// ```swift
        /// let guarded = Trainer<Float>.Configuration(batchSize: 64, divergenceFactor: 1000)
        /// ```
        public var divergenceFactor: Double?

        /// Settings for a run.
        ///
        /// ```swift
        /// let quick = Trainer<Float>.Configuration(batchSize: 32, restoreBest: false)
        /// ```
        public init(batchSize: Int = 100, schedule: LearningRateSchedule<Scalar> = .constant,
                    trainAccuracySamples: Int = 1000, restoreBest: Bool = true,
                    seed: UInt64 = 0, shard: DataShard? = nil, divergenceFactor: Double? = nil) {
            self.batchSize = batchSize
            self.schedule = schedule
            self.trainAccuracySamples = trainAccuracySamples
            self.restoreBest = restoreBest
            self.seed = seed
            self.shard = shard
            self.divergenceFactor = divergenceFactor
        }
    }

    /// What a run recorded: the loss and learning rate of every iteration and the accuracies of
    /// every epoch.
    ///
    /// ```swift
    /// print(trainer.history.validationAccuracy.max() ?? 0)
    /// ```
    public struct History: Sendable, Equatable, Codable {
        /// The loss of every iteration, in order.
        public var loss: [Double] = []
        /// The accuracy on a subset of the training set after every epoch (see `trainAccuracySamples`).
        public var trainAccuracy: [Double] = []
        /// The accuracy on the validation set after every epoch (0 when it is empty).
        public var validationAccuracy: [Double] = []
        /// The learning rate each iteration stepped with.
        public var learningRate: [Double] = []

        /// An empty history.
        ///
        /// ```swift
        /// var history = Trainer<Float>.History()
        /// ```
        public init() {}
    }

    /// Everything besides the model and the optimiser that a run needs to continue exactly.
    ///
    /// ```swift
    /// let saved = trainer.state
    /// try trainer.restore(saved)
    /// ```
    public struct State: Sendable, Equatable {
        /// Completed epochs and iterations (they continue across `fit` calls and checkpoints).
        public var epoch: Int
        /// Completed iterations (optimiser steps).
        public var iteration: Int
        /// The generator of the training-accuracy subsets.
        ///
        /// ```swift
        /// var state = trainer.state
        /// state.generator = SeededGenerator(seed: 7)
        /// ```
        public var generator: SeededGenerator
        /// What the run recorded so far.
        public var history: History
        /// The best validation accuracy so far (-1 before any) and the model state that reached it.
        public var bestValidationAccuracy: Double
        /// The model state (parameters and buffers by path) that reached `bestValidationAccuracy`.
        ///
        /// ```swift
        /// try model.load(trainer.state.bestModelState)
        /// ```
        public var bestModelState: [String: Tensor<Scalar>]

        /// A state with the given parts.
        ///
        /// ```swift
        /// let start = Trainer<Float>.State(epoch: 0, iteration: 0, generator: SeededGenerator(seed: 0), history: .init(),
        ///                                  bestValidationAccuracy: -1, bestModelState: [:])
        /// ```
        public init(epoch: Int, iteration: Int, generator: SeededGenerator, history: History,
                    bestValidationAccuracy: Double, bestModelState: [String: Tensor<Scalar>]) {
            (self.epoch, self.iteration, self.generator, self.history) = (epoch, iteration, generator, history)
            (self.bestValidationAccuracy, self.bestModelState) = (bestValidationAccuracy, bestModelState)
        }
    }

    /// The model being trained.
    public let model: Module<Scalar>
    /// The optimiser that takes every step; the schedule sets its learning rate.
    public let optimizer: Optimizer<Scalar>
    /// The loss every batch is trained on.
    public let loss: Loss
    /// The settings the trainer was made with.
    public let configuration: Configuration
    /// What the caller hooks into the run: progress, stopping, the gradients, the epochs' ends.
    ///
    /// ```swift
    /// trainer.callbacks.onEpoch = { epoch, history in print(epoch, history.validationAccuracy.last!) }
    /// ```
    public var callbacks = Callbacks()
    /// Whether every step runs under `withAnomalyDetection`, so the first NaN or infinity stops
    /// training with the primitive and the source line that made it. Each step then costs a
    /// pass over every tensor it makes.
    public var detectAnomalies = false
    /// Changes every training batch's inputs before the step (augmentation); nil trains on the
    /// inputs as they are. It is given the epoch and the batch's position, so a resumed run can
    /// draw what it would have drawn.
    ///
    /// ```swift
    /// trainer.batchTransform = Augmentation(maxShift: 2, horizontalFlip: true, seed: 1).batchTransform(imageShape: [28, 28, 1])
    /// ```
    public var batchTransform: BatchTransform?
    /// The score of the model on a data set that every epoch records for the training subset
    /// and the validation set, and that picks the best parameters: accuracy unless set.
    ///
    /// ```swift
    /// trainer.score = { model, data in accuracy(of: model, on: data, averagingMirrors: true) }
    /// ```
    public var score: (_ model: Module<Scalar>, _ data: Dataset) -> Double = { accuracy(of: $0, on: $1) }

    /// Everything besides the model and the optimiser that the run needs to continue; a checkpoint
    /// saves it and `restore(_:)` puts it back.
    public private(set) var state: State
    /// The optimiser's rate as the schedule sets it.
    let rate: ScheduledRate<Scalar>
    /// The scheduler the configuration's schedule made on the optimiser (nil for the trainer's
    /// own decays); a checkpoint of the trainer saves its state.
    public var scheduler: LearningRateScheduler<Scalar>? { rate.scheduler }

    /// The history so far.
    public var history: History { state.history }
    /// Completed epochs.
    public var epoch: Int { state.epoch }
    /// Completed iterations.
    public var iteration: Int { state.iteration }

    /// A trainer of `model` (a `Module`, or a `ClosureModel` over a few variables) with
    /// `optimizer`; `loss` defaults to softmax cross-entropy.
    ///
    /// ```swift
    /// let trainer = Trainer(model: cnn, optimizer: Adam(cnn.parameters), configuration: .init(batchSize: 64))
    /// ```
    public init(model: Module<Scalar>, optimizer: Optimizer<Scalar>,
                loss: @escaping Loss = { softmaxCrossEntropy($0, labels: $1) }, configuration: Configuration = .init()) {
        check(configuration.batchSize > 0, "Trainer: batch size must be positive, got \(configuration.batchSize)")
        if let shard = configuration.shard {
            check(configuration.batchSize % shard.count == 0,
                  "Trainer: batch size \(configuration.batchSize) does not split evenly across \(shard.count) processes")
        }
        self.model = model
        self.optimizer = optimizer
        rate = ScheduledRate(optimizer, schedule: configuration.schedule)
        self.loss = loss
        self.configuration = configuration
        state = State(epoch: 0, iteration: 0, generator: SeededGenerator(seed: configuration.seed), history: History(),
                      bestValidationAccuracy: -1, bestModelState: [:])
    }

    /// Puts back a state taken from `state` (or read from a checkpoint), after checking it:
    /// counters not negative, a valid generator, and a best model state that fits the model.
    ///
    /// ```swift
    /// let saved = trainer.state   // ... more epochs, then back:
    /// try trainer.restore(saved)
    /// ```
    public func restore(_ state: State) throws(NNError) {
        guard state.epoch >= 0 && state.iteration >= 0 else {
            throw .invalidState("trainer state: epoch \(state.epoch) and iteration \(state.iteration) must not be negative")
        }
        guard state.generator.state.contains(where: { $0 != 0 }) else {
            throw .invalidState("trainer state: the generator state is all zeros, which no seeded generator reaches")
        }
        try checkFits(bestModelState: state.bestModelState)
        self.state = state
    }

    /// The iterations in one epoch over `count` samples (a last partial batch included, unless
    /// a shard's processes cannot all have a row of it).
    ///
    /// ```swift
    /// trainer.iterationsPerEpoch(310)   // 7 with batches of 50
    /// ```
    public func iterationsPerEpoch(_ count: Int) -> Int {
        DataLoader.batchCount(samples: count, batchSize: configuration.batchSize, shard: configuration.shard)
    }

    /// Trains until `epochs` more epochs have ended (an epoch stopped midway counts when it
    /// ends). Returns false when `callbacks.shouldStop` stopped it first. Throws
    /// `TrainingError.nonFiniteLoss` or `.nonFiniteGradient` when a batch's loss or a gradient
    /// is NaN or infinite; the step that produced it is not taken, so the model keeps the last
    /// finite parameters and `state` the last complete step.
    ///
    /// ```swift
    /// try trainer.fit(epochs: 5, train: splits.train, validation: splits.validation)
    /// ```
    @discardableResult
    public func fit(epochs: Int, train: Dataset, validation: Dataset) throws(TrainingError) -> Bool {
        check(train.count > 0, "Trainer.fit: the training set is empty")
        let loader = DataLoader(train, batchSize: configuration.batchSize, shuffle: true, seed: configuration.seed,
                                shard: configuration.shard)
        let completed = try runEpochs(epochs, batchCount: loader.batchCount, batches: loader.epoch) { b, batch in
            // A shard's rows get the draws of their rows in the whole batch (shards are equal).
            let offset = (configuration.shard?.rank ?? 0) * batch.count
            let images = batchTransform?(batch.images, BatchPosition(epoch: state.epoch, index: b, offset: offset)) ?? batch.images
            return { self.loss(self.model(Variable(constant: Tensor<Scalar>(images))), batch.labels) }
        } evaluate: {
            evaluateEpoch(train: train, validation: validation)
        }
        guard completed else { return false }
        if configuration.restoreBest && !state.bestModelState.isEmpty {
            // The best state was taken from this model, so every path and shape fits.
            try! model.load(state.bestModelState)
        }
        return true
    }

    /// Throws `.nonFiniteState` when a parameter or a buffer (batch norm's running statistics)
    /// holds NaN or infinity, which finite losses and gradients do not rule out; a checkpoint
    /// of such a model would be refused when loaded.
    ///
    /// ```swift
    /// try trainer.checkFiniteState()
    /// ```
    public func checkFiniteState() throws(TrainingError) {
        try checkFiniteModel()
    }

    /// Records the epoch's accuracies and remembers the best parameters; returns the validation
    /// accuracy (the training one without a validation set), for a plateau schedule.
    private func evaluateEpoch(train: Dataset, validation: Dataset) -> Double {
        let subset = Array(state.generator.permutation(train.count).prefix(configuration.trainAccuracySamples))
        let trainAccuracy = score(model, train.subset(subset))
        let validationAccuracy = validation.count > 0 ? score(model, validation) : 0
        state.history.trainAccuracy.append(trainAccuracy)
        state.history.validationAccuracy.append(validationAccuracy)
        if validationAccuracy > state.bestValidationAccuracy {
            state.bestValidationAccuracy = validationAccuracy
            state.bestModelState = model.state
        }
        return validation.count > 0 ? validationAccuracy : trainAccuracy
    }
}

extension Trainer: EpochLoop {
    var stepLosses: [Double] { state.history.loss }

    func recordStep(loss: Double, learningRate: Double) {
        state.iteration += 1
        state.history.loss.append(loss)
        state.history.learningRate.append(learningRate)
    }

    func recordEpochEnd() { state.epoch += 1 }
}

/// Why training stopped early.
///
/// ```swift
/// do { try trainer.fit(epochs: 5, train: train, validation: splits.validation) } catch { print(error) }
/// // epoch 1, step 3 (iteration 3): the loss is non-finite (nan); lower the learning rate
/// ```
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A batch's loss was NaN or infinite.
    case nonFiniteLoss(epoch: Int, step: Int, iteration: Int, value: Double)
    /// A parameter's gradient held NaN or infinity.
    case nonFiniteGradient(epoch: Int, step: Int, iteration: Int, parameter: String)
    /// With `detectAnomalies`, a primitive made a NaN or infinity (`description` names it and its line).
    case anomaly(epoch: Int, step: Int, iteration: Int, description: String)
    /// The `callbacks.atEpochEnd` refused the epoch (in data-parallel training: the processes disagree).
    case epochEnd(epoch: Int, description: String)
    /// A step's loss passed `Configuration.divergenceFactor` times the first epoch's mean.
    case diverged(epoch: Int, step: Int, iteration: Int, loss: Double, firstEpochLoss: Double, factor: Double)
    /// A parameter or buffer held NaN or infinity after `iteration` steps.
    case nonFiniteState(epoch: Int, iteration: Int, name: String)

    /// The message printed for the error: where training stopped and what to do.
    ///
    /// ```swift
    /// print(TrainingError.epochEnd(epoch: 2, description: "checksums differ"))   // end of epoch 2: checksums differ
    /// ```
    public var description: String {
        switch self {
        case let .nonFiniteLoss(epoch, step, iteration, value):
            return "epoch \(epoch), step \(step) (iteration \(iteration)): the loss is non-finite (\(value)); lower the learning rate"
        case let .nonFiniteGradient(epoch, step, iteration, parameter):
            return "epoch \(epoch), step \(step) (iteration \(iteration)): the gradient of \(parameter) is non-finite (NaN or infinite); lower the learning rate"
        case let .anomaly(epoch, step, iteration, description):
            return "epoch \(epoch), step \(step) (iteration \(iteration)): a non-finite value: \(description)"
        case let .epochEnd(epoch, description):
            return "end of epoch \(epoch): \(description)"
        case let .diverged(epoch, step, iteration, loss, first, factor):
            return "epoch \(epoch), step \(step) (iteration \(iteration)): the run diverged: the loss \(String(format: "%.4g", loss)) is over \(String(format: "%g", factor)) times the first epoch's mean \(String(format: "%.4g", first)); lower the learning rate"
        case let .nonFiniteState(epoch, iteration, name):
            return "after epoch \(epoch) (iteration \(iteration)): \(name) holds NaN or infinity; lower the learning rate"
        }
    }
}
