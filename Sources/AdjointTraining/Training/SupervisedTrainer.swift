/// Minibatch training of a model on a `TensorDataset` of any inputs and targets, with the
/// caller's loss and metrics, like Keras's `fit` or a PyTorch Lightning `Trainer`: regression
/// on tensor targets, classification on labels `[Int]`, sequence models on `[[Int]]`.
///
/// It runs the same loop as the image `Trainer` (the schedule, `callbacks`, the divergence,
/// non-finite and anomaly checks, a run stopped midway continuing at its next batch). After
/// every epoch it records the epoch's mean training loss and, on a non-empty validation set,
/// the loss and every metric; the parameters with the lowest validation loss are kept and, with
/// `restoreBest`, put back at the end. Its `state`, with the model's and the optimiser's,
/// resumes a run exactly.
///
/// ```swift
/// let x = Tensor<Float>((0..<64).map { Float($0) / 64 }, shape: [64, 1])
/// let data = TensorDataset(inputs: x, targets: x * 3 + 1)
/// let model = Linear<Float>(1, 1)
/// let trainer = SupervisedTrainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.05),
///                                 loss: { output, targets in mse(output, Variable(constant: targets)) },
///                                 metrics: ["mae": { output, targets in Double(l1(output, Variable(constant: targets)).value.scalar) }],
///                                 configuration: .init(batchSize: 16))
/// try trainer.fit(epochs: 5, train: data, validation: data)
/// print(trainer.history.validationLoss, trainer.history.validationMetrics["mae"]!)
/// ```
public final class SupervisedTrainer<Scalar: TensorScalar, Inputs: Batchable, Targets: Batchable> {
    /// The loss of a batch from the model's output and the batch's targets.
    public typealias Loss = (_ output: Variable<Scalar>, _ targets: Targets) -> Variable<Scalar>
    /// A score of a batch from the model's output and the batch's targets (an accuracy, an
    /// error); `evaluate` averages it over a data set's samples.
    public typealias Metric = (_ output: Variable<Scalar>, _ targets: Targets) -> Double
    /// The image trainer's settings; `trainAccuracySamples` is the image trainer's only.
    public typealias Configuration = Trainer<Scalar>.Configuration
    /// What a caller hooks into the run.
    public typealias Callbacks = TrainingCallbacks<Scalar, History>

    /// The model being trained.
    public let model: Module<Scalar>
    /// The model's output for a batch's inputs (`model(Variable(constant: inputs))` for tensor inputs).
    public let forward: (Inputs) -> Variable<Scalar>
    /// The optimiser that takes every step; the schedule sets its learning rate.
    public let optimizer: Optimizer<Scalar>
    /// The loss every batch is trained on.
    public let loss: Loss
    /// The scores recorded for the validation set after every epoch, by name.
    public let metrics: [String: Metric]
    /// The settings the trainer was made with.
    public let configuration: Configuration
    /// What the caller hooks into the run: progress, stopping, the gradients, the epochs' ends.
    public var callbacks = Callbacks()
    /// Whether every step runs under `withAnomalyDetection` (see `Trainer.detectAnomalies`).
    public var detectAnomalies = false
    /// Everything besides the model and the optimiser that the run needs to continue.
    public private(set) var state: State
    /// The optimiser's rate as the schedule sets it.
    let rate: ScheduledRate<Scalar>
    /// The scheduler the configuration's schedule made on the optimiser (nil for the trainer's
    /// own decays); a plateau schedule steps on the validation loss.
    public var scheduler: LearningRateScheduler<Scalar>? { rate.scheduler }

    /// The history so far.
    public var history: History { state.history }
    /// Completed epochs.
    public var epoch: Int { state.epoch }
    /// Completed iterations.
    public var iteration: Int { state.iteration }

    /// A trainer of `model` on inputs that `forward` turns into the model's output (an
    /// embedding of token ids, say), with `optimizer`, `loss` and `metrics`.
    public init(model: Module<Scalar>, forward: @escaping (Inputs) -> Variable<Scalar>, optimizer: Optimizer<Scalar>,
                loss: @escaping Loss, metrics: [String: Metric] = [:], configuration: Configuration = .init()) {
        check(configuration.batchSize > 0, "SupervisedTrainer: batch size must be positive, got \(configuration.batchSize)")
        self.model = model
        self.forward = forward
        self.optimizer = optimizer
        rate = ScheduledRate(optimizer, schedule: configuration.schedule)
        self.loss = loss
        self.metrics = metrics
        self.configuration = configuration
        state = State(epoch: 0, iteration: 0, history: History(), bestValidationLoss: .infinity, bestModelState: [:])
    }

    /// Puts back a state taken from `state`, after checking it: counters not negative and a
    /// best model state that fits the model.
    public func restore(_ state: State) throws(NNError) {
        guard state.epoch >= 0 && state.iteration >= 0 else {
            throw .invalidState("trainer state: epoch \(state.epoch) and iteration \(state.iteration) must not be negative")
        }
        try checkFits(bestModelState: state.bestModelState)
        self.state = state
    }

    /// The iterations in one epoch over `count` samples.
    public func iterationsPerEpoch(_ count: Int) -> Int {
        DataLoader.batchCount(samples: count, batchSize: configuration.batchSize, shard: configuration.shard)
    }

    /// Trains until `epochs` more epochs have ended (an epoch stopped midway counts when it
    /// ends). Returns false when `callbacks.shouldStop` stopped it first; throws as
    /// `Trainer.fit` does when a loss or a gradient is not finite.
    @discardableResult
    public func fit(epochs: Int, train: TensorDataset<Inputs, Targets>,
                    validation: TensorDataset<Inputs, Targets>) throws(TrainingError) -> Bool {
        check(train.count > 0, "SupervisedTrainer.fit: the training set is empty")
        let loader = TensorDataLoader(train, batchSize: configuration.batchSize, shuffle: true, seed: configuration.seed,
                                      shard: configuration.shard)
        let completed = try runEpochs(epochs, batchCount: loader.batchCount, batches: loader.epoch) { _, batch in
            { self.loss(self.forward(batch.inputs), batch.targets) }
        } evaluate: {
            evaluateEpoch(batchCount: loader.batchCount, validation: validation)
        }
        guard completed else { return false }
        if configuration.restoreBest && !state.bestModelState.isEmpty {
            // The best state was taken from this model, so every path and shape fits.
            try! model.load(state.bestModelState)
        }
        return true
    }

    /// The loss and every metric on `data`, in evaluation mode and without gradients: each
    /// batch's value weighted by its samples, so a per-sample mean is exact.
    public func evaluate(_ data: TensorDataset<Inputs, Targets>) -> (loss: Double, metrics: [String: Double]) {
        check(data.count > 0, "SupervisedTrainer.evaluate: the data set is empty")
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var lossSum = 0.0
        var sums = metrics.mapValues { _ in 0.0 }
        withoutGradients {
            for batch in TensorDataLoader(data, batchSize: configuration.batchSize, shuffle: false).epoch(0) {
                let output = forward(batch.inputs)
                let samples = Double(batch.inputs.rowCount)
                lossSum += samples * Double(loss(output, batch.targets).value.scalar)
                for (name, metric) in metrics { sums[name, default: 0] += samples * metric(output, batch.targets) }
            }
        }
        return (lossSum / Double(data.count), sums.mapValues { $0 / Double(data.count) })
    }

    /// Records the ended epoch's mean training loss and the validation loss and metrics, and
    /// remembers the best parameters; returns the validation loss (the training loss without
    /// a validation set), for a plateau schedule.
    private func evaluateEpoch(batchCount: Int, validation: TensorDataset<Inputs, Targets>) -> Double {
        // The epoch's steps are the last `batchCount`: `runEpochs` keeps epochs whole.
        let epochLosses = state.history.loss.suffix(batchCount)
        let trainLoss = epochLosses.reduce(0, +) / Double(batchCount)
        state.history.trainLoss.append(trainLoss)
        guard validation.count > 0 else { return trainLoss }
        let result = evaluate(validation)
        state.history.validationLoss.append(result.loss)
        for (name, value) in result.metrics { state.history.validationMetrics[name, default: []].append(value) }
        if result.loss < state.bestValidationLoss {
            state.bestValidationLoss = result.loss
            state.bestModelState = model.state
        }
        return result.loss
    }
}

extension SupervisedTrainer where Inputs == Tensor<Scalar> {
    /// A trainer of `model` on tensor inputs, with `optimizer`, `loss` and `metrics`.
    public convenience init(model: Module<Scalar>, optimizer: Optimizer<Scalar>, loss: @escaping Loss,
                            metrics: [String: Metric] = [:], configuration: Configuration = .init()) {
        self.init(model: model, forward: { model(Variable(constant: $0)) }, optimizer: optimizer, loss: loss,
                  metrics: metrics, configuration: configuration)
    }
}

extension SupervisedTrainer: EpochLoop {
    var stepLosses: [Double] { state.history.loss }

    func recordStep(loss: Double, learningRate: Double) {
        state.iteration += 1
        state.history.loss.append(loss)
        state.history.learningRate.append(learningRate)
    }

    func recordEpochEnd() { state.epoch += 1 }
}
