import Testing
@testable import AdjointNN

// Shape mistakes in the losses and layers stop the process with a message naming the op and
// the shapes, where broadcasting would otherwise compute something else without a word.

@Suite struct LayerAndLossExits {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func mseWithTargetsOfAnotherShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mse(Variable(constant: Tensor<Double>.zeros([4, 1])), Variable(constant: Tensor<Double>.zeros([4])))
        }
        #expect(Self.standardError(result).contains("mse: predictions of shape [4, 1] and targets of shape [4] differ"))
    }

    @Test func residualBlockThatChangesTheShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Residual<Double>(Linear(3, 1, rng: &rng))(Tensor<Double>.zeros([2, 3]))
        }
        #expect(Self.standardError(result).contains("Residual: the block maps shape [2, 3] to [2, 1]"))
    }

    @Test func sequenceLabelsOfTheWrongLength() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(Variable(constant: Tensor<Double>.zeros([2, 3, 4])), labels: [[0, 1, 2], [0, 1]])
        }
        #expect(Self.standardError(result).contains("softmaxCrossEntropy: labels of 2 sequences of lengths [2, 3] do not fit (N, T, C) scores of shape [2, 3, 4]"))
    }
}
