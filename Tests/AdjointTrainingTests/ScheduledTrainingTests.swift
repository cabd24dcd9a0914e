import Foundation
import Testing
@testable import AdjointTraining

/// Trainers stepping a `LearningRateScheduler`: the rates it sets are the scheduler's stepped by
/// hand, and a run checkpointed midway (at an epoch's end, or within an epoch) and resumed into
/// fresh objects continues with the same rates and parameters as one run straight through.
@Suite struct ScheduledTrainingTests {
    let train: Dataset, validation: Dataset

    init() {
        var rng = SeededGenerator(seed: 21)
        let classes = (0..<3).map(String.init)
        let x = Tensor<Float>.randn([96, 6], using: &rng)
        let y = (0..<96).map { _ in rng.nextInt(below: 3) }
        let xVal = Tensor<Float>.randn([30, 6], using: &rng)
        let yVal = (0..<30).map { _ in rng.nextInt(below: 3) }
        train = Dataset(images: x, labels: y, classNames: classes)
        validation = Dataset(images: xVal, labels: yVal, classNames: classes)
    }

    /// The schedules checked: a plateau on the validation accuracy, warm restarts, a warm-up
    /// then cosine and one cycle (of the rate and the momentum, 30 steps) stepped per iteration,
    /// a step decay per epoch.
    static let schedules: [String: LearningRateSchedule<Float>] = [
        "plateau": .scheduler(per: .epoch) { ReduceLROnPlateau(optimizer: $0, mode: .max, factor: 0.5, patience: 0) },
        "restarts": .scheduler(per: .iteration) { CosineAnnealingWarmRestarts(optimizer: $0, t0: 3, tMult: 2, etaMin: 1e-3) },
        "warm cosine": .scheduler(per: .iteration) { optimizer in
            SequentialLR(optimizer: optimizer, schedulers: [LinearLR(optimizer: optimizer, startFactor: 0.1, totalIters: 5),
                                                            CosineAnnealingLR(optimizer: optimizer, tMax: 20)],
                         milestones: [5])
        },
        "step": .scheduler(per: .epoch) { StepLR(optimizer: $0, stepSize: 2, gamma: 0.5) },
        "one cycle": .scheduler(per: .iteration) { OneCycleLR(optimizer: $0, maxLR: 0.1, totalSteps: 30) },
    ]

    func makeRun(_ name: String) -> (FullyConnectedNet<Float>, Momentum<Float>, Trainer<Float>) {
        let model = FullyConnectedNet<Float>(hiddenSizes: [8], inputSize: 6, classes: 3, weightScale: 0.1, seed: 4)
        let optimizer = Momentum(model.parameters, learningRate: 0.05)
        optimizer.decoupledDecay = 1e-3   // the course's decay, which the trainer scales with the rate
        let trainer = Trainer(model: model, optimizer: optimizer,
                              configuration: .init(batchSize: 16, schedule: Self.schedules[name]!, trainAccuracySamples: 50,
                                                   restoreBest: false, seed: 6))
        return (model, optimizer, trainer)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("adjoint-\(UUID().uuidString).safetensors")
    }

    @Test(arguments: ["plateau", "restarts", "warm cosine", "step", "one cycle"], [6, 11])
    func resumingMidScheduleContinuesTheSameRates(name: String, stopAfter: Int) throws {
        let (straight, straightOptimizer, straightTrainer) = makeRun(name)
        try straightTrainer.fit(epochs: 5, train: train, validation: validation)
        #expect(Set(straightTrainer.history.learningRate).count > 1, "\(name): the rate changed")

        let (first, firstOptimizer, firstTrainer) = makeRun(name)
        firstTrainer.callbacks.shouldStop = { firstTrainer.iteration == stopAfter }
        try firstTrainer.fit(epochs: 5, train: train, validation: validation)
        #expect(firstTrainer.iteration == stopAfter)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: first, optimizer: firstOptimizer, trainer: firstTrainer, to: url)

        let (resumed, resumedOptimizer, resumedTrainer) = makeRun(name)
        try Checkpoint.load(from: url, into: resumed, optimizer: resumedOptimizer, trainer: resumedTrainer, trainingSamples: train.count)
        #expect(resumedTrainer.scheduler!.state == firstTrainer.scheduler!.state)
        #expect(resumedOptimizer.momentum == firstOptimizer.momentum, "\(name): the momentum the schedule had set")
        try resumedTrainer.fit(epochs: 5 - resumedTrainer.epoch, train: train, validation: validation)

        #expect(resumedTrainer.history == straightTrainer.history, "\(name)")
        #expect(resumedTrainer.scheduler!.state == straightTrainer.scheduler!.state, "\(name)")
        #expect(resumedOptimizer.state == straightOptimizer.state, "\(name)")
        #expect(resumedOptimizer.decoupledDecay == straightOptimizer.decoupledDecay, "\(name)")
        #expect(resumedOptimizer.momentum == straightOptimizer.momentum, "\(name)")
        #expect(resumed.state == straight.state, "\(name)")
    }

    /// The trainer steps a per-epoch scheduler at each epoch's last step and a per-iteration one
    /// after every step: its recorded rates are those of the same scheduler stepped by hand, and
    /// the weight decay follows the rate.
    @Test func trainerRatesAreTheSchedulersSteppedByHand() throws {
        let (_, optimizer, trainer) = makeRun("step")
        try trainer.fit(epochs: 5, train: train, validation: validation)
        let perEpoch = trainer.iterationsPerEpoch(train.count)
        let handOptimizer = SGD<Float>([Variable(Tensor<Float>.zeros([1]))], learningRate: 0.05)
        let hand = StepLR(optimizer: handOptimizer, stepSize: 2, gamma: 0.5)
        var expected: [Double] = []
        for _ in 0..<5 {
            expected += Array(repeating: Double(handOptimizer.learningRate), count: perEpoch)
            hand.step()
        }
        #expect(trainer.history.learningRate == expected)
        #expect(optimizer.learningRate == handOptimizer.learningRate)
        #expect(optimizer.decoupledDecay == 1e-3 * (optimizer.learningRate / 0.05))

        let (_, _, restarts) = makeRun("restarts")
        try restarts.fit(epochs: 2, train: train, validation: validation)
        let restartsOptimizer = SGD<Float>([Variable(Tensor<Float>.zeros([1]))], learningRate: 0.05)
        let handRestarts = CosineAnnealingWarmRestarts(optimizer: restartsOptimizer, t0: 3, tMult: 2, etaMin: 1e-3)
        var expectedRestarts: [Double] = []
        for _ in 0..<(2 * perEpoch) {
            expectedRestarts.append(Double(restartsOptimizer.learningRate))
            handRestarts.step()
        }
        #expect(restarts.history.learningRate == expectedRestarts)
    }

    /// A plateau schedule in the trainer steps once per epoch with the validation accuracy.
    @Test func plateauStepsOnTheValidationAccuracy() throws {
        let (_, _, trainer) = makeRun("plateau")
        try trainer.fit(epochs: 4, train: train, validation: validation)
        let handOptimizer = SGD<Float>([Variable(Tensor<Float>.zeros([1]))], learningRate: 0.05)
        let hand = ReduceLROnPlateau(optimizer: handOptimizer, mode: .max, factor: 0.5, patience: 0)
        for accuracy in trainer.history.validationAccuracy { hand.step(metric: accuracy) }
        #expect(trainer.scheduler!.state == hand.state)
        #expect(trainer.optimizer.learningRate == handOptimizer.learningRate)
    }

    /// `SupervisedTrainer` steps a plateau schedule once per epoch with the validation loss.
    @Test func supervisedPlateauStepsOnTheValidationLoss() throws {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor<Float>.randn([48, 2], using: &rng)
        let data = TensorDataset(inputs: x, targets: x.sum(alongAxes: [1], keepingDimensions: true) + Tensor<Float>.randn([48, 1], std: 0.5, using: &rng))
        let model = Linear<Float>(2, 1)
        let trainer = SupervisedTrainer(model: model, optimizer: SGD(model.parameters, learningRate: 0.3),
                                        loss: { mse($0, Variable(constant: $1)) },
                                        configuration: .init(batchSize: 16, schedule: .scheduler(per: .iteration) {
                                            ReduceLROnPlateau(optimizer: $0, factor: 0.5, patience: 1, threshold: 0.05)
                                        }, seed: 2))
        try trainer.fit(epochs: 6, train: data, validation: data)
        let handOptimizer = SGD<Float>([Variable(Tensor<Float>.zeros([1]))], learningRate: 0.3)
        let hand = ReduceLROnPlateau(optimizer: handOptimizer, factor: 0.5, patience: 1, threshold: 0.05)
        for loss in trainer.history.validationLoss { hand.step(metric: loss) }
        #expect(trainer.scheduler!.state == hand.state && hand.stepCount == 6)
        #expect(trainer.optimizer.learningRate == handOptimizer.learningRate && handOptimizer.learningRate < 0.3)
    }

    /// A hand-written loop saves its scheduler with the checkpoint and continues it after loading.
    @Test func handWrittenLoopCheckpointsItsScheduler() throws {
        func makeLoop() -> (Linear<Double>, SGD<Double>, LearningRateScheduler<Double>) {
            let model = Linear<Double>(2, 1)
            let optimizer = SGD(model.parameters, learningRate: 0.1)
            return (model, optimizer, CosineAnnealingWarmRestarts(optimizer: optimizer, t0: 2, tMult: 2))
        }
        let (_, straightOptimizer, straight) = makeLoop()
        for _ in 0..<9 { straight.step() }
        let (model, optimizer, scheduler) = makeLoop()
        for _ in 0..<4 { scheduler.step() }
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, scheduler: scheduler, to: url)
        let (resumedModel, resumedOptimizer, resumed) = makeLoop()
        try Checkpoint.load(from: url, into: resumedModel, optimizer: resumedOptimizer, scheduler: resumed)
        #expect(resumed.state == scheduler.state && resumedOptimizer.learningRate == optimizer.learningRate)
        for _ in 0..<5 { resumed.step() }
        #expect(resumed.state == straight.state && resumedOptimizer.learningRate == straightOptimizer.learningRate)

        // A checkpoint without a scheduler's state is refused for a scheduler, changing nothing.
        let bare = temporaryFile()
        defer { try? FileManager.default.removeItem(at: bare) }
        try Checkpoint.save(model: model, optimizer: optimizer, to: bare)
        let before = resumed.state
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: bare, into: resumedModel, optimizer: resumedOptimizer, scheduler: resumed) }
        #expect(resumed.state == before)
    }

    /// A checkpoint whose scheduler state is damaged or hostile is refused with a one-line
    /// error, and the model, optimiser and scheduler keep their states.
    @Test(arguments: [
        ("{", "is not a learning-rate scheduler state"),
        ("{\"name\":\"StepLR\",\"stepCount\":1,\"baseRates\":[0.1],\"lastRates\":[0.1],\"counters\":{},\"children\":[]}",
         "a \"StepLR\" state, the scheduler is a CosineAnnealingWarmRestarts"),
        ("{\"name\":\"CosineAnnealingWarmRestarts\",\"stepCount\":4611686018427387904,\"baseRates\":[0.1],\"lastRates\":[0.1],\"counters\":{\"cycleStep\":0,\"cycleLength\":2},\"children\":[]}",
         "step count 4611686018427387904 is not a count (an integer from 0 to 2^53)"),
        ("{\"name\":\"CosineAnnealingWarmRestarts\",\"stepCount\":3,\"baseRates\":[0.1],\"lastRates\":[0.1],\"counters\":{\"cycleStep\":0,\"cycleLength\":3},\"children\":[]}",
         "cycle step 0.0 of 3.0 does not fit t0 2 and tMult 2"),
    ])
    func damagedSchedulerStatesAreRefused(text: String, problem: String) throws {
        let model = Linear<Double>(2, 1)
        let optimizer = SGD(model.parameters, learningRate: 0.1)
        let scheduler = CosineAnnealingWarmRestarts(optimizer: optimizer, t0: 2, tMult: 2)
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, optimizer: optimizer, scheduler: scheduler, to: url)
        let file = try SafeTensors.read(from: url)
        var header = file.metadata
        header.removeValue(forKey: "checksums")
        header["scheduler.state"] = text
        try SafeTensors.write(file.tensors, metadata: header, checksums: true, to: url)
        scheduler.step()
        let before = (model.state, optimizer.state, scheduler.state)
        #expect { try Checkpoint.load(from: url, into: model, optimizer: optimizer, scheduler: scheduler) } throws: { error in
            "\(error)".hasSuffix(problem) && !"\(error)".contains("\n")
        }
        #expect(model.state == before.0 && optimizer.state == before.1 && scheduler.state == before.2)
    }
}
