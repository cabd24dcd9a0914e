import Testing
@testable import AdjointTraining

// Predictions, accuracy and the confusion matrix on hand-made inputs.

@Suite struct Evaluation {
    static let scores = Tensor<Double>([0.1, 0.9, 0, 2, 1, 0, 0, 0, 5, 1, 3, 2, -1, -2, -0.5], shape: [5, 3])

    @Test func predictionsAreRowArgmaxesAcrossBatches() {
        let identity = ClosureModel<Double>(parameters: [:]) { $0 }
        #expect(identity.namedParameters.isEmpty)
        #expect(predictions(of: identity, on: Self.scores, batchSize: 2) == [1, 0, 2, 1, 2])
        #expect(accuracy(of: identity, on: Self.scores, labels: [1, 0, 1, 1, 0], batchSize: 3) == 0.6)
    }

    /// The data-set versions batch the images of a `Dataset` (Float) through a model of either
    /// scalar type.
    @Test func predictionsOnADataset() {
        let data = Dataset(images: Tensor<Float>(Self.scores), labels: [1, 0, 1, 1, 0], classNames: ["a", "b", "c"])
        let double = ClosureModel<Double>(parameters: [:]) { $0 }
        let float = ClosureModel<Float>(parameters: [:]) { $0 }
        #expect(predictions(of: double, on: data, batchSize: 2) == [1, 0, 2, 1, 2])
        #expect(predictions(of: float, on: data, batchSize: 4) == [1, 0, 2, 1, 2])
        #expect(accuracy(of: float, on: data) == 0.6)
        #expect(accuracy(of: double, on: data.subset(0..<2), batchSize: 1) == 1)
        // A model of shifted scores predicts the next class.
        let shift = Variable(Tensor<Float>([0, 0, 0]))
        let shifted = ClosureModel<Float>(parameters: ["shift": shift]) { x in x + shift }
        shift.value = Tensor([0, 0, 10])
        #expect(predictions(of: shifted, on: data) == [2, 2, 2, 2, 2])
    }

    /// Predictions run in evaluation mode (dropout off) and leave the mode as they found it.
    @Test func predictionsUseEvaluationMode() {
        let model = Sequential<Double>([Dropout(probability: 0.9, seed: 1)])
        let big = Tensor<Double>(Array(repeating: [0, 0, 1], count: 100).flatMap { $0 }, shape: [100, 3])
        #expect(predictions(of: model, on: big) == Array(repeating: 2, count: 100))
        #expect(model.isTraining)
        model.eval()
        _ = predictions(of: model, on: big)
        #expect(!model.isTraining)
    }

    @Test func mirrorImagesReversesTheWidthAxisOnly() {
        let x = Tensor<Float>((0..<24).map(Float.init), shape: [2, 2, 3, 2])
        let m = mirrorImages(x)
        #expect(m.shape == x.shape)
        for n in 0..<2 { for h in 0..<2 { for w in 0..<3 { for c in 0..<2 {
            #expect(m[n, h, w, c] == x[n, h, 2 - w, c])
        } } } }
        #expect(mirrorImages(m) == x)
        #expect(mirrorImages(Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [1, 1, 3, 2])).scalars == [5, 6, 3, 4, 1, 2])
    }

    /// A model that reads one pixel column: the mirror view sees the other end, and the
    /// averaged prediction is the argmax of the two views' summed scores.
    @Test func averagingMirrorsSumsTheScoresOfBothViews() {
        var rng = SeededGenerator(seed: 7)
        let images = Tensor<Double>.randn([9, 2, 4, 1], using: &rng)
        let w = Variable(Tensor<Double>.randn([8, 3], using: &rng))
        let model = ClosureModel<Double>(parameters: ["w": w]) { x in x.reshaped([-1, 8]).matmul(w) }
        let views = model(Variable(constant: images)).value + model(Variable(constant: mirrorImages(images))).value
        let averaged = predictions(of: model, on: images, batchSize: 4, averagingMirrors: true)
        #expect(averaged == views.argmax(alongAxis: 1))
        #expect(averaged != predictions(of: model, on: images))   // seed 7: the views disagree on some image
        let labels = averaged
        #expect(accuracy(of: model, on: images, labels: labels, averagingMirrors: true) == 1)
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
