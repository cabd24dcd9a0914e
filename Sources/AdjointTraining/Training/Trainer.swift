/// The assignments' Solver: minibatch training with a schedule, histories, and the best model.
///
/// Each epoch shuffles the training set with the trainer's own seeded generator, takes one
/// optimiser step per minibatch (recording the loss every iteration), decays the learning rate
/// as scheduled, then measures accuracy on a 1000-sample subset of the training set and on the
/// whole validation set. The parameters with the best validation accuracy are kept and put back
/// at the end. A trainer's whole state can be checkpointed, so an interrupted run resumes exactly.
///
/// ```swift
/// let trainer = Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-3),
///                       configuration: .init(batchSize: 100, schedule: .perEpoch(0.95)))
/// try trainer.fit(epochs: 10, train: (x, y), validation: (xVal, yVal))
/// print(trainer.history.validationAccuracy)
/// ```
public final class Trainer<Scalar: TensorScalar> {
    /// Settings that do not change during a run.
    ///
    /// ```swift
    /// let configuration = Trainer<Float>.Configuration(batchSize: 64, schedule: .perEpoch(0.9), seed: 1)
    /// ```
    public struct Configuration: Sendable {
        public var batchSize: Int
        public var schedule: LearningRateSchedule
        /// How many training samples the per-epoch training accuracy is measured on.
        public var trainAccuracySamples: Int
        /// Whether `fit` ends by restoring the parameters with the best validation accuracy.
        public var restoreBest: Bool
        /// The seed of the shuffling generator.
        public var seed: UInt64

        public init(batchSize: Int = 100, schedule: LearningRateSchedule = .constant,
                    trainAccuracySamples: Int = 1000, restoreBest: Bool = true, seed: UInt64 = 0) {
            self.batchSize = batchSize
            self.schedule = schedule
            self.trainAccuracySamples = trainAccuracySamples
            self.restoreBest = restoreBest
            self.seed = seed
        }
    }

    /// What a run recorded: the loss of every iteration and the accuracies of every epoch.
    ///
    /// ```swift
    /// print(trainer.history.validationAccuracy.max() ?? 0)
    /// ```
    public struct History: Sendable, Equatable, Codable {
        public var loss: [Double] = []
        public var trainAccuracy: [Double] = []
        public var validationAccuracy: [Double] = []
        public var learningRate: [Double] = []
    }

    /// Called after every optimiser step with the iteration (1-based) and its loss.
    public var onStep: ((_ iteration: Int, _ loss: Double) -> Void)?
    /// Called after every epoch with the epoch (1-based) and the history so far.
    public var onEpoch: ((_ epoch: Int, _ history: History) -> Void)?

    public let model: Classifier<Scalar>
    public let optimizer: Optimizer<Scalar>
    public let configuration: Configuration
    public internal(set) var history = History()
    /// Completed epochs and iterations (they continue across `fit` calls and checkpoints).
    public internal(set) var epoch = 0
    public internal(set) var iteration = 0
    /// The shuffling generator; part of the checkpointed state.
    public internal(set) var rng: SeededGenerator
    /// The best validation accuracy so far and the parameters (and buffers) that reached it.
    public internal(set) var bestValidationAccuracy = -1.0
    public internal(set) var bestState: [String: Tensor<Scalar>] = [:]

    public init(model: Classifier<Scalar>, optimizer: Optimizer<Scalar>, configuration: Configuration = .init()) {
        check(configuration.batchSize > 0, "Trainer: batch size must be positive, got \(configuration.batchSize)")
        self.model = model
        self.optimizer = optimizer
        self.configuration = configuration
        self.rng = SeededGenerator(seed: configuration.seed)
    }

    /// The iterations in one epoch over `count` samples (a last partial batch included).
    public func iterationsPerEpoch(_ count: Int) -> Int {
        (count + configuration.batchSize - 1) / configuration.batchSize
    }

    /// Trains `epochs` more epochs.
    public func fit(epochs: Int, train: (x: Tensor<Scalar>, y: [Int]), validation: (x: Tensor<Scalar>, y: [Int])) {
        check(train.x.shape[0] == train.y.count, "Trainer.fit: \(train.x.shape[0]) training samples but \(train.y.count) labels")
        check(validation.x.shape[0] == validation.y.count,
              "Trainer.fit: \(validation.x.shape[0]) validation samples but \(validation.y.count) labels")
        let count = train.y.count
        for _ in 0..<epochs {
            model.train()
            let order = rng.permutation(count)
            let batches = iterationsPerEpoch(count)
            for b in 0..<batches {
                let rows = Array(order[(b * configuration.batchSize)..<min((b + 1) * configuration.batchSize, count)])
                let x = Variable(constant: train.x.gatheringRows(rows))
                let loss = model.loss(x, labels: rows.map { train.y[$0] })
                model.zeroGrad()
                loss.backward()
                optimizer.step()
                iteration += 1
                history.loss.append(Double(loss.value.scalar))
                history.learningRate.append(Double(optimizer.learningRate))
                let factor = configuration.schedule.factor(afterIteration: iteration, endsEpoch: b == batches - 1)
                if factor != 1 { optimizer.learningRate *= Scalar(factor) }
                onStep?(iteration, Double(loss.value.scalar))
            }
            epoch += 1
            evaluateEpoch(train: train, validation: validation)
            onEpoch?(epoch, history)
        }
        if configuration.restoreBest && !bestState.isEmpty {
            for (name, value) in bestState { try! model.assign(value, to: name) }
        }
    }

    /// Records the epoch's accuracies and remembers the best parameters.
    private func evaluateEpoch(train: (x: Tensor<Scalar>, y: [Int]), validation: (x: Tensor<Scalar>, y: [Int])) {
        let subset = Array(rng.permutation(train.y.count).prefix(configuration.trainAccuracySamples))
        let trainAccuracy = accuracy(of: model, on: train.x.gatheringRows(subset), labels: subset.map { train.y[$0] })
        let validationAccuracy = accuracy(of: model, on: validation.x, labels: validation.y)
        history.trainAccuracy.append(trainAccuracy)
        history.validationAccuracy.append(validationAccuracy)
        if validationAccuracy > bestValidationAccuracy {
            bestValidationAccuracy = validationAccuracy
            bestState = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.variable.value) } + model.buffers)
        }
    }
}
