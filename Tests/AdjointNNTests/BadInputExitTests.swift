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
            _ = Linear<Double>(12, 3, name: "fc", rng: &rng)(Tensor<Double>.zeros([2, 3, 5]))
        }
        #expect(Self.standardError(result).contains("Linear: input of shape [2, 3, 5] has 15 features, the layer expects 12"))
    }
}
