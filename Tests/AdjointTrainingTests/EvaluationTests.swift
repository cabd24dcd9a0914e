import Testing
@testable import AdjointNN

// Predictions, accuracy and the confusion matrix on hand-made inputs.

@Suite struct Evaluation {
    static let scores = Tensor<Double>([0.1, 0.9, 0, 2, 1, 0, 0, 0, 5, 1, 3, 2, -1, -2, -0.5], shape: [5, 3])

    @Test func predictionsAreRowArgmaxesAcrossBatches() {
        let identity = ClosureModel<Double>(parameters: []) { $0 }
        #expect(predictions(of: identity, on: Self.scores, batchSize: 2) == [1, 0, 2, 1, 2])
        #expect(accuracy(of: identity, on: Self.scores, labels: [1, 0, 1, 1, 0], batchSize: 3) == 0.6)
    }

    /// Predictions run in evaluation mode (dropout off) and leave the mode as they found it.
    @Test func predictionsUseEvaluationMode() throws {
        let model = Sequential<Double>([try Dropout(probability: 0.9, seed: 1)])
        let big = Tensor<Double>(Array(repeating: [0, 0, 1], count: 100).flatMap { $0 }, shape: [100, 3])
        #expect(predictions(of: model, on: big) == Array(repeating: 2, count: 100))
        #expect(model.isTraining)
        model.eval()
        _ = predictions(of: model, on: big)
        #expect(!model.isTraining)
    }

    @Test func accuracyOfLists() {
        #expect(accuracy([1, 0, 2, 1], [1, 0, 1, 1]) == 0.75)
        #expect(accuracy([], []) == 0)
    }

    @Test func confusionMatrixCountsTrueByPredicted() {
        #expect(confusionMatrix(predictions: [0, 1, 1], labels: [0, 1, 0], classes: 2) == [[1, 1], [0, 1]])
        let matrix = confusionMatrix(predictions: [2, 2, 0, 1, 2, 0], labels: [2, 1, 0, 1, 0, 0], classes: 3)
        #expect(matrix == [[2, 0, 1], [0, 1, 1], [0, 0, 1]])
        #expect(matrix.joined().reduce(0, +) == 6)
    }
}
