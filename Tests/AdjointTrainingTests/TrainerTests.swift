import Foundation
import Testing
@testable import AdjointTraining

// The Solver loop on a small linearly separable problem (Float): learning, histories,
// learning-rate schedules, keeping the best parameters, the gradient hook and stopping on a
// non-finite loss.

/// Three Gaussian blobs in 4-D, far apart: linearly separable.
func blobs(count: Int, seed: UInt64) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    let centres: [[Float]] = [[3, 0, 0, 1], [-3, 3, 0, -1], [0, -3, 3, 0]]
    let y = (0..<count).map { _ in rng.nextInt(below: 3) }
    let noise = Tensor<Float>.randn([count, 4], std: 0.5, using: &rng)
    return Dataset(images: noise + Tensor(y.flatMap { centres[$0] }, shape: [count, 4]), labels: y,
                   classNames: (0..<3).map(String.init))
}

/// The values of every parameter, flattened and concatenated in order: for comparing models.
func flatParameters<S>(_ module: Module<S>) -> Tensor<S> {
    Tensor(module.parameters.flatMap(\.value.scalars))
}

@Suite struct TrainerBehaviour {
    static let train = blobs(count: 310, seed: 1)
    static let validation = blobs(count: 90, seed: 2)

    static func trainer(_ learningRate: Float = 1e-2, schedule: LearningRateSchedule<Float> = .constant,
                        restoreBest: Bool = true) -> Trainer<Float> {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        return Trainer(model: net, optimizer: Adam(net.parameters, learningRate: learningRate),
                       configuration: .init(batchSize: 50, schedule: schedule, trainAccuracySamples: 200, restoreBest: restoreBest))
    }

    @Test func learnsASeparableProblem() throws {
        let trainer = Self.trainer()
        try trainer.fit(epochs: 5, train: Self.train, validation: Self.validation)
        let history = trainer.history
        let lastEpochLoss = history.loss.suffix(7).reduce(0, +) / 7
        print("trainer: first loss \(history.loss[0]), last epoch mean \(lastEpochLoss), validation \(history.validationAccuracy), train \(history.trainAccuracy)")
        #expect(history.loss[0] > 1.0)
        #expect(lastEpochLoss < 0.3 * history.loss[0])
        #expect(history.validationAccuracy.last! > 0.95)
        #expect(history.trainAccuracy.last! > 0.95)
        #expect(accuracy(of: trainer.model, on: Self.validation) > 0.95)
    }

    /// Any module trains, here a linear classifier written as a closure over two variables.
    @Test func aClosureModelLearnsTheBlobs() throws {
        var rng = SeededGenerator(seed: 4)
        let w = Variable(Tensor<Float>.randn([4, 3], std: 0.01, using: &rng)), b = Variable(Tensor<Float>.zeros([3]))
        let model = ClosureModel(parameters: ["w": w, "b": b]) { x in x.matmul(w) + b }
        let before = accuracy(of: model, on: Self.validation)
        let trainer = Trainer(model: model, optimizer: SGD(model.parameters, learningRate: 0.1),
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200, seed: 1))
        try trainer.fit(epochs: 4, train: Self.train, validation: Self.validation)
        let after = accuracy(of: model, on: Self.validation)
        print("closure model: validation accuracy \(before) -> \(after), history \(trainer.history.validationAccuracy)")
        #expect(after > 0.95)
        #expect(after > before + 0.2)
        #expect(trainer.history.loss.last! < 0.5 * trainer.history.loss[0])
        // The trainer updated the closure's own variables.
        #expect(w.grad != nil)
        #expect(trainer.model.parameters[1] === w)
    }

    /// A loss other than the default: the hinge loss plus a weight penalty, as a closure.
    @Test func aCustomLossIsWhatIsMinimised() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        var seen: [Double] = []
        let trainer = Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-2),
                              loss: { scores, labels in
                                  let loss = svmLoss(scores, labels: labels) + halfL2Penalty(net.weights, reg: 1e-3)
                                  seen.append(Double(loss.value.scalar))
                                  return loss
                              },
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        try trainer.fit(epochs: 3, train: Self.train, validation: Self.validation)
        #expect(seen == trainer.history.loss)
        #expect(seen.count == 21)
        #expect(trainer.history.validationAccuracy.last! > 0.9)
    }

    /// A loss that grows past the factor times the first epoch's mean, though finite, ends the
    /// run at that step; without a factor it trains on.
    @Test func aGrowingFiniteLossEndsTheRun() throws {
        func run(_ factor: Double?) throws -> Trainer<Float> {
            let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
            var calls = 0
            // The loss times 1, 1, ... for the first epoch's 7 steps, then 10x more every step.
            let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0),
                                  loss: { scores, labels in
                                      calls += 1
                                      let growth = Float(pow(10, Double(max(0, calls - 7))))
                                      return softmaxCrossEntropy(scores, labels: labels) * growth
                                  },
                                  configuration: .init(batchSize: 50, trainAccuracySamples: 200, divergenceFactor: factor))
            try trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
            return trainer
        }
        let error = #expect(throws: TrainingError.self) { try run(1000) }
        guard case .diverged(let epoch, let step, let iteration, let loss, let first, let factor)? = error else {
            Issue.record("expected .diverged, got \(String(describing: error))")
            return
        }
        // Steps 8, 9, 10 have 10x, 100x, 1000x the loss; the fourth of epoch 2 passes 1000x.
        #expect(epoch == 2 && step == 4 && iteration == 11 && factor == 1000)
        #expect(loss > 1000 * first && loss < 20_000 * first)
        #expect(error?.description.contains("the run diverged") == true)
        #expect(try run(nil).epoch == 2)
    }

    /// A buffer that overflows (finite loss and gradients) ends the run at the epoch's end.
    @Test func aNonFiniteBufferEndsTheRun() throws {
        let net = FullyConnectedNet<Float>(hiddenSizes: [8], inputSize: 4, classes: 3, useBatchNorm: true, seed: 1)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0),
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        let buffer = try #require(net.state.keys.first { $0.contains("running") })
        var state = net.state
        state[buffer] = Tensor(repeating: .infinity, shape: state[buffer]!.shape)
        try net.load(state)
        #expect(throws: TrainingError.nonFiniteState(epoch: 1, iteration: 7, name: buffer)) {
            try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        }
    }

    @Test func historyLengths() throws {
        let trainer = Self.trainer()
        // 310 samples in batches of 50: six full batches and a partial one.
        #expect(trainer.iterationsPerEpoch(310) == 7)
        try trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        #expect(trainer.epoch == 3 && trainer.iteration == 21)
        #expect(trainer.state.epoch == 3 && trainer.state.iteration == 21)
        #expect(trainer.history.loss.count == 21)
        #expect(trainer.history.learningRate.count == 21)
        #expect(trainer.history.trainAccuracy.count == 3)
        #expect(trainer.history.validationAccuracy.count == 3)
        #expect(trainer.optimizer.stepCount == 21)
    }

    @Test func stepAndEpochCallbacks() throws {
        let trainer = Self.trainer()
        var steps: [Int] = [], losses: [Double] = [], epochs: [Int] = []
        trainer.callbacks.onStep = { iteration, loss in steps.append(iteration); losses.append(loss) }
        trainer.callbacks.onEpoch = { epoch, history in
            epochs.append(epoch)
            #expect(history.validationAccuracy.count == epoch)
        }
        try trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        #expect(steps == Array(1...14))
        #expect(losses == trainer.history.loss)
        #expect(epochs == [1, 2])
    }

    @Test func perEpochDecay() throws {
        let trainer = Self.trainer(0.01, schedule: .perEpoch(0.5))
        try trainer.fit(epochs: 3, train: Self.train, validation: Self.validation)
        let expected = (0..<21).map { Double(Float(0.01)) * pow(0.5, Double($0 / 7)) }
        let error = relativeError(Tensor(trainer.history.learningRate), Tensor(expected))
        print("perEpoch schedule: final lr \(trainer.optimizer.learningRate), history error \(error)")
        #expect(error < 1e-6)
        #expect(abs(trainer.optimizer.learningRate - 0.01 / 8) < 1e-9)
    }

    @Test func everyIterationsDecay() throws {
        let trainer = Self.trainer(0.01, schedule: .everyIterations(4, factor: 0.1))
        try trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        // Recorded before the decay that follows iterations 4, 8, 12.
        let expected = (0..<14).map { 0.01 * pow(0.1, Double($0 / 4)) }
        let error = relativeError(Tensor(trainer.history.learningRate), Tensor(expected))
        print("everyIterations schedule: final lr \(trainer.optimizer.learningRate), history error \(error)")
        #expect(error < 1e-5)
        #expect(abs(trainer.optimizer.learningRate / 1e-5 - 1) < 1e-5)
    }

    /// Half a cosine from the initial rate to 0 over 14 steps, set from the iteration (not
    /// multiplied), then 0; the course's decay keeps its ratio to the rate (PyTorch's lr x wd).
    @Test func cosineScheduleAndTheDecayThatFollowsIt() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        let optimizer = Adam(net.parameters, learningRate: 0.01)
        optimizer.decoupledDecay = 1e-4
        let trainer = Trainer(model: net, optimizer: optimizer,
                              configuration: .init(batchSize: 50, schedule: .cosine(iterations: 14), trainAccuracySamples: 200))
        var decays: [Double] = []
        trainer.callbacks.onStep = { _, _ in decays.append(Double(trainer.optimizer.decoupledDecay)) }
        try trainer.fit(epochs: 3, train: Self.train, validation: Self.validation)
        let base = Double(Float(0.01))
        // history.learningRate[i] is the rate step i + 1 used: the one set after step i.
        let expected = (0..<21).map { base * (1 + cos(Double.pi * min(Double($0) / 14, 1))) / 2 }
        let error = relativeError(Tensor(trainer.history.learningRate), Tensor(expected))
        print("cosine schedule: history error \(error), lr after step 7 \(trainer.history.learningRate[7])")
        #expect(error < 1e-6)
        #expect(abs(trainer.history.learningRate[7] - base / 2) < 1e-9)
        #expect(trainer.optimizer.learningRate == 0 && trainer.optimizer.decoupledDecay == 0)
        let ratios = zip(decays, trainer.history.learningRate.dropFirst()).prefix(13).map { $0 / $1 }
        #expect(ratios.allSatisfy { abs($0 / (Double(Float(1e-4)) / base) - 1) < 1e-5 })
    }

    /// With `averagingMirrors`, the per-epoch validation accuracy is the two-view one.
    @Test func epochAccuraciesCanAverageMirrors() throws {
        var rng = SeededGenerator(seed: 11)
        let images = Tensor<Float>.randn([40, 2, 4, 1], using: &rng)
        let data = Dataset(images: images, labels: (0..<40).map { _ in rng.nextInt(below: 3) }, classNames: ["a", "b", "c"])
        let net = TwoLayerNet<Float>(inputSize: 8, hiddenSize: 16, classes: 3, weightScale: 0.5, seed: 3)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0),
                              configuration: .init(batchSize: 20))
        trainer.score = { accuracy(of: $0, on: $1, averagingMirrors: true) }
        try trainer.fit(epochs: 1, train: data, validation: data)
        #expect(trainer.history.validationAccuracy == [accuracy(of: net, on: data, averagingMirrors: true)])
        #expect(accuracy(of: net, on: data, averagingMirrors: true) != accuracy(of: net, on: data))
    }

    @Test func theDecayStaysPutWithoutASchedule() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        let optimizer = SGD(net.parameters, learningRate: 0.01)
        optimizer.decoupledDecay = 1e-4
        let trainer = Trainer(model: net, optimizer: optimizer, configuration: .init(batchSize: 50))
        try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        #expect(trainer.optimizer.decoupledDecay == 1e-4)
    }

    /// Validation labels shifted by one class: the better the model learns, the worse its
    /// validation accuracy, so the best epoch comes early and must be the one kept.
    @Test(arguments: [true, false])
    func bestParametersAreRestored(restoreBest: Bool) throws {
        let trainer = Self.trainer(3e-3, restoreBest: restoreBest)
        var snapshots: [Tensor<Float>] = []
        trainer.callbacks.onEpoch = { _, _ in snapshots.append(flatParameters(trainer.model)) }
        let shifted = Dataset(images: Self.validation.images, labels: Self.validation.labels.map { ($0 + 1) % 3 },
                              classNames: Self.validation.classNames)
        try trainer.fit(epochs: 4, train: Self.train, validation: shifted)
        let accuracies = trainer.history.validationAccuracy
        let best = try #require(accuracies.indices.max { accuracies[$0] < accuracies[$1] || (accuracies[$0] == accuracies[$1] && $0 > $1) })
        print("restoreBest \(restoreBest): validation accuracy per epoch \(accuracies), best epoch \(best + 1)")
        try #require(best < 3, "the construction needs the best epoch before the last")
        #expect(trainer.state.bestValidationAccuracy == accuracies[best])
        #expect(snapshots[best] != snapshots[3])
        let final = flatParameters(trainer.model)
        #expect(final == (restoreBest ? snapshots[best] : snapshots[3]))
        let bestState = trainer.state.bestModelState
        #expect(Set(bestState.keys) == Set(trainer.model.state.keys))
        let current = trainer.model.state
        for (path, value) in bestState where restoreBest {
            #expect(current[path] == value, "\(path)")
        }
    }

    /// The hook sees the optimizer's parameters with their gradients, once per step, before the
    /// step: zeroing the gradients there means SGD changes nothing.
    @Test func aGradientHookThatZeroesGradientsFreezesTheModel() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        let before = flatParameters(net)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.5),
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        var calls = 0
        trainer.callbacks.afterBackward = { parameters in
            calls += 1
            #expect(parameters.count == 4 && zip(parameters, net.parameters).allSatisfy { $0 === $1 })
            #expect(parameters.allSatisfy { $0.grad != nil })
            for p in parameters { p.grad = .zeros(p.shape) }
        }
        try trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        #expect(calls == 14)
        #expect(calls == trainer.iteration)
        #expect(flatParameters(net) == before)
    }

    /// A non-finite gradient (here put there by the hook) stops training before the step, naming
    /// the parameter by path.
    @Test func aNonFiniteGradientStopsTrainingBeforeItsStep() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        let trainer = Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-2),
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        var steps = 0
        var lastGood = flatParameters(net)
        trainer.callbacks.onStep = { _, _ in lastGood = flatParameters(net) }
        trainer.callbacks.afterBackward = { parameters in
            steps += 1
            if steps == 3 { parameters[2].grad = parameters[2].grad! * Float.infinity }
        }
        #expect(throws: TrainingError.nonFiniteGradient(epoch: 1, step: 3, iteration: 3, parameter: "fc2.weight")) {
            try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        }
        #expect(trainer.iteration == 2 && trainer.optimizer.stepCount == 2 && trainer.history.loss.count == 2)
        #expect(flatParameters(net) == lastGood)
        #expect(TrainingError.nonFiniteGradient(epoch: 1, step: 3, iteration: 3, parameter: "fc2.weight").description
                == "epoch 1, step 3 (iteration 3): the gradient of fc2.weight is non-finite (NaN or infinite); lower the learning rate")
    }

    /// `shouldStop` ends `fit` after a step, mid-epoch; the next `fit` continues with the batch
    /// that would have come next, so the run ends exactly where an uninterrupted one does.
    @Test func aStoppedRunContinuesWhereItStopped() throws {
        let straight = Self.trainer(schedule: .perEpoch(0.8))
        #expect(try straight.fit(epochs: 3, train: Self.train, validation: Self.validation))

        let stopped = Self.trainer(schedule: .perEpoch(0.8))
        var asked = 0
        stopped.callbacks.shouldStop = { asked += 1; return asked == 10 }   // after iteration 10: step 3 of epoch 2
        #expect(try stopped.fit(epochs: 3, train: Self.train, validation: Self.validation) == false)
        #expect(stopped.iteration == 10 && stopped.epoch == 1)
        stopped.callbacks.shouldStop = nil
        // Three epochs in all: the one stopped midway counts when it ends.
        #expect(try stopped.fit(epochs: 2, train: Self.train, validation: Self.validation))
        #expect(stopped.iteration == 21 && stopped.epoch == 3)
        #expect(flatParameters(stopped.model) == flatParameters(straight.model))
        #expect(stopped.history == straight.history)
        #expect(stopped.optimizer.state == straight.optimizer.state)
    }

    /// A hook that clips the global gradient norm to 0.1 bounds every SGD step (lr 1) to 0.1.
    @Test func aGradientHookCanClipGradients() throws {
        func run(clip: Bool) throws -> [Double] {
            let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.5, seed: 3)
            let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 1),
                                  configuration: .init(batchSize: 50, trainAccuracySamples: 200))
            if clip { trainer.callbacks.afterBackward = { parameters in clipGradients(parameters, maxNorm: 0.1) } }
            var previous = flatParameters(net)
            var steps: [Double] = []
            trainer.callbacks.onStep = { _, _ in
                let current = flatParameters(net)
                steps.append(Double((current - previous).squared().sum().scalar.squareRoot()))
                previous = current
            }
            try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
            return steps
        }
        let clipped = try run(clip: true), free = try run(clip: false)
        print("largest SGD step: clipped \(clipped.max()!), unclipped \(free.max()!)")
        #expect(clipped.count == 7)
        #expect(clipped.allSatisfy { $0 <= 0.1 * (1 + 1e-4) })
        #expect(free.max()! > 0.2)
    }

    /// A NaN loss at iteration 10 (epoch 2, step 3) stops training before its step: the model
    /// keeps the parameters of iteration 9, all finite.
    @Test func aNonFiniteLossStopsTrainingBeforeItsStep() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        var calls = 0
        let trainer = Trainer(model: net, optimizer: Adam(net.parameters, learningRate: 1e-2),
                              loss: { scores, labels in
                                  calls += 1
                                  let loss = softmaxCrossEntropy(scores, labels: labels)
                                  return calls == 10 ? loss * Float.nan : loss
                              },
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        var lastGood = flatParameters(net)
        trainer.callbacks.onStep = { _, _ in lastGood = flatParameters(net) }
        do {
            try trainer.fit(epochs: 3, train: Self.train, validation: Self.validation)
            Issue.record("a NaN loss did not stop training")
        } catch {
            guard case let .nonFiniteLoss(epoch, step, iteration, value) = error else {
                Issue.record("expected nonFiniteLoss, got \(error)")
                return
            }
            #expect(epoch == 2 && step == 3 && iteration == 10)
            #expect(value.isNaN)
            #expect(error.description == "epoch 2, step 3 (iteration 10): the loss is non-finite (nan); lower the learning rate")
        }
        #expect(trainer.iteration == 9 && trainer.epoch == 1)
        #expect(trainer.history.loss.count == 9 && trainer.history.loss.allSatisfy { $0.isFinite })
        #expect(trainer.optimizer.stepCount == 9)
        #expect(flatParameters(net) == lastGood)
        #expect(flatParameters(net).scalars.allSatisfy { $0.isFinite })
    }

    /// An infinite loss is refused too, at the first step, with its value.
    @Test func anInfiniteLossIsRefusedToo() throws {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1),
                              loss: { scores, labels in softmaxCrossEntropy(scores, labels: labels) * Float.infinity },
                              configuration: .init(batchSize: 50, trainAccuracySamples: 200))
        let before = flatParameters(net)
        #expect(throws: TrainingError.nonFiniteLoss(epoch: 1, step: 1, iteration: 1, value: .infinity)) {
            try trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        }
        #expect(flatParameters(net) == before)
        #expect(trainer.history.loss.isEmpty)
    }

    @Test func stateRoundTripsAndRestoreRefusesWhatDoesNotFit() throws {
        let trained = Self.trainer()
        try trained.fit(epochs: 1, train: Self.train, validation: Self.validation)
        let saved = trained.state
        #expect(saved.epoch == 1 && saved.iteration == 7 && saved.history == trained.history)
        #expect(saved.bestValidationAccuracy == trained.history.validationAccuracy[0])
        #expect(saved.bestModelState.keys.sorted() == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"])

        let trainer = Self.trainer()
        let fresh = trainer.state
        #expect(fresh.epoch == 0 && fresh.iteration == 0 && fresh.bestValidationAccuracy == -1 && fresh.bestModelState.isEmpty)
        func refusal(_ change: (inout Trainer<Float>.State) -> Void) -> NNError? {
            var state = saved
            change(&state)
            return #expect(throws: NNError.self) { try trainer.restore(state) }
        }
        #expect(refusal { $0.epoch = -1 } == .invalidState("trainer state: epoch -1 and iteration 7 must not be negative"))
        #expect(refusal { $0.iteration = -2 } == .invalidState("trainer state: epoch 1 and iteration -2 must not be negative"))
        #expect(refusal { $0.generator.state = [0, 0, 0, 0] }
                == .invalidState("trainer state: the generator state is all zeros, which no seeded generator reaches"))
        #expect(refusal { $0.bestModelState["fc1.bias"] = .zeros([3]) } == .shapeMismatch("best/fc1.bias", expected: [16], got: [3]))
        #expect(refusal { $0.bestModelState["fc3.weight"] = .zeros([3]) }
                == .unknownParameter("best/fc3.weight", available: ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]))
        #expect(trainer.state == fresh)

        try trainer.restore(saved)
        #expect(trainer.state == saved)
        #expect(trainer.epoch == 1 && trainer.iteration == 7 && trainer.history == trained.history)
    }
}
