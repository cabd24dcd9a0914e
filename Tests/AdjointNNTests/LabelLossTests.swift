import Testing
import Foundation
@testable import AdjointNN

// nll and the sequence form of softmax cross-entropy: values against loops over the log-softmax
// written out in Double, ignored positions out of the sum and of the mean's count, and tape
// gradients against centred differences.

@Suite struct LabelLosses {
    static let ignore = -100
    /// Two sequences of four tokens, the second padded at its end.
    static let labels = [[4, 0, 2, 1], [3, Self.ignore, 1, Self.ignore]]

    static func scores(seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return .randn([2, 4, 5], std: 2, using: &rng)
    }

    /// `-log softmax(row)[label]` from `log(sum(exp))`.
    static func crossEntropy(_ row: [Double], _ label: Int) -> Double {
        log(row.map(exp).reduce(0, +)) - row[label]
    }

    static func row(_ scores: Tensor<Double>, _ n: Int, _ t: Int) -> [Double] {
        (0..<scores.shape[2]).map { scores[n, t, $0] }
    }

    @Test func nllMatchesTheDefinition() {
        var rng = SeededGenerator(seed: 1)
        let logP = Tensor<Double>.randn([4, 3], using: &rng)
        let labels = [2, 0, 0, 1]
        let perRow = labels.enumerated().map { -logP[$0.offset, $0.element] }
        let x = Variable(constant: logP)
        #expect(nll(x, labels: labels, reduction: .none).value.scalars == perRow)
        #expect(abs(nll(x, labels: labels).value.scalar - perRow.reduce(0, +) / 4) < 1e-15)
        #expect(abs(nll(x, labels: labels, reduction: .sum).value.scalar - perRow.reduce(0, +)) < 1e-14)
        // Ignored rows add nothing and the mean is over the other three.
        let ignored = nll(x, labels: [2, 0, Self.ignore, 1], ignoreIndex: Self.ignore).value.scalar
        #expect(abs(ignored - (perRow[0] + perRow[1] + perRow[3]) / 3) < 1e-15)
    }

    @Test func nllOfLogSoftmaxIsSoftmaxCrossEntropy() {
        var rng = SeededGenerator(seed: 2)
        let x = Variable(constant: Tensor<Double>.randn([6, 4], using: &rng))
        let labels = [0, 3, 2, 2, 1, 0]
        #expect(nll(x.logSoftmax(alongAxis: -1), labels: labels).value.scalar
                == softmaxCrossEntropy(x, labels: labels).value.scalar)
    }

    @Test func sequenceCrossEntropyMatchesTheDefinition() {
        let scores = Self.scores(seed: 3)
        var perToken = [Double](), total = 0.0, counted = 0
        for n in 0..<2 {
            for t in 0..<4 {
                let label = Self.labels[n][t]
                let loss = label == Self.ignore ? 0 : Self.crossEntropy(Self.row(scores, n, t), label)
                perToken.append(loss)
                if label != Self.ignore { total += loss; counted += 1 }
            }
        }
        let x = Variable(constant: scores)
        let mean = softmaxCrossEntropy(x, labels: Self.labels, ignoreIndex: Self.ignore).value.scalar
        #expect(counted == 6)
        #expect(abs(mean - total / 6) < 1e-14)
        let sum = softmaxCrossEntropy(x, labels: Self.labels, ignoreIndex: Self.ignore, reduction: .sum).value.scalar
        #expect(abs(sum - total) < 1e-13)
        let none = softmaxCrossEntropy(x, labels: Self.labels, ignoreIndex: Self.ignore, reduction: .none).value
        #expect(none.shape == [2, 4])
        #expect(zip(none.scalars, perToken).allSatisfy { abs($0 - $1) < 1e-14 })
        // Flat labels in row-major order are the same loss.
        let flat = softmaxCrossEntropy(x, labels: Self.labels.flatMap { $0 }, ignoreIndex: Self.ignore).value.scalar
        #expect(flat == mean)
    }

    /// Without ignored tokens the sequence loss is the per-token loss of the `(N * T, C)` rows.
    @Test func sequenceWithoutIgnoredTokensIsTheFlatLoss() {
        let scores = Self.scores(seed: 4)
        let labels = [[4, 0, 2, 1], [3, 3, 1, 0]]
        let sequence = softmaxCrossEntropy(Variable(constant: scores), labels: labels).value.scalar
        let rows = softmaxCrossEntropy(Variable(constant: scores.reshaped([8, 5])), labels: labels.flatMap { $0 }).value.scalar
        #expect(abs(sequence - rows) < 1e-15)
    }

    @Test func ignoredTokensGetNoGradient() {
        let x = Variable(Self.scores(seed: 5))
        let loss = softmaxCrossEntropy(x, labels: Self.labels, ignoreIndex: Self.ignore)
        let grad = gradients(of: loss, wrt: [x])[0].value
        for (n, t) in [(1, 1), (1, 3)] {
            #expect((0..<5).allSatisfy { grad[n, t, $0] == 0 })
        }
        #expect((0..<5).contains { grad[0, 0, $0] != 0 })
    }

    @Test(arguments: [Reduction.mean, .sum, .none], [0.0, 0.1])
    func sequenceGradient(reduction: Reduction, labelSmoothing: Double) {
        let result = gradcheck({ softmaxCrossEntropy($0, labels: Self.labels, ignoreIndex: Self.ignore,
                                                     labelSmoothing: labelSmoothing, reduction: reduction) },
                               at: Self.scores(seed: 6), seed: 7)
        #expect(GradientComparison(result, names: ["scores"]).report("sequence cross-entropy \(reduction) e=\(labelSmoothing)") < 1e-7)
    }

    @Test(arguments: [Reduction.mean, .sum, .none])
    func nllGradient(reduction: Reduction) {
        let result = gradcheck({ nll($0.logSoftmax(alongAxis: -1), labels: [1, 4, Self.ignore, 0, 2, 2, Self.ignore, 3],
                                     ignoreIndex: Self.ignore, reduction: reduction) },
                               at: Self.scores(seed: 8).reshaped([8, 5]), seed: 9)
        #expect(GradientComparison(result, names: ["scores"]).report("nll \(reduction)") < 1e-7)
    }

    /// As in PyTorch: the mean over no positions is 0 / 0.
    @Test func everyPositionIgnoredGivesNaN() {
        let loss = nll(Variable(constant: Tensor<Double>.zeros([2, 3])), labels: [-1, -1], ignoreIndex: -1)
        #expect(loss.value.scalar.isNaN)
    }

    @Test func svmAndCrossEntropyPerRow() {
        var rng = SeededGenerator(seed: 10)
        let x = Variable(constant: Tensor<Double>.randn([5, 4], std: 2, using: &rng))
        let labels = [0, 3, 1, 1, 2]
        for loss in [{ svmLoss(x, labels: labels, reduction: $0) }, { softmaxCrossEntropy(x, labels: labels, reduction: $0) }]
            as [(Reduction) -> Variable<Double>] {
            let perRow = loss(.none).value
            #expect(perRow.shape == [5])
            #expect(abs(perRow.scalars.reduce(0, +) - loss(.sum).value.scalar) < 1e-13)
        }
    }
}
