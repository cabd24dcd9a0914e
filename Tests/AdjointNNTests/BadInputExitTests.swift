import Testing
@testable import AdjointNN

// Programmer errors stop the process with a message naming what is wrong.

@Suite struct BadInputExits {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func wrongLabelCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(Variable(constant: Tensor<Double>.zeros([4, 5])), labels: [0, 1, 2])
        }
        let message = Self.standardError(result)
        #expect(message.contains("softmaxCrossEntropy: 3 labels for 4 score rows (shape [4, 5])"))
    }

    @Test func labelOutsideTheClassRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(Variable(constant: Tensor<Double>.zeros([3, 5])), labels: [0, 5, 1])
        }
        #expect(Self.standardError(result).contains("softmaxCrossEntropy: label 5 is outside the class range 0..<5"))
    }

    @Test func linearInputWithTheWrongFeatureCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Linear<Double>(12, 3, rng: &rng)(Tensor<Double>.zeros([2, 3, 5]))
        }
        #expect(Self.standardError(result).contains("Linear: input of shape [2, 3, 5] has 15 features, the layer expects 12"))
    }

    /// Batch norm takes any rank from 2 up, so only the last axis and a missing batch axis are refused.
    @Test(arguments: [[2, 3, 5], [4]])
    func batchNormInputWithoutTheFeaturesOnItsLastAxis(shape: [Int]) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [shape] in
            _ = BatchNorm<Double>(4)(Tensor<Double>.zeros(shape))
        }
        #expect(Self.standardError(result).contains("BatchNorm: input of shape \(shape) does not have 4 features on its last axis"))
    }

    /// Dropout's probabilities are programmer input: out of range, the layer stops the program
    /// with a message giving the convention and the value.
    @Test(arguments: [-0.1, 1.0, 1.5])
    func dropProbabilityOutsideRange(p: Double) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [p] in
            _ = Dropout<Double>(probability: p)
        }
        #expect(Self.standardError(result).contains("Dropout: drop probability must be in [0, 1), got \(p)"))
    }

    /// NaN is written into the exit test rather than captured: a captured value travels to the
    /// child process as JSON, which has no NaN.
    @Test func dropProbabilityNaN() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dropout<Double>(probability: .nan)
        }
        #expect(Self.standardError(result).contains("Dropout: drop probability must be in [0, 1), got nan"))
    }

    @Test(arguments: [-0.5, 1.01])
    func keepProbabilityOutsideRange(q: Double) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [q] in
            _ = Dropout<Double>(keepProbability: q)
        }
        #expect(Self.standardError(result).contains("Dropout: keep probability must be in [0, 1], got \(q)"))
    }

    @Test func nestedArrayRowsOfDifferentLengths() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>([[1, 2, 3], [4, 5]])
        }
        #expect(Self.standardError(result).contains("Tensor: rows of a nested array differ in length ([3, 2])"))
    }
}
