import Testing
import Foundation
@testable import AdjointNN

// Losses and weight penalties: tape gradients against centred differences (float64).

@Suite struct LossGradients {
    static let labels = [0, 3, 4, 1, 3, 2, 0]

    static func scores(seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return .randn([7, 5], std: 2, using: &rng)
    }

    @Test(arguments: [Reduction.mean, .sum])
    func softmaxCrossEntropyGradient(reduction: Reduction) {
        let result = gradcheck({ softmaxCrossEntropy($0, labels: Self.labels, reduction: reduction) },
                               at: Self.scores(seed: 1))
        #expect(GradientComparison(result, names: ["scores"]).report("softmaxCrossEntropy \(reduction)") < 1e-7)
    }

    @Test(arguments: [Reduction.mean, .sum])
    func labelSmoothingGradient(reduction: Reduction) {
        let result = gradcheck({ softmaxCrossEntropy($0, labels: Self.labels, labelSmoothing: 0.1, reduction: reduction) },
                               at: Self.scores(seed: 5))
        #expect(GradientComparison(result, names: ["scores"]).report("label smoothing \(reduction)") < 1e-7)
    }

    /// PyTorch's definition, written out: the target is `1 - e` on the label plus `e / C` on
    /// every class, and the loss its cross-entropy with `log softmax`, from `log(sum(exp))`.
    @Test func labelSmoothingMatchesItsDefinition() {
        let scores = Self.scores(seed: 6)
        let (rows, classes, e) = (7, 5, 0.2)
        var total = 0.0
        for i in 0..<rows {
            let row = (0..<classes).map { scores[i, $0] }
            let logSumExp = log(row.map(exp).reduce(0, +))
            for j in 0..<classes {
                let target = (j == Self.labels[i] ? 1 - e : 0) + e / Double(classes)
                total -= target * (row[j] - logSumExp)
            }
        }
        let smoothed = softmaxCrossEntropy(Variable(constant: scores), labels: Self.labels, labelSmoothing: e).value.scalar
        #expect(abs(smoothed - total / Double(rows)) < 1e-13 * abs(total))
        let plain = softmaxCrossEntropy(Variable(constant: scores), labels: Self.labels).value.scalar
        let none = softmaxCrossEntropy(Variable(constant: scores), labels: Self.labels, labelSmoothing: 0).value.scalar
        #expect(plain == none && plain != smoothed)
    }

    @Test func sumIsNTimesMean() {
        let x = Variable(constant: Self.scores(seed: 2))
        let mean = softmaxCrossEntropy(x, labels: Self.labels).value.scalar
        let sum = softmaxCrossEntropy(x, labels: Self.labels, reduction: .sum).value.scalar
        #expect(abs(sum - 7 * mean) < 1e-12)
    }

    @Test func svm() {
        // Scores spread wide so no margin is within a probe's reach of its kink at 0.
        let result = gradcheck({ svmLoss($0, labels: Self.labels) }, at: Self.scores(seed: 3))
        #expect(GradientComparison(result, names: ["scores"]).report("svmLoss") < 1e-7)
    }

    @Test func svmValueMatchesDefinition() {
        let scores = Tensor<Double>([1, 2, 3, 0.5, 0, -1], shape: [2, 3])
        // Row 0, label 2: margins max(0, 1-3+1), max(0, 2-3+1) = 0, 0. Row 1, label 0:
        // max(0, 0-0.5+1) + max(0, -1-0.5+1) = 0.5. Mean 0.25.
        #expect(svmLoss(Variable(constant: scores), labels: [2, 0]).value.scalar == 0.25)
    }

    @Test func penalties() {
        var rng = SeededGenerator(seed: 4)
        let w = Tensor<Double>.randn([6, 4], using: &rng)
        let results = [
            "l2": gradcheck({ l2Penalty($0, lambda: 0.3) }, at: w),
            "halfL2": gradcheck({ halfL2Penalty($0, reg: 0.7) }, at: w),
            "l1": gradcheck({ l1Penalty($0, lambda: 0.2) }, at: w),
        ]
        for (name, result) in results {
            #expect(GradientComparison(result, names: ["w"]).report(name) < 1e-7)
        }
        // The closed forms of the three gradients.
        #expect(relativeError(results["l2"]!.tape[0], w * 0.6) < 1e-14)
        #expect(relativeError(results["halfL2"]!.tape[0], w * 0.7) < 1e-14)
        #expect(relativeError(results["l1"]!.tape[0], w.sign() * 0.2) < 1e-14)
    }
}
