import Foundation
import Testing
@testable import AdjointNN

// The Solver loop on a small linearly separable problem (Float): learning, histories,
// learning-rate schedules and keeping the best parameters.

@Suite struct TrainerBehaviour {
    /// Three Gaussian blobs in 4-D, far apart: linearly separable.
    static func blobs(count: Int, seed: UInt64) -> (x: Tensor<Float>, y: [Int]) {
        var rng = SeededGenerator(seed: seed)
        let centres: [[Float]] = [[3, 0, 0, 1], [-3, 3, 0, -1], [0, -3, 3, 0]]
        let y = (0..<count).map { _ in rng.nextInt(below: 3) }
        let noise = Tensor<Float>.randn([count, 4], std: 0.5, using: &rng)
        return (noise + Tensor(y.flatMap { centres[$0] }, shape: [count, 4]), y)
    }

    static let train = blobs(count: 310, seed: 1)
    static let validation = blobs(count: 90, seed: 2)

    static func trainer(_ learningRate: Float = 1e-2, schedule: LearningRateSchedule = .constant,
                        restoreBest: Bool = true) -> Trainer<Float> {
        let net = TwoLayerNet<Float>(inputSize: 4, hiddenSize: 16, classes: 3, weightScale: 0.1, seed: 3)
        return Trainer(model: net, optimizer: Adam(net.parameters, learningRate: learningRate),
                       configuration: .init(batchSize: 50, schedule: schedule, trainAccuracySamples: 200, restoreBest: restoreBest))
    }

    @Test func learnsASeparableProblem() {
        let trainer = Self.trainer()
        trainer.fit(epochs: 5, train: Self.train, validation: Self.validation)
        let history = trainer.history
        let lastEpochLoss = history.loss.suffix(7).reduce(0, +) / 7
        print("trainer: first loss \(history.loss[0]), last epoch mean \(lastEpochLoss), validation \(history.validationAccuracy), train \(history.trainAccuracy)")
        #expect(history.loss[0] > 1.0)
        #expect(lastEpochLoss < 0.3 * history.loss[0])
        #expect(history.validationAccuracy.last! > 0.95)
        #expect(history.trainAccuracy.last! > 0.95)
    }

    @Test func historyLengths() {
        let trainer = Self.trainer()
        // 310 samples in batches of 50: six full batches and a partial one.
        #expect(trainer.iterationsPerEpoch(310) == 7)
        trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        trainer.fit(epochs: 1, train: Self.train, validation: Self.validation)
        #expect(trainer.epoch == 3 && trainer.iteration == 21)
        #expect(trainer.history.loss.count == 21)
        #expect(trainer.history.learningRate.count == 21)
        #expect(trainer.history.trainAccuracy.count == 3)
        #expect(trainer.history.validationAccuracy.count == 3)
    }

    @Test func perEpochDecay() {
        let trainer = Self.trainer(0.01, schedule: .perEpoch(0.5))
        trainer.fit(epochs: 3, train: Self.train, validation: Self.validation)
        let expected = (0..<21).map { Double(Float(0.01)) * pow(0.5, Double($0 / 7)) }
        let error = relativeError(Tensor(trainer.history.learningRate), Tensor(expected))
        print("perEpoch schedule: final lr \(trainer.optimizer.learningRate), history error \(error)")
        #expect(error < 1e-6)
        #expect(abs(trainer.optimizer.learningRate - 0.01 / 8) < 1e-9)
    }

    @Test func everyIterationsDecay() {
        let trainer = Self.trainer(0.01, schedule: .everyIterations(4, factor: 0.1))
        trainer.fit(epochs: 2, train: Self.train, validation: Self.validation)
        // Recorded before the decay that follows iterations 4, 8, 12.
        let expected = (0..<14).map { 0.01 * pow(0.1, Double($0 / 4)) }
        let error = relativeError(Tensor(trainer.history.learningRate), Tensor(expected))
        print("everyIterations schedule: final lr \(trainer.optimizer.learningRate), history error \(error)")
        #expect(error < 1e-5)
        #expect(abs(trainer.optimizer.learningRate / 1e-5 - 1) < 1e-5)
    }

    /// Validation labels shifted by one class: the better the model learns, the worse its
    /// validation accuracy, so the best epoch comes early and must be the one kept.
    @Test(arguments: [true, false])
    func bestParametersAreRestored(restoreBest: Bool) throws {
        let trainer = Self.trainer(3e-3, restoreBest: restoreBest)
        var snapshots: [Tensor<Float>] = []
        trainer.onEpoch = { _, _ in snapshots.append(flatParameters(trainer.model)) }
        let shifted = (x: Self.validation.x, y: Self.validation.y.map { ($0 + 1) % 3 })
        trainer.fit(epochs: 4, train: Self.train, validation: shifted)
        let accuracies = trainer.history.validationAccuracy
        let best = try #require(accuracies.indices.max { accuracies[$0] < accuracies[$1] || (accuracies[$0] == accuracies[$1] && $0 > $1) })
        print("restoreBest \(restoreBest): validation accuracy per epoch \(accuracies), best epoch \(best + 1)")
        try #require(best < 3, "the construction needs the best epoch before the last")
        #expect(trainer.bestValidationAccuracy == accuracies[best])
        #expect(snapshots[best] != snapshots[3])
        let final = flatParameters(trainer.model)
        #expect(final == (restoreBest ? snapshots[best] : snapshots[3]))
        for (name, value) in trainer.bestState where restoreBest {
            let current = try trainer.model.parameter(named: name).value
            #expect(current == value, "\(name)")
        }
    }
}
