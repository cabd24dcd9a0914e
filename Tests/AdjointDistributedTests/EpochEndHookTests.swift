import AdjointDistributed
import Testing

// The trainer's epoch-end hook, where data-parallel training syncs buffers and compares
// checksums: it runs once per epoch before the evaluation, and its error stops fit.

@Suite struct EpochEndHookTests {
    struct Disagreement: Error, CustomStringConvertible {
        var description: String { "rank 1 disagrees" }
    }

    static func trainer() -> Trainer<Float> {
        let net = Linear<Float>(1, 2)
        return Trainer(model: net, optimizer: SGD(net.parameters, learningRate: 0.1), configuration: .init(batchSize: 10))
    }

    @Test func itRunsOnceAnEpochBeforeTheEvaluation() throws {
        let trainer = Self.trainer()
        var calls: [(epoch: Int, evaluated: Int)] = []
        trainer.callbacks.atEpochEnd = { calls.append((trainer.epoch, trainer.history.validationAccuracy.count)) }
        let data = DataShardTests.numbered(30)
        try trainer.fit(epochs: 2, train: data, validation: data)
        #expect(calls.map(\.epoch) == [1, 2])
        #expect(calls.map(\.evaluated) == [0, 1])
    }

    @Test func itsErrorStopsTheRun() {
        let trainer = Self.trainer()
        trainer.callbacks.atEpochEnd = { throw Disagreement() }
        let data = DataShardTests.numbered(30)
        #expect(throws: TrainingError.epochEnd(epoch: 1, description: "rank 1 disagrees")) {
            try trainer.fit(epochs: 3, train: data, validation: data)
        }
        #expect(trainer.epoch == 1 && trainer.history.validationAccuracy.isEmpty)
        #expect("\(TrainingError.epochEnd(epoch: 1, description: "rank 1 disagrees"))" == "end of epoch 1: rank 1 disagrees")
    }
}
